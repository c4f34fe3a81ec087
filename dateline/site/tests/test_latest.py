"""The latest news beside every article and on the home page: rendered once per process
and change, and never older than the news (the page cache is off here: what is tested is
the process's own copy)."""

from datetime import UTC, datetime, timedelta

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dateline.caching import keys, memo, store
from dateline.newsroom import actions
from dateline.newsroom.models import Article

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_off(settings):
    settings.DATELINE_PAGE_CACHE = False


def aside(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    page = BeautifulSoup(response.content, "html.parser")
    return [a.get_text() for a in page.select("aside .feed .items a")]


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_article_pages_and_the_home_page_share_one_rendering(client, newsroom):
    """Once one page has shown the latest news, the next reads neither them, nor their
    labels, nor the next article dated ahead, and shows the same."""
    first, second = newsroom["global"]["articles"][:2]
    shown = aside(client, first.get_absolute_url())
    assert len(shown) == 6 and shown == aside(client, "/global/")
    _queries(client, second.get_absolute_url())  # its story and "Read also", kept from now
    memo._memo.pop(f"latest-{first.edition_id}")
    cold = _queries(client, second.get_absolute_url())
    warm = _queries(client, second.get_absolute_url())
    assert cold - warm == 3
    assert aside(client, second.get_absolute_url()) == shown


def test_a_publish_shows_at_once_beside_every_article(client, newsroom, make_draft):
    articles = newsroom["global"]["articles"]
    aside(client, articles[0].get_absolute_url())
    actions.PublishAction(make_draft("Breaking: the dam holds")).execute()
    for url in (articles[1].get_absolute_url(), "/global/"):
        assert aside(client, url)[0] == "Breaking: the dam holds", url


def test_a_new_headline_and_an_unpublish_show_at_once(client, newsroom):
    articles = newsroom["global"]["articles"]
    reader = articles[5].get_absolute_url()
    aside(client, reader)
    version = articles[0].get_latest_revision_as_object()
    version.headline = "Corrected headline"
    version.save_revision()
    actions.PublishAction(Article.objects.get(pk=articles[0].pk)).execute()
    assert aside(client, reader)[0] == "Corrected headline"
    actions.UnpublishAction(Article.objects.get(pk=articles[1].pk)).execute()
    assert articles[1].headline not in aside(client, reader)


def test_an_article_leaves_at_its_expiry_with_nothing_purged(client, newsroom, time_machine):
    articles = newsroom["global"]["articles"]
    expiry = datetime.now(UTC) + timedelta(minutes=2)
    Article.objects.filter(pk=articles[2].pk).update(expire_at=expiry)
    reader = articles[0].get_absolute_url()
    assert articles[2].headline in aside(client, reader)
    time_machine.move_to(expiry + timedelta(seconds=1))
    assert articles[2].headline not in aside(client, reader)


def test_an_article_dated_ahead_joins_at_its_time_with_nothing_purged(
        client, newsroom, make_draft, time_machine):
    ahead = make_draft("Dated ahead")
    actions.PublishAction(ahead).execute()
    when = ahead.last_published_at + timedelta(minutes=5)
    Article.objects.filter(pk=ahead.pk).update(first_published_at=when)
    reader = newsroom["global"]["articles"][0].get_absolute_url()
    assert "Dated ahead" not in aside(client, reader)
    time_machine.move_to(when + timedelta(seconds=1))
    assert aside(client, reader)[0] == "Dated ahead"


def test_a_page_that_reuses_it_is_still_bounded_by_what_it_shows(client, newsroom, settings):
    """The page cache learns the articles shown and their expiry from the ready-made
    chunk as from a fresh one."""
    settings.DATELINE_PAGE_CACHE = True
    articles = newsroom["global"]["articles"]
    expiry = store.time.time() + 120
    Article.objects.filter(pk=articles[3].pk).update(
        expire_at=datetime.fromtimestamp(expiry, tz=UTC))
    client.get(articles[0].get_absolute_url())
    response = client.get(articles[5].get_absolute_url())
    assert response["X-Page-Cache"] == "miss"
    assert int(response["Cache-Control"].split("s-maxage=")[1].split(",")[0]) <= 120
    assert "list-edition-" in response["xkey"]


def test_the_other_edition_has_its_own(client, newsroom):
    main, other = newsroom["main"]["articles"][0], newsroom["global"]["articles"][0]
    assert aside(client, other.get_absolute_url())[0] == other.headline
    assert aside(client, main.get_absolute_url())[0] == main.headline


def test_what_was_read_right_after_a_purge_is_used_once_not_kept(client, newsroom, settings):
    """As the page cache does: a replica may not have replayed the change yet."""
    article = newsroom["global"]["articles"][0]
    url = article.get_absolute_url()
    steady = (_queries(client, url), _queries(client, url))[1]
    settings.DATELINE_PAGE_CACHE_PURGE_MARGIN = 60
    store.purge({keys.listing("edition", article.edition_id)})
    # What the edition's news feeds: the latest news (3 queries), the breaking-news banner
    # (1); and the story and "Read also", whose keys the newsroom's changes purged less
    # than a minute ago too.
    within = _queries(client, url)
    assert _queries(client, url) == within > steady + 4
    settings.DATELINE_PAGE_CACHE_PURGE_MARGIN = 0
    # What was stored meanwhile began after the purges: good now, but the latest news
    # were kept unversioned (the process's memory holds no begin time).
    assert _queries(client, url) == steady + 4
    assert _queries(client, url) == steady
