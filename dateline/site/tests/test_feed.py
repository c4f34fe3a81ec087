"""The news feed: cursor pagination, day grouping, "More news" with and without JavaScript."""

from datetime import UTC, datetime, timedelta

import pytest
from bs4 import BeautifulSoup

from dateline.newsroom.cursors import BadCursor, Cursor
from dateline.newsroom.models import Article

from .conftest import publish_at

pytestmark = pytest.mark.django_db

NOON = datetime(2025, 2, 5, 10, 0, tzinfo=UTC)  # 12:00 in Kyiv


@pytest.fixture
def river(make_draft, global_edition):
    """50 items, one an hour back from 5 February 12:00 Kyiv: three local days."""
    return [publish_at(make_draft(f"Item {n:02d}"), NOON - timedelta(hours=n))
            for n in range(50)]


def _headlines(html):
    soup = BeautifulSoup(html, "html.parser")
    return [a.get_text() for a in soup.select(".items a")]


def _days(html):
    soup = BeautifulSoup(html, "html.parser")
    return [" ".join(h.get_text(" ").split()) for h in soup.select(".day")]


def _more(html):
    link = BeautifulSoup(html, "html.parser").select_one("a.more")
    return link["href"] if link else None


def _walk(client, url):
    """Follow "More news" to the end, as a reader without JavaScript would."""
    pages = []
    while url:
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        pages.append(html)
        url = _more(html)
    return pages


def test_feed_is_grouped_by_local_day_with_reference_headers(client, river):
    """Days are headed ``2025, Wednesday`` / ``5 February``; items show local time."""
    html = client.get("/global/news/").content.decode()
    assert _days(html)[:2] == ["2025, Wednesday 5 February", "2025, Tuesday 4 February"]
    first = BeautifulSoup(html, "html.parser").select_one(".items li")
    assert first.time.get_text() == "12:00"
    assert first.time["datetime"] == "2025-02-05T12:00:00+02:00"


def test_walking_more_news_shows_every_item_once_in_order(client, river):
    """Following "More news" to the end lists all items, newest first, no repeats."""
    pages = _walk(client, "/global/news/")
    assert len(pages) == 2
    seen = [h for page in pages for h in _headlines(page)]
    assert seen == [f"Item {n:02d}" for n in range(50)]


def test_a_day_split_across_chunks_gets_its_header_once(client, river):
    """Appended ("More news" with JavaScript), the continuing day is not headed again."""
    first = client.get("/global/news/").content.decode()
    appended = client.get(_more(first) + "&partial=1").content.decode()
    headers = _days(first) + _days(appended)
    assert len(headers) == len(set(headers)) == 3


def test_a_next_page_read_on_its_own_heads_its_first_day(client, river):
    """Without JavaScript, page two starts with its day's header, even if page one had it."""
    pages = _walk(client, "/global/news/")
    assert _days(pages[1])[0] == "2025, Monday 3 February"


def test_items_published_meanwhile_cause_no_duplicates_or_gaps(client, river, make_draft):
    """New items at the top do not shift the next chunk."""
    first = client.get("/global/news/").content.decode()
    for n in range(5):
        publish_at(make_draft(f"Breaking {n}"), NOON + timedelta(minutes=n + 1))
    rest = _walk(client, _more(first))
    seen = _headlines(first) + [h for page in rest for h in _headlines(page)]
    assert seen == [f"Item {n:02d}" for n in range(50)]


def test_items_with_the_same_time_are_neither_lost_nor_repeated(client, make_draft):
    """Ties on the publication time are broken by id across the chunk boundary."""
    for n in range(45):
        publish_at(make_draft(f"Same {n:02d}"), NOON)
    seen = [h for page in _walk(client, "/global/news/") for h in _headlines(page)]
    assert sorted(seen) == [f"Same {n:02d}" for n in range(45)]
    assert len(seen) == 45


def test_partial_returns_only_the_next_chunk(client, river):
    """``?partial=1`` (what JavaScript asks for) is the chunk alone, without the page."""
    more = _more(client.get("/global/news/").content.decode())
    fragment = client.get(more + "&partial=1").content.decode()
    assert "<html" not in fragment and "<header" not in fragment
    assert _headlines(fragment)[0] == "Item 40"


def test_more_news_works_on_tag_section_and_author_feeds(client, newsroom):
    """The same feed, filtered, on tag, section and author pages."""
    tag, section = newsroom["global"]["tag"], newsroom["global"]["section"]
    for url in (f"/global/tag/{tag.slug}/", f"/global/section/{section.slug}/",
                f"/global/author/{newsroom['reporter'].slug}/"):
        headlines = [h for page in _walk(client, url) for h in _headlines(page)]
        assert headlines and len(headlines) == len(set(headlines))


@pytest.mark.parametrize("cursor", ["abc", "1.2.3", "-5.3", "99999999999999999999999.1",
                                    "1700000000000000.0", ""])
def test_bad_cursor_is_400_or_ignored_never_500(client, river, cursor):
    """A mangled cursor is a 400 (or the first page when empty), never a 500."""
    response = client.get("/global/news/", {"cursor": cursor})
    assert response.status_code == (200 if cursor == "" else 400)


def test_cursor_round_trips():
    """A cursor encodes and decodes to the same item."""
    cursor = Cursor(NOON + timedelta(microseconds=7), 42)
    assert Cursor.decode(cursor.encode()) == cursor
    with pytest.raises(BadCursor):
        Cursor.decode("x.y")


def test_draft_items_are_not_in_the_feed(client, river, make_draft):
    """Drafts and future items never appear."""
    make_draft("A draft")
    future = publish_at(make_draft("Future"), NOON + timedelta(days=3650))
    assert Article.objects.filter(pk=future.pk, live=True).exists()
    seen = [h for page in _walk(client, "/global/news/") for h in _headlines(page)]
    assert "A draft" not in seen and "Future" not in seen
