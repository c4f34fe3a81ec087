"""Parts of pages rendered once per change and shared by every process: the article
page's story and "Read also" (``site/stories.py``, ``site/read_also.py``), the home page's
front (``site/front.py``): what a change renders again, and that a page assembled from
them is the page rendered whole.

The page cache is off here, so that every request runs the view (a cold page).
"""

import time
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from dateline.newsroom import actions, edits
from dateline.newsroom.models import Article, ArticleTag, ArticleUpdate
from dateline.site import front, read_also, stories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_off")]


@pytest.fixture
def page_cache_off():
    with override_settings(DATELINE_PAGE_CACHE=False):
        yield


@pytest.fixture
def renders(monkeypatch):
    """The ids of the articles whose story was rendered, in order; and of those whose
    "Read also" was (``renders.read_also``)."""
    made = Rendered()
    render, render_cards = stories.render, read_also._render

    def story(request, edition, article_id, before=None):
        made.append(article_id)
        return render(request, edition, article_id, before)

    def cards(request, edition, story):
        made.read_also.append(story.pk)
        return render_cards(request, edition, story)

    monkeypatch.setattr(stories, "render", story)
    monkeypatch.setattr(read_also, "_render", cards)
    return made


class Rendered(list):
    def __init__(self):
        super().__init__()
        self.read_also = []

    def clear(self):
        super().clear()
        self.read_also.clear()


def _read(client, *articles):
    for article in articles:
        response = client.get(article.get_absolute_url())
        assert response.status_code == 200
    return response


def test_a_story_is_rendered_once_and_the_page_is_the_same_from_it(client, newsroom, renders):
    article = newsroom["global"]["articles"][0]  # translated, with "Read also" picked
    first = _read(client, article)
    second = _read(client, article)
    assert renders == [article.pk] and renders.read_also == [article.pk]
    assert second.content == first.content
    assert second.content.count(b'class="read-also"') == 1
    assert second.content.count(b'hreflang="uk"') >= 1


def test_a_page_from_fragments_reads_only_the_article_row(client, newsroom,
                                                         django_assert_num_queries):
    """The story, "Read also" and the latest news beside them are kept: what is left is
    finding the article by its address."""
    article = newsroom["global"]["articles"][3]
    _read(client, article)
    with django_assert_num_queries(1):
        _read(client, article)


def _update(world, editor):
    article = world["global"]["articles"][2]
    actions.EditArticleAction(article, edits.Changes(fields={"headline": "Toll revised"}),
                              user=editor, publish=True).execute()
    return [article], "Toll revised"


def _correct(world, editor):
    article = world["global"]["articles"][2]
    actions.AddUpdateNoteAction(article, text="An earlier version misnamed the town.",
                                kind=ArticleUpdate.Kind.CORRECTION, user=editor).execute()
    return [article], "An earlier version misnamed the town."


def _retract(world, editor):
    """The retracted article leaves the site; its translation's language switch names the
    edition's home instead."""
    original = world["main"]["articles"][0]
    article = Article.objects.get(pk=world["global"]["articles"][0].pk)  # as translated
    actions.RetractAction(article, note="The source withdrew the claim.", user=editor).execute()
    return [original], 'href="/global/" hreflang="en"'


def _new_caption(world, editor):
    """Every article of the small newsroom shows the same picture."""
    image = world["global"]["articles"][2].main_image
    image.caption = "Rescuers at dawn"
    image.save()
    shown = [a for a in Article.objects.filter(main_image=image) if a.main_image_caption == ""]
    return shown, "Rescuers at dawn"


def _renamed_tag(world, editor):
    """A tag's name is its edition's furniture: every story of the edition."""
    tag = world["global"]["tag"]
    tag.name = "Russian invasion"
    tag.save()
    return world["global"]["articles"], "Russian invasion"


@pytest.mark.parametrize("change", [_update, _correct, _retract, _new_caption, _renamed_tag])
def test_a_change_renders_again_every_story_that_shows_it_and_no_other(
        client, newsroom, chief, renders, change):
    everything = newsroom["global"]["articles"] + newsroom["main"]["articles"]
    _read(client, *everything)
    renders.clear()
    changed, text = change(newsroom, chief)
    for article in changed:
        assert text.encode() in _read(client, article).content
    _read(client, *Article.objects.published().filter(pk__in=[a.pk for a in everything]))
    assert sorted(renders) == sorted(article.pk for article in changed)


def test_a_publish_renders_read_also_again_and_no_story(client, newsroom, editor, renders):
    """A new article sharing the tag joins "Read also" of its edition's stories."""
    world = newsroom["global"]
    article = world["articles"][3]
    _read(client, article, newsroom["main"]["articles"][3])
    renders.clear()
    new = Article(edition=article.edition, headline="Drones over the port", lead="Lead",
                  section=world["section"], body=[("paragraph", "<p>Text</p>")])
    new.save()
    ArticleTag.objects.create(article=new, tag=world["tag"])
    new.save_revision()
    actions.PublishAction(new, user=editor).execute()
    page = _read(client, article)
    assert b"Drones over the port" in page.content.split(b'class="read-also"')[1]
    _read(client, newsroom["main"]["articles"][3])
    assert renders == [] and renders.read_also == [article.pk]


