"""The article editor's choosers (search, the article's edition, a tag made on the spot) and
what a new article starts with."""

import json
import re

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse

from dateline.newsroom.models import Article, Author, Section, Tag

from .desk import form_data, url

pytestmark = pytest.mark.django_db


def chooser(model, view="choose"):
    return reverse(f"wagtailsnippetchoosers_newsroom_{model}:{view}")


def names(html):
    """The names offered, in order (the links that choose them)."""
    return [re.sub(r"\s+", " ", name).strip() for name in re.findall(
        r'<a [^>]*data-chooser-modal-choice[^>]*>(.*?)</a>', html, re.S)]


def modal(response):
    assert response.status_code == 200, response.status_code
    return json.loads(response.content)


@pytest.fixture
def tags(global_edition, main_edition):
    for name in ("Greater Kyiv", "Kyiv", "Kyivstar", "Lviv", "Odesa"):
        Tag.objects.create(edition=global_edition, name=name)
    Tag.objects.create(edition=main_edition, name="Kyiv region")
    return global_edition, main_edition


def test_the_tag_chooser_searches_as_one_types_names_starting_with_it_first(client, reporter,
                                                                            tags):
    """Typing "kyi" narrows the tags to those containing it, those starting with it first:
    the one wanted is on the first page, not the seventh."""
    edition, _ = tags
    client.force_login(reporter)
    html = client.get(chooser("tag", "choose_results"),
                      {"q": "kyi", "edition": edition.pk}).content.decode()
    assert names(html) == ["Kyiv", "Kyivstar", "Greater Kyiv"]
    first = modal(client.get(chooser("tag"), {"edition": edition.pk}))["html"]
    assert 'id="id_q"' in first  # Wagtail's chooser searches on each keystroke in #id_q


def test_tag_and_section_choosers_offer_only_the_articles_edition(client, reporter, tags):
    """With the article's edition in the URL, only its tags and sections are offered, and
    searches and further pages keep to it; without it (or with nonsense) all are, each with
    its edition."""
    edition, other = tags
    Section.objects.create(edition=edition, name="World")
    Section.objects.create(edition=other, name="Світ")
    client.force_login(reporter)
    scoped = modal(client.get(chooser("tag"), {"edition": other.pk}))["html"]
    assert names(scoped) == ["Kyiv region"]
    assert f"edition={other.pk}" in scoped  # the search form's and create form's addresses
    html = client.get(chooser("section", "choose_results"), {"edition": edition.pk})
    assert names(html.content.decode()) == ["World"]
    for nonsense in ("", "abc", "999999", "1 OR 1=1"):
        everything = modal(client.get(chooser("tag"), {"edition": nonsense}))["html"]
        assert len(names(everything)) == 6
        assert "Dateline Global" in everything and "Дейтлайн" in everything


def test_the_author_chooser_searches(client, reporter):
    """The author chooser finds authors by any part of the name."""
    for name in ("Olena Kovalenko", "Ivan Kovalenko", "Petro Shevchenko"):
        Author.objects.create(name=name)
    client.force_login(reporter)
    html = client.get(chooser("author", "choose_results"), {"q": "kovalenko"}).content.decode()
    assert names(html) == ["Ivan Kovalenko", "Olena Kovalenko"]


def test_a_tag_is_created_from_the_chooser_in_the_articles_edition(client, reporter, tags):
    """The chooser's "Create tag" takes a name; the tag belongs to the edition forwarded
    from the article and is chosen at once."""
    edition, _ = tags
    client.force_login(reporter)
    first = modal(client.get(chooser("tag"), {"edition": edition.pk}))["html"]
    assert "Create tag" in first and 'name="name"' in first and 'name="edition"' not in first
    response = modal(client.post(f"{chooser('tag', 'create')}?edition={edition.pk}",
                                 {"name": "Kharkiv"}))
    tag = Tag.objects.get(name="Kharkiv")
    assert tag.edition == edition and tag.slug == "kharkiv"
    assert response["step"] == "chosen" and response["result"]["id"] == str(tag.pk)


