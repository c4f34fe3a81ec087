"""What a reader of the demo would notice: the same story twice in a day, a picture that does
not match its story, tags from nowhere, an author without a face, English on the Ukrainian
edition."""

import inspect
import io
import re
from collections import Counter

import pytest
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from PIL import Image

from dateline.demo import pictures, stories, words
from dateline.demo.furnish import furnish
from dateline.demo.generator import generate
from dateline.demo.plan import Planner
from dateline.newsroom.models import Article, Author, Label, Section, Tag

LATIN = re.compile(r"[A-Za-z]")
# Names the Ukrainian press writes in Latin letters too.
LATIN_IN_UKRAINIAN = {"ISW", "G7", "F-16"}


@pytest.fixture
def month(db):
    """A month of the plan at the demo's daily rates (planned, not written)."""
    now = timezone.now().replace(second=0, microsecond=0)
    planner = Planner(1, furnish(), now)
    schedule = planner.schedule({"main": 40, "global": 20}, days=30)
    return planner, list(planner.published(schedule))


def test_no_edition_tells_a_template_twice_a_day(month):
    """Within one edition, no two stories of one day come from the same headline template
    (a Global translation counts for the Global edition's day)."""
    planner, items = month
    told = Counter((item.edition, planner.stories._day(item.published_at, item.edition),
                    item.story.template["en"]) for item in items)
    assert told.most_common(1)[0][1] == 1, told.most_common(3)


def test_no_headline_comes_twice_in_a_month(month):
    """An edition runs each headline once in the month: no "-2" slugs from repeats."""
    _planner, items = month
    for code in ("main", "global"):
        headlines = Counter(item.headline for item in items if item.edition == code)
        assert headlines.most_common(1)[0][1] == 1, headlines.most_common(3)
    assert [item.slug for item in items
            if item.slug != slugify(item.headline, allow_unicode=True)[:240]] == []


def test_tags_come_from_the_story(month):
    """A story's tags are its template's own, the places it names and its section's; a
    refinery strike is tagged with refineries and drones, not with whatever is common."""
    _planner, items = month
    for item in items:
        story = item.story
        allowed = stories.topic_tags(story.template, story.slots)
        names = [words.TAGS[index][0] for index in story.tags]
        assert names and set(names) <= set(allowed), (item.headline, names)
    refinery = next(item.story for item in items
                    if item.story.template["en"].startswith("Ukrainian drones hit oil refinery"))
    assert {words.TAGS[i][0] for i in refinery.tags} <= {"Refineries", "Drones", "War", "Russia"}


def test_every_tag_a_template_names_exists():
    """A template's tags are all in the tag list (none silently dropped)."""
    names = {en for en, _uk in words.TAGS}
    for templates in stories.TEMPLATES.values():
        for template in templates:
            assert set(template["tags"]) <= names, template["en"]
            assert template["picture"] in pictures.TOPICS, template["en"]
    assert all(set(tags) <= names for tags in words.SECTION_TAGS.values())


def test_pictures_match_their_story(month):
    """A story's picture is a variant of its template's topic, and the stories of one topic
    do not all show the same variant."""
    planner, items = month
    shown = Counter()
    for item in items:
        if item.story.image:
            topic, variant = item.story.image
            assert topic == item.story.template["picture"]
            assert 0 <= variant < pictures.VARIANTS
            shown[topic, variant] += 1
    assert {variant for (topic, variant) in shown if topic == "front"} == set(
        range(pictures.VARIANTS))
    sanctions = [item for item in items if item.story.image
                 and item.story.template["en"].startswith("EU approves")]
    assert all(item.story.image[0] == "capital" for item in sanctions)


def test_pictures_are_drawn_without_text():
    """The drawing functions take a topic and a variant (or a name, for a portrait), never a
    caption: nothing can be written into the pixels. The same arguments give the same
    picture; two topics give two different ones."""
    assert list(inspect.signature(pictures.draw).parameters) == ["topic", "variant", "seed"]
    assert list(inspect.signature(pictures.portrait).parameters) == ["key", "feminine", "seed"]
    front = pictures.draw("front", 0)
    assert front == pictures.draw("front", 0) != pictures.draw("parliament", 0)
    with Image.open(io.BytesIO(front)) as image:
        assert image.size == pictures.SIZE and image.format == "JPEG"
    with Image.open(io.BytesIO(pictures.portrait("Iryna Kovalchuk", True))) as image:
        assert image.size == pictures.PORTRAIT_SIZE


