"""One author, a name per edition: every place a reader meets the name on an edition's pages
(byline, author page, feeds, JSON-LD, API, search chip, live entries) writes it as that
edition does, else the author's own name."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dateline.conftest import HOSTILE
from dateline.newsroom.models import ArticleAuthor, Author, AuthorName
from dateline.newsroom.signals import furniture_changed

pytestmark = pytest.mark.django_db

UK = "Ірина Ковальчук"
EN = "Iryna Kovalchuk"


@pytest.fixture
def iryna(main_edition):
    author = Author.objects.create(name=EN, slug="iryna-kovalchuk")
    AuthorName.objects.create(author=author, edition=main_edition, name=UK)
    return author


@pytest.fixture
def stories(make_draft, iryna, main_edition, global_edition):
    """A story by Iryna in each edition, published."""
    from dateline.newsroom import actions

    published = {}
    for edition, headline in ((main_edition, "Київ прокидається"),
                              (global_edition, "Kyiv wakes up")):
        article = make_draft(headline, edition=edition)
        ArticleAuthor.objects.create(article=article, author=iryna)
        article.save_revision()
        published[edition.code] = actions.PublishAction(article).execute()
    return published


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_byline_writes_the_name_as_each_edition_does(client, stories):
    """The Ukrainian page says «Ірина Ковальчук», the English one "Iryna Kovalchuk"."""
    uk = _page(client, stories["main"].get_absolute_url())
    en = _page(client, stories["global"].get_absolute_url())
    assert UK in uk and EN not in uk
    assert EN in en and UK not in en


def test_the_author_page_of_each_edition_has_its_name(client, stories, main_edition,
                                                      global_edition):
    """The author's page heading, title and ProfilePage JSON-LD use the edition's name."""
    uk = _page(client, "/author/iryna-kovalchuk/")
    assert f"<h1 id=\"page-title\">{UK}</h1>" in uk and EN not in uk
    en = _page(client, "/global/author/iryna-kovalchuk/")
    assert f"<h1 id=\"page-title\">{EN}</h1>" in en and UK not in en


def test_feeds_and_json_ld_carry_the_edition_name(client, stories):
    """Feeds name the author as their edition does; so do the article's JSON-LD and the
    author's own feed."""
    assert UK in _page(client, "/feeds/main/rss.xml")
    assert EN in _page(client, "/feeds/global/atom.xml")
    assert UK in _page(client, "/feeds/main/author/iryna-kovalchuk/rss.xml")
    uk = _page(client, stories["main"].get_absolute_url())
    blocks = [json.loads(part.split(">", 1)[1].split("</script>")[0])
              for part in uk.split('<script type="application/ld+json"')[1:]]
    names = [person["name"] for block in blocks
             for item in (block if isinstance(block, list) else [block])
             for person in (item.get("author") or []) if isinstance(person, dict)]
    assert UK in names and EN not in names


def test_the_api_gives_each_article_its_edition_name(client, stories):
    """An article's authors carry the name its edition writes; the author gives each."""
    uk = client.get("/api/v1/editions/main/articles").json()
    assert [a["name"] for item in uk["items"] for a in item["authors"]] == [UK]
    en = client.get("/api/v1/editions/global/articles").json()
    assert [a["name"] for item in en["items"] for a in item["authors"]] == [EN]
    author = client.get("/api/v1/authors/iryna-kovalchuk").json()
    assert author["name"] == EN and author["names"] == {"main": UK}


def test_an_author_without_an_edition_name_keeps_their_own(client, stories, iryna):
    """No name for the edition: the author's own name, even a hostile one, escaped."""
    AuthorName.objects.filter(author=iryna).delete()
    Author.objects.filter(pk=iryna.pk).update(name=HOSTILE)
    uk = _page(client, stories["main"].get_absolute_url())
    assert "A &amp; B &lt; C &gt; D" in uk and UK not in uk


def test_changing_an_edition_name_is_an_author_change(iryna, main_edition):
    """Adding, changing or removing an edition's name is announced as a change of the author
    (the page cache purges every page that shows it)."""
    heard = []

    def receiver(sender, instance, action, **kwargs):
        heard.append((sender, instance.pk, action))

    furniture_changed.connect(receiver)
    try:
        name = AuthorName.objects.get(author=iryna)
        name.name = "Ірина К."
        name.save()
        name.delete()
    finally:
        furniture_changed.disconnect(receiver)
    assert heard == [(Author, iryna.pk, "change")] * 2


def test_the_cached_page_shows_a_new_edition_name(client, stories, iryna, main_edition):
    """A page cached with the old name shows the new one after the change."""
    url = stories["main"].get_absolute_url()
    assert UK in _page(client, url)
    name = AuthorName.objects.get(author=iryna, edition=main_edition)
    name.name = "Ірина Ковальчук-Шевченко"
    name.save()
    assert "Ірина Ковальчук-Шевченко" in _page(client, url)


def test_names_cost_no_query_per_author(client, make_draft, main_edition, stories):
    """An article with many authors, each with an edition name, costs the queries of one."""
    from dateline.newsroom import actions

    one = stories["main"]
    with CaptureQueriesContext(connection) as few:
        _page(client, one.get_absolute_url())
    many = make_draft("Багато авторів", edition=main_edition)
    for n in range(6):
        author = Author.objects.create(name=f"Author {n}")
        AuthorName.objects.create(author=author, edition=main_edition, name=f"Автор {n}")
        ArticleAuthor.objects.create(article=many, author=author, sort_order=n)
    many.save_revision()
    many = actions.PublishAction(many).execute()
    with CaptureQueriesContext(connection) as lots:
        page = _page(client, many.get_absolute_url())
    assert "Автор 5" in page
    assert len(lots.captured_queries) <= len(few.captured_queries)


def test_the_desk_gives_an_author_a_name_per_edition(client, chief, main_edition,
                                                    global_edition):
    """The author's form has "Names in the editions"; saving it stores one name per edition
    and the edition's pages purge (an author change)."""
    author = Author.objects.create(name=EN, slug="iryna-kovalchuk")
    url = f"/admin/snippets/newsroom/author/edit/{author.pk}/"
    client.force_login(chief)
    form = client.get(url).content.decode()
    assert "edition_names-TOTAL_FORMS" in form
    heard = []

    def receiver(sender, instance, action, **kwargs):
        heard.append((sender, action))

    furniture_changed.connect(receiver)
    try:
        response = client.post(url, {
            "name": EN, "slug": "iryna-kovalchuk", "role": "", "bio": "",
            "edition_names-TOTAL_FORMS": "1", "edition_names-INITIAL_FORMS": "0",
            "edition_names-MIN_NUM_FORMS": "0", "edition_names-MAX_NUM_FORMS": "1000",
            "edition_names-0-edition": str(main_edition.pk), "edition_names-0-name": UK,
            "edition_names-0-id": "", "edition_names-0-ORDER": "1",
            "edition_names-0-DELETE": "",
        })
    finally:
        furniture_changed.disconnect(receiver)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(author.edition_names.values_list("edition__code", "name")) == [("main", UK)]
    assert (Author, "change") in heard
    assert Author.objects.named_in(global_edition).get(pk=author.pk).shown_name == EN


def test_one_edition_has_one_name_for_an_author(iryna, main_edition):
    """A second name for the same edition is refused by the database."""
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        AuthorName.objects.create(author=iryna, edition=main_edition, name="Інша")