def test_creating_a_tag_needs_an_edition_and_a_new_name(client, reporter, tags):
    """Without the article's edition, or with a name the edition already has, the form
    says so and nothing is made."""
    edition, _ = tags
    client.force_login(reporter)
    before = Tag.objects.count()
    for query, name, message in (("", "Kharkiv", "Choose the article"),
                                 (f"?edition={edition.pk}", "kyiv", "already a tag"),
                                 (f"?edition={edition.pk}", "", "This field is required")):
        response = modal(client.post(chooser("tag", "create") + query, {"name": name}))
        assert response["step"] == "reshow_creation_form"
        assert message in response["htmlFragment"]
    assert Tag.objects.count() == before


def test_only_those_who_may_add_tags_create_them(client, tags):
    """A desk user without the right to add tags gets no "Create" tab, and posting to it is
    refused."""
    edition, _ = tags
    user = User.objects.create_user("viewer")
    user.user_permissions.set(Permission.objects.filter(
        codename__in=["access_admin", "view_tag", "add_article", "view_article"]))
    client.force_login(user)
    assert "Create tag" not in modal(client.get(chooser("tag"), {"edition": edition.pk}))["html"]
    response = client.post(f"{chooser('tag', 'create')}?edition={edition.pk}",
                           {"name": "Kharkiv"})
    # Refused: the admin turns the refusal into a redirect to the dashboard with a message.
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert not Tag.objects.filter(name="Kharkiv").exists()


def test_the_editor_forwards_the_edition_to_the_tag_and_section_choosers(client, reporter,
                                                                        global_edition):
    """The article form's tag and section choosers carry the edition field as a linked
    field, and the "Add tags" button's factory is the one that forwards it."""
    client.force_login(reporter)
    html = client.get(url("add")).content.decode()
    assert html.count('&quot;linkedFields&quot;: {&quot;edition&quot;: &quot;#id_edition&quot;}'
                      ) + html.count('"linkedFields": {"edition": "#id_edition"}') >= 2
    assert "dateline.EditionLinkedChooser" in html
    assert "newsroom/js/edition-chooser.js" in html


def _initial(html, name):
    match = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', html)
    assert match, name
    value = re.search(r'value="([^"]*)"', match.group(0))
    return value.group(1) if value else ""


def test_a_new_article_names_its_author_and_starts_in_the_usual_edition(
        client, reporter, make_draft, global_edition, main_edition):
    """A reporter whose author record is linked to their account starts a new article with
    themselves as author, in the edition of their latest article; saving keeps both."""
    author = Author.objects.create(name="Rita Reporter", user=reporter)
    make_draft("Earlier story", edition=main_edition, owner=reporter)
    client.force_login(reporter)
    html = client.get(url("add")).content.decode()
    assert _initial(html, "author_links-TOTAL_FORMS") == "1"
    assert _initial(html, "author_links-INITIAL_FORMS") == "0"
    assert _initial(html, "author_links-0-author") == str(author.pk)
    assert _initial(html, "edition") == str(main_edition.pk)
    data = form_data(client, url("add"), headline="Zqnew story")
    assert client.post(url("add"), data).status_code == 302
    article = Article.objects.get(headline="Zqnew story")
    assert article.edition == main_edition and article.ordered_authors() == [author]


def test_without_an_author_record_or_articles_the_defaults_are_empty_and_main(
        client, editor, main_edition, global_edition):
    """An editor with no author record starts with no author, in the main edition; the
    language asked for in the address picks that language's edition."""
    client.force_login(editor)
    html = client.get(url("add")).content.decode()
    assert _initial(html, "author_links-TOTAL_FORMS") == "0"
    assert _initial(html, "edition") == str(main_edition.pk)
    html = client.get(url("add"), {"locale": "en"}).content.decode()
    assert _initial(html, "edition") == str(global_edition.pk)


def test_the_author_snippet_links_an_account(client, chief, reporter):
    """A chief editor links an author record to a desk account on the author's form."""
    client.force_login(chief)
    add = reverse("wagtailsnippets_newsroom_author:add")
    response = client.post(add, {"name": "Rita Reporter", "slug": "", "role": "", "bio": "",
                                 "user": reporter.pk,
                                 # "Names in the editions", left empty.
                                 "edition_names-TOTAL_FORMS": "0",
                                 "edition_names-INITIAL_FORMS": "0",
                                 "edition_names-MIN_NUM_FORMS": "0",
                                 "edition_names-MAX_NUM_FORMS": "1000"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Author.objects.get(name="Rita Reporter").user == reporter