def test_every_topic_has_a_caption_in_each_language():
    """Each variant of each topic has an English caption and a Ukrainian one in Cyrillic."""
    for topic, spec in pictures.TOPICS.items():
        assert len(spec.captions) >= pictures.VARIANTS, topic
        for caption in spec.captions:
            assert caption.en and not LATIN.search(caption.uk), caption


def test_each_author_has_a_photo_and_a_bio_in_both_languages(db):
    """Every demo author has a portrait, an English role and bio, and a Ukrainian name, role
    and bio on the Ukrainian edition."""
    room = furnish()
    main = room.editions["main"]
    authors = list(Author.objects.named_in(main))
    assert len(authors) == len(words.STAFF) + len(words.COLUMNISTS)
    for author in authors:
        assert author.photo and author.photo.file
        assert LATIN.search(author.role) and LATIN.search(author.bio)
        for text in (author.shown_name, author.shown_role, author.shown_bio):
            assert text and not LATIN.search(text), (author.name, text)
    iryna = Author.objects.get(name="Iryna Kovalchuk")
    assert (iryna.name_in(main), iryna.role_in(main)) == ("Ірина Ковальчук", "Редакторка новин")
    assert iryna.role_in(room.editions["global"]) == "News editor"


def test_the_ukrainian_edition_shows_no_english(db):
    """On the Ukrainian edition, every name a reader sees around an article is Ukrainian:
    sections, labels, tags, authors, picture captions and credits."""
    generate(seed=4, days=2, per_day_main=20, per_day_global=8)
    main = Article.objects.filter(edition__code="main").first().edition
    texts = [*Section.objects.filter(edition=main).values_list("name", flat=True),
             *Label.objects.filter(edition=main).values_list("name", flat=True),
             *Tag.objects.filter(edition=main).exclude(name__in=LATIN_IN_UKRAINIAN)
             .values_list("name", flat=True)]
    articles = Article.objects.published().filter(edition=main, main_image__isnull=False)
    assert articles.exists()
    for caption, credit in articles.values_list("main_image_caption", "main_image_credit"):
        texts += [caption, credit]
    for author in Author.objects.named_in(main).filter(
            article_links__article__edition=main).distinct():
        texts += [author.shown_name, author.shown_role, author.shown_bio]
    assert [text for text in texts if not text or LATIN.search(text)] == []
    english = Article.objects.published().filter(edition__code="global",
                                                 main_image__isnull=False).first()
    assert english.main_image_credit == "Dateline / illustration"
    assert not re.search("[А-Яа-яІіЇїЄє]", english.main_image_caption)


def test_every_topic_illustrates_some_story():
    """Each picture topic is used by some template (none drawn for nothing)."""
    used = {t["picture"] for templates in stories.TEMPLATES.values() for t in templates}
    assert used == set(pictures.TOPICS)


def test_the_author_page_gives_role_and_bio_in_the_edition_language(db, client):
    """An author's page on the Ukrainian edition shows their Ukrainian role and bio, on the
    English edition their English ones, with their portrait on both."""
    generate(seed=4, days=2, per_day_main=30, per_day_global=15)
    author = (Author.objects.filter(article_links__article__edition__code="main",
                                    article_links__article__live=True)
              .filter(article_links__article__edition__code="global").first())
    main = Article.objects.filter(edition__code="main").first().edition
    named = Author.objects.named_in(main).get(pk=author.pk)
    uk = client.get(f"/author/{author.slug}/").content.decode()
    en = client.get(f"/global/author/{author.slug}/").content.decode()
    assert escape(named.shown_role) in uk and escape(named.shown_bio) in uk
    assert escape(author.role) not in uk
    assert escape(author.role) in en and escape(author.bio) in en
    assert uk.count("<img") >= 1 and en.count("<img") >= 1