def test_a_story_is_good_until_a_translation_it_links_to_expires(client, newsroom, renders):
    """The language switch names the translation until it expires, then its edition's
    home: the story says so by itself, with no purge."""
    original, translation = newsroom["main"]["articles"][0], newsroom["global"]["articles"][0]
    expires = timezone.now() + timedelta(seconds=1)
    Article.objects.filter(pk=translation.pk).update(expire_at=expires)
    link = f'href="{translation.get_absolute_url()}"'.encode()
    assert link in _read(client, original).content
    assert link in _read(client, original).content
    assert renders == [original.pk]
    time.sleep(max(0.0, (expires - timezone.now()).total_seconds()) + 0.05)
    assert link not in _read(client, original).content
    assert renders == [original.pk, original.pk]


def test_the_home_page_renders_its_front_once_per_change(client, newsroom, chief, monkeypatch):
    rendered, render = [], front._render
    monkeypatch.setattr(front, "_render", lambda *args: rendered.append(1) or render(*args))
    first, second = client.get("/global/"), client.get("/global/")
    assert len(rendered) == 1 and first.content == second.content
    assert client.get("/").status_code == 200 and len(rendered) == 2  # the other edition's
    world = newsroom["global"]
    new = Article(edition=world["section"].edition, headline="Blackout in Odesa", lead="Lead",
                  section=world["section"], body=[("paragraph", "<p>Text</p>")])
    new.save()
    new.save_revision()
    actions.PublishAction(new, user=chief).execute()
    page = client.get("/global/").content
    assert len(rendered) == 3 and b"Blackout in Odesa" in page.split(b'<aside')[0]
    client.get("/")
    assert len(rendered) == 3


def test_a_list_page_renders_its_first_chunk_once_per_change(client, newsroom, chief,
                                                            monkeypatch):
    """Its list's key, its edition's furniture, and each article it shows: a list an article
    left is purged by the article's own key (``caching.keys``), so the chunk carries them."""
    from dateline.caching import keys, store
    from dateline.site import feed

    rendered, render = [], feed._render_first
    monkeypatch.setattr(feed, "_render_first", lambda *args: rendered.append(1) or render(*args))
    world = newsroom["global"]
    tag_page, other = f"/global/tag/{world['tag'].slug}/", f"/tag/{newsroom['main']['tag'].slug}/"
    first, second = client.get(tag_page), client.get(tag_page)
    assert len(rendered) == 1 and first.content == second.content
    client.get(other)
    assert len(rendered) == 2
    _update(newsroom, chief)
    assert b"Toll revised" in client.get(tag_page).content and len(rendered) == 3
    store.purge({keys.article(world["articles"][5].pk)})
    client.get(tag_page)
    client.get(other)
    assert len(rendered) == 4


def test_an_author_list_is_kept_apart_for_each_edition(client, newsroom):
    """An author writes for both editions under one key: each edition's page lists its own
    stories, in its own language."""
    columnist = newsroom["columnist"]
    pages = {code: client.get(f"{prefix}/author/{columnist.slug}/").content.decode()
             for code, prefix in (("global", "/global"), ("main", ""))}
    for code, other in (("global", "main"), ("main", "global")):
        column = newsroom[code]["articles"][1]  # the columnist's, in each edition
        assert column.get_absolute_url() in pages[code]
        assert newsroom[other]["articles"][1].get_absolute_url() not in pages[code]


def _every_page(newsroom):
    for code, prefix in (("main", ""), ("global", "/global")):
        world = newsroom[code]
        yield from (article.get_absolute_url() for article in world["articles"])
        yield from (f"{prefix}/", f"{prefix}/news/", f"{prefix}/section/{world['section'].slug}/",
                    f"{prefix}/tag/{world['tag'].slug}/", f"{prefix}/corrections/",
                    f"{prefix}/author/{newsroom['columnist'].slug}/",
                    f"{prefix}/author/{newsroom['reporter'].slug}/", f"{prefix}/search/?q=war",
                    f"{prefix}/{newsroom['now']:%Y/%m/%d}/")


def test_every_page_from_fragments_is_the_page_rendered_whole(client, newsroom, monkeypatch):
    """Every page type of both editions: rendered whole (no fragment kept), then assembled
    from fragments that other requests rendered."""
    from dateline.caching import fragments

    kept = fragments.kept
    monkeypatch.setattr(fragments, "kept", lambda name, key_names, render: render().value)
    whole = {path: client.get(path) for path in _every_page(newsroom)}
    monkeypatch.setattr(fragments, "kept", kept)
    for path in whole:
        client.get(path)
    for path, response in whole.items():
        assert response.status_code == 200, path
        assert client.get(path).content == response.content, path


def test_a_section_front_renders_its_lead_once_per_change(client, newsroom, chief, monkeypatch):
    from dateline.site import section_lead

    rendered, render = [], section_lead._render
    monkeypatch.setattr(section_lead, "_render",
                        lambda *args: rendered.append(1) or render(*args))
    world = newsroom["global"]
    page = f"/global/section/{world['section'].slug}/"
    first, second = client.get(page), client.get(page)
    assert len(rendered) == 1 and first.content == second.content
    new = Article(edition=world["section"].edition, headline="Sirens in Kharkiv", lead="Lead",
                  section=world["section"], body=[("paragraph", "<p>Text</p>")])
    new.save()
    new.save_revision()
    actions.PublishAction(new, user=chief).execute()
    lead = client.get(page).content.split(b'class="section-lead"')[1].split(b"</article>")[0]
    assert b"Sirens in Kharkiv" in lead and len(rendered) == 2
