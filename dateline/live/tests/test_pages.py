"""What readers see of live coverage: the article page's key events and stream, an entry's
own page, the "Live" badge, and how long a page of it may be cached."""

from datetime import timedelta

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dateline.live.actions import (
    DeleteEntryAction,
    EditEntryAction,
    EndCoverageAction,
    EntryChanges,
    PostEntryAction,
)
from dateline.live.models import Entry
from dateline.newsroom import actions
from dateline.newsroom.models import Author

pytestmark = pytest.mark.django_db


def post(article, text="Explosions heard in Kyiv.", publish=True, **fields):
    return PostEntryAction(article, EntryChanges(text=text, **fields),
                           publish=publish).execute()


def page(client, path, status=200):
    response = client.get(path)
    assert response.status_code == status, (path, response.status_code)
    return BeautifulSoup(response.content.decode(), "html.parser")


def shown_ids(soup):
    return [li["id"] for li in soup.select("#live-entries > li")]


def entry_path(article, entry):
    return f"{article.get_absolute_url()}entry/{entry.pk}/"


def test_article_page_shows_the_stream_pinned_first_then_newest(client, make_live, now):
    """Each entry is an <li id="entry-N"> with its local time, author, title, text, marks and
    links; pinned on top, then newest first; key events listed above the stream."""
    article = make_live()
    author = Author.objects.create(name="Jane Doe")
    first = post(article, "Sirens across the city.", posted_at=now - timedelta(minutes=30),
                 author=author, title="Air raid alert", key_event=True)
    pinned = post(article, "Stay in shelters.", posted_at=now - timedelta(minutes=20),
                  pinned=True)
    newest = post(article, "Power is out in two districts.", posted_at=now - timedelta(minutes=10))
    EditEntryAction(first, EntryChanges(text="Sirens across the whole city.")).execute()
    first.refresh_from_db()

    soup = page(client, article.get_absolute_url())
    stream = soup.select_one("ol.live-entries#live-entries")
    assert stream["data-article"] == str(article.pk)
    assert shown_ids(soup) == [pinned.anchor, newest.anchor, first.anchor]
    item = soup.select_one(f"#{first.anchor}")
    local = first.posted_at.astimezone(article.edition.tz)
    assert item.select_one(".entry-time time").get_text() == local.strftime("%H:%M")
    assert item.select_one(".entry-time")["href"] == f"#{first.anchor}"
    assert item["data-changed"] == first.changed_at.isoformat()
    assert item.select_one(".entry-author").get_text() == "Jane Doe"
    assert item.select_one(".entry-title").get_text() == "Air raid alert"
    assert "Sirens across the whole city." in item.select_one(".body").get_text()
    assert item.select_one(".key-event").get_text() == "Key event"
    edited = first.edited_at.astimezone(article.edition.tz).strftime("%H:%M")
    assert item.select_one(".entry-updated").get_text() == f"Updated {edited}"
    assert item.select_one(".entry-share")["href"] == entry_path(article, first)
    assert soup.select_one(f"#{pinned.anchor} .pinned").get_text() == "Pinned"
    assert not soup.select_one(f"#{newest.anchor} .entry-updated")
    key_events = soup.select(".key-events a")
    assert [(a["href"], a.get_text()) for a in key_events] == [
        (f"#{first.anchor}", f"{local:%H:%M} Air raid alert")]
    body = soup.select_one("main article .body")
    assert body.find_next_sibling("section")["class"] == ["key-events"]


def test_only_public_entries_are_shown(client, make_live, now):
    """Drafts, deleted entries and entries scheduled ahead are not on the page."""
    article = make_live()
    shown = post(article, "Public entry.")
    post(article, "Zqdraftentry.", publish=False)
    post(article, "Zqscheduledentry.", posted_at=now + timedelta(hours=1), key_event=True)
    DeleteEntryAction(post(article, "Zqdeletedentry.", key_event=True)).execute()
    text = client.get(article.get_absolute_url()).content.decode()
    assert shown_ids(BeautifulSoup(text, "html.parser")) == [shown.anchor]
    assert "zq" not in text.lower()
    assert "key-events" not in text


def _post_many(article, count, now):
    for n in range(count):
        post(article, f"Entry number {n}.", posted_at=now - timedelta(minutes=count - n))


def test_older_entries_page_by_cursor_without_gaps_or_repeats(client, make_live, now):
    """20 entries a page, then "Older entries" leads to the next 20, through to the first."""
    article = make_live()
    _post_many(article, 45, now)
    pages, url = [], article.get_absolute_url()
    while url:
        soup = page(client, url)
        pages.append(shown_ids(soup))
        older = soup.select_one("a.older-entries")
        url = older["href"].split("#")[0] if older else None
        assert url is None or "?before=" in url
    assert [len(ids) for ids in pages] == [20, 20, 5]
    every = [e.anchor for e in Entry.objects.filter(article=article).newest_first()]
    assert sum(pages, []) == every


@pytest.mark.parametrize("cursor", ["nonsense", "-1.5", "12.0", "1.2.3"])
def test_a_broken_older_entries_link_is_400(client, make_live, cursor):
    article = make_live()
    assert client.get(f"{article.get_absolute_url()}?before={cursor}").status_code == 400


