"""The corrections page: every correction and clarification of an edition's published
articles, newest first, by cursor; its RSS feed; what purges it."""

import html
from datetime import timedelta

import feedparser
import pytest
import time_machine
from bs4 import BeautifulSoup
from django.utils import timezone

from dateline.conftest import HOSTILE
from dateline.newsroom import actions
from dateline.newsroom import corrections as corrections_list
from dateline.newsroom.dates import iso, local_date, local_time
from dateline.newsroom.models import Article, ArticleUpdate

from .conftest import publish_at

pytestmark = pytest.mark.django_db


def _note(article, text, kind, at):
    with time_machine.travel(at, tick=False):
        actions.AddUpdateNoteAction(article, text=text, kind=kind).execute()


@pytest.fixture
def noted(newsroom):
    """Global articles 0, 1 and 2 with (oldest first) a correction, an update note, a
    clarification and a second correction; the main edition's article 0 a correction."""
    articles = newsroom["global"]["articles"]
    start = timezone.now() - timedelta(minutes=50)
    _note(articles[0], f"We misspelled a name. {HOSTILE}", "correction", start)
    _note(articles[1], "The toll rose to 12.", "update", start + timedelta(minutes=10))
    _note(articles[1], "Not all of them were soldiers.", "clarification",
          start + timedelta(minutes=20))
    _note(articles[2], "The date was wrong.", "correction", start + timedelta(minutes=30))
    _note(newsroom["main"]["articles"][0], "Виправили прізвище.", "correction",
          start + timedelta(minutes=40))
    return newsroom


def _rows(response):
    assert response.status_code == 200, response.status_code
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    return [(row.select_one(".kind").get_text(), row.select_one(".headline a")["href"],
             row.select_one(".headline a").get_text(), row.select_one(".note").get_text(),
             row.select_one("time")["datetime"], row.select_one("time").get_text())
            for row in soup.select(".corrections .correction")]


def test_the_page_lists_corrections_and_clarifications_newest_first(client, noted):
    """Each row has the note's local date and time, its kind, the article's headline linked
    to it and the note's text; update notes are not listed, nor other editions' notes."""
    articles = noted["global"]["articles"]
    edition = articles[0].edition
    notes = {note.text: note for note in ArticleUpdate.objects.all()}
    rows = _rows(client.get("/global/corrections/"))
    expected = []
    for kind, article, text in (("Correction", articles[2], "The date was wrong."),
                                ("Clarification", articles[1], "Not all of them were soldiers."),
                                ("Correction", articles[0], f"We misspelled a name. {HOSTILE}")):
        at = notes[text].noted_at
        expected.append((kind, article.get_absolute_url(), article.headline, text,
                         iso(at, edition), f"{local_date(at, edition)} {local_time(at, edition)}"))
    assert rows == expected


def test_the_main_edition_page_is_in_ukrainian(client, noted):
    """The default edition's page is at /corrections/, its kinds translated."""
    rows = _rows(client.get("/corrections/"))
    assert [(kind, text) for kind, _u, _h, text, *_ in rows] == [
        ("Виправлення", "Виправили прізвище.")]
    article = noted["main"]["articles"][0]
    actions.AddUpdateNoteAction(article, text="Уточнили.", kind="clarification").execute()
    assert _rows(client.get("/corrections/"))[0][0] == "Уточнення"


def test_the_page_is_read_by_cursor(client, noted, monkeypatch):
    """A "More corrections" link carries a cursor to the next page: no row twice, none
    missed; the last page has no link."""
    monkeypatch.setattr(corrections_list, "PAGE_SIZE", 2)
    response = client.get("/global/corrections/")
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    more = soup.select_one("a.more[rel=next]")
    assert more is not None and "cursor=" in more["href"]
    first = [row[3] for row in _rows(response)]
    second_response = client.get(more["href"])
    second = [row[3] for row in _rows(second_response)]
    assert first == ["The date was wrong.", "Not all of them were soldiers."]
    assert second == [f"We misspelled a name. {HOSTILE}"]
    assert not BeautifulSoup(second_response.content.decode(), "html.parser").select("a.more")


@pytest.mark.parametrize("cursor", ["bad", "1.0", "-5.3", "99999999999999999999999.1", "1.2.3"])
def test_a_broken_cursor_is_400(client, noted, cursor):
    """A cursor that does not decode is a bad request, not a 500 nor the first page."""
    assert client.get("/global/corrections/", {"cursor": cursor}).status_code == 400