def test_queries_do_not_grow_with_the_entries(client, make_live, now,
                                              django_assert_max_num_queries):
    """A page of a live article with many entries costs the queries of one with a few."""
    small = make_live("Small coverage")
    _post_many(small, 3, now)
    with CaptureQueriesContext(connection) as few:
        page(client, small.get_absolute_url())
    big = make_live("Big coverage")
    _post_many(big, 120, now)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page(client, big.get_absolute_url())


def test_badge_says_live_then_coverage_has_ended(client, make_live, main_edition):
    """"Live" in the headline area while open («Наживо» in Ukrainian), "Coverage has
    ended" after."""
    article = make_live()
    assert page(client, article.get_absolute_url()).select_one("header .label.live") \
        .get_text() == "Live"
    uk = make_live("Наживо: обстріли", edition=main_edition)
    assert page(client, uk.get_absolute_url()).select_one("header .label.live") \
        .get_text() == "Наживо"
    EndCoverageAction(article).execute()
    soup = page(client, article.get_absolute_url())
    assert not soup.select_one(".label.live")
    assert soup.select_one("header .label.live-ended").get_text() == "Coverage has ended"
    EndCoverageAction(uk).execute()
    assert page(client, uk.get_absolute_url()).select_one(".label.live-ended") \
        .get_text() == "Трансляцію завершено"


def test_the_cache_keeps_no_live_badge_past_the_end(client, make_live):
    """Coverage ending at a set time: the cached page and lists lose "Live" at that time."""
    article = make_live()
    end = timezone.now() + timedelta(minutes=30)
    EndCoverageAction(article, at=end).execute()
    assert page(client, article.get_absolute_url()).select_one("header .label.live")
    assert page(client, "/global/news/").select_one(".items .label.live")
    with time_machine.travel(end + timedelta(minutes=1)):
        soup = page(client, article.get_absolute_url())
        assert soup.select_one("header .label.live-ended")
        assert not soup.select(".label.live")
        assert not page(client, "/global/news/").select(".items .label.live")


def test_the_cache_shows_a_scheduled_entry_on_time(client, make_live, now):
    """A cached page shows a scheduled entry once its time comes, not later."""
    article = make_live()
    scheduled = post(article, "The minister will speak.", posted_at=now + timedelta(minutes=20))
    assert shown_ids(page(client, article.get_absolute_url())) == []
    with time_machine.travel(now + timedelta(minutes=21)):
        assert shown_ids(page(client, article.get_absolute_url())) == [scheduled.anchor]


def test_a_new_entry_reaches_a_cached_page(client, make_live):
    article = make_live()
    page(client, article.get_absolute_url())
    entry = post(article, "Fresh news.")
    assert shown_ids(page(client, article.get_absolute_url())) == [entry.anchor]


def test_feed_items_carry_the_live_badge(client, make_live, make_published):
    """The news list marks live coverage with "Live", and no other article."""
    article = make_live()
    make_published("Ordinary story")
    soup = page(client, "/global/news/")
    marked = [li.a.get_text() for li in soup.select(".items li") if li.select(".label.live")]
    assert marked == [article.headline]
    assert page(client, "/global/").select(".items .label.live")


# -- an entry's own page -------------------------------------------------------------------

def test_entry_page_shows_the_one_entry_with_its_own_address(client, make_live, settings):
    """Headline, the entry, a link back to it in the stream; canonical and og:title."""
    settings.WAGTAILADMIN_BASE_URL = "https://news.example.org/"
    article = make_live()
    titled = post(article, "Text of the titled one.", title="Bridge closed")
    plain = post(article, "Text of the plain one.")
    soup = page(client, entry_path(article, titled))
    assert soup.h1.get_text() == article.headline
    assert shown_ids(soup) == [] and [li["id"] for li in soup.select("li.live-entry")] == [
        titled.anchor]
    back = soup.select_one(".back a")["href"]
    assert back == f"{article.get_absolute_url()}#{titled.anchor}"
    canonical = soup.find("link", rel="canonical")["href"]
    assert canonical == "https://news.example.org" + entry_path(article, titled)
    assert soup.find("meta", property="og:title")["content"] == "Bridge closed"
    soup = page(client, entry_path(article, plain))
    assert soup.find("meta", property="og:title")["content"] == article.headline


def test_entry_page_exists_in_the_main_edition_too(client, make_live, main_edition):
    article = make_live("Обстріли: наживо", edition=main_edition)
    entry = post(article, "Вибухи.")
    path = entry_path(article, entry)
    assert path == f"/news/{article.slug}/entry/{entry.pk}/"
    assert page(client, path).select_one(f"#{entry.anchor}")


def test_hidden_entries_have_no_page(client, make_live, make_published, now):
    """Draft, deleted and scheduled entries, an entry under another article and every
    entry of an unpublished article are 404."""
    article = make_live()
    draft = post(article, publish=False)
    scheduled = post(article, posted_at=now + timedelta(hours=1))
    deleted = post(article)
    DeleteEntryAction(deleted).execute()
    for entry in (draft, scheduled, deleted):
        page(client, entry_path(article, entry), status=404)
    public = post(article)
    other = make_live("Another coverage")
    assert client.get(f"{other.get_absolute_url()}entry/{public.pk}/").status_code == 404
    ordinary = make_published("Ordinary")
    assert client.get(f"{ordinary.get_absolute_url()}entry/{public.pk}/").status_code == 404
    page(client, entry_path(article, public))
    actions.UnpublishAction(article).execute()
    page(client, entry_path(article, public), status=404)
    page(client, article.get_absolute_url(), status=404)