def test_notes_of_articles_readers_cannot_see_are_never_listed(client, noted, make_draft, now):
    """Notes of an unpublished, a retracted, an expired, a scheduled and a future-dated
    article, and of a draft, are on neither the page nor the feed."""
    articles = noted["global"]["articles"]
    actions.UnpublishAction(articles[0]).execute()
    actions.RetractAction(articles[1], note="Sources withdrew.").execute()
    Article.objects.filter(pk=articles[2].pk).update(expire_at=now - timedelta(minutes=1))
    scheduled = make_draft("Scheduled", go_live_at=now + timedelta(hours=1))
    scheduled.save_revision().publish()
    future = publish_at(make_draft("Future"), now + timedelta(hours=2))
    draft = make_draft("Draft")
    for article in (scheduled, future, draft):
        ArticleUpdate.objects.create(article=article, kind="correction", text="Hidden note.")
    assert _rows(client.get("/global/corrections/")) == []
    feed = feedparser.parse(client.get("/feeds/global/corrections/rss.xml").content)
    assert feed.entries == []


def test_adding_a_correction_purges_the_cached_page_and_feed(client, noted):
    """The page and its feed are cached; a new correction (or clarification) on any of the
    edition's articles, and an article with a correction unpublished, purge them."""
    urls = ("/global/corrections/", "/feeds/global/corrections/rss.xml")
    for url in urls:
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit", url
    untouched = noted["global"]["articles"][5]
    actions.AddUpdateNoteAction(untouched, text="A fresh clarification.",
                                kind="clarification").execute()
    for url in urls:
        response = client.get(url)
        assert response["X-Page-Cache"] != "hit" and b"A fresh clarification." in response.content
        assert client.get(url)["X-Page-Cache"] == "hit", url
    actions.UnpublishAction(noted["global"]["articles"][2]).execute()
    for url in urls:
        assert b"The date was wrong." not in client.get(url).content, url


def test_the_page_carries_its_list_key_and_the_articles_it_names(client, noted):
    """The page's surrogate keys: the edition's corrections list and each article listed."""
    carried = set(client.get("/global/corrections/")["xkey"].split())
    articles = noted["global"]["articles"]
    assert {f"list-corrections-{articles[0].edition_id}", f"article-{articles[0].pk}",
            f"article-{articles[1].pk}", f"article-{articles[2].pk}"} <= carried


def test_a_clarification_is_announced_as_such(noted, changes):
    """A clarification is announced with its own kind, which purges like a correction."""
    article = noted["global"]["articles"][4]
    actions.AddUpdateNoteAction(article, text="To be clear.", kind="clarification").execute()
    assert (article.pk, "clarification") in changes


def test_the_feed_lists_the_same_notes_as_valid_rss(client, noted):
    """RSS 2.0 that feedparser reads without complaint: one item per note, newest first,
    titled with the kind and headline, linking to the article, the note as text."""
    response = client.get("/feeds/global/corrections/rss.xml")
    assert response["Content-Type"].startswith("application/rss+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "rss20"
    assert feed.feed.title == "Corrections and clarifications | Dateline Global"
    assert feed.feed.link.endswith("/global/corrections/")
    articles = noted["global"]["articles"]
    assert [(e.title, e.link.rsplit("/news/", 1)[1], html.unescape(e.summary))
            for e in feed.entries] == [
        (f"Correction: {articles[2].headline}", f"{articles[2].slug}/", "The date was wrong."),
        (f"Clarification: {articles[1].headline}", f"{articles[1].slug}/",
         "Not all of them were soldiers."),
        (f"Correction: {articles[0].headline}", f"{articles[0].slug}/",
         f"We misspelled a name. {HOSTILE}"),
    ]
    assert len({entry.id for entry in feed.entries}) == 3


def test_the_page_links_its_feed(client, noted):
    """The page's head names its RSS feed with ``<link rel="alternate">``."""
    soup = BeautifulSoup(client.get("/global/corrections/").content.decode(), "html.parser")
    feeds = [link["href"] for link in soup.find_all("link", rel="alternate",
                                                    type="application/rss+xml")]
    assert any(href.endswith("/feeds/global/corrections/rss.xml") for href in feeds)


def test_articles_with_a_correction_link_the_page_and_every_footer_does(client, noted):
    """An article with a correction or clarification links the corrections page beside its
    notes; one with update notes only does not; every page's footer does."""
    articles = noted["global"]["articles"]

    def links(path, where):
        soup = BeautifulSoup(client.get(path).content.decode(), "html.parser")
        return [a["href"] for a in soup.select(f"{where} a")]

    assert links(articles[1].get_absolute_url(), ".updates") == ["/global/corrections/"]
    assert links(articles[3].get_absolute_url(), ".updates") == []
    for path in ("/global/", "/global/news/", articles[3].get_absolute_url(), "/",
                 "/global/corrections/"):
        expected = "/corrections/" if path == "/" else "/global/corrections/"
        assert expected in links(path, "footer.site-footer"), path
