"""Each article's feed item is written once per change of the article and format, and
shared by every feed that lists it (``feeds.kept_items``); the page cache is off here, so what
is tested is the items kept, not whole feeds."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dateline.newsroom import actions
from dateline.newsroom.models import Article
from dateline.syndication import feeds

from .test_feeds import FORMATS, scope_urls

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_off(settings):
    settings.DATELINE_PAGE_CACHE = False


@pytest.fixture
def made(monkeypatch):
    """The ids of the articles whose item was made, in the order they were."""
    seen, real = [], feeds.item_kwargs

    def counted(article):
        seen.append(article.pk)
        return real(article)

    monkeypatch.setattr(feeds, "item_kwargs", counted)
    return seen


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content


def test_items_are_made_once_per_format_for_every_feed(client, world, made):
    listed = Article.objects.published().filter(edition=world["global"]["edition"])
    urls = [base + fmt for base in scope_urls(world).values() for fmt in FORMATS]
    first = {url: _get(client, url) for url in urls}
    assert sorted(made) == sorted(list(listed.values_list("pk", flat=True)) * len(FORMATS))
    made.clear()
    with CaptureQueriesContext(connection) as queries:
        again = _get(client, "/feeds/global/rss.xml")
    # The ids of its newest articles: nothing of the items (nor of the edition, kept).
    assert len(queries) == 1, [query["sql"] for query in queries]
    assert again == first["/feeds/global/rss.xml"]
    assert {url: _get(client, url) for url in urls} == first
    assert made == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_feed_of_kept_items_is_the_feed_made_afresh(client, world, fmt):
    url = f"/feeds/global/{fmt}"
    _get(client, url)
    kept = _get(client, url)
    caches["pages"].clear()
    assert _get(client, url) == kept


def test_a_change_remakes_its_own_item_only(client, world, made):
    article = world["global"]["articles"][1]
    _get(client, "/feeds/global/atom.xml")
    made.clear()
    version = article.get_latest_revision_as_object()
    version.headline = "A corrected headline"
    version.save_revision()
    actions.PublishAction(Article.objects.get(pk=article.pk)).execute(
        skip_permission_checks=True)
    assert b"A corrected headline" in _get(client, "/feeds/global/atom.xml")
    assert made == [article.pk]


def test_a_tag_renamed_remakes_its_editions_items_only(client, world, made):
    """A tag's name is its edition's furniture: every item of the edition names it or may."""
    _get(client, "/feeds/global/rss.xml")
    _get(client, "/feeds/main/rss.xml")
    made.clear()
    tag = world["global"]["tag"]
    tag.name = "invasion"
    tag.save()
    assert b"<category>invasion</category>" in _get(client, "/feeds/global/rss.xml")
    _get(client, "/feeds/main/rss.xml")
    listed = Article.objects.published().filter(edition=world["global"]["edition"])
    assert sorted(made) == sorted(listed.values_list("pk", flat=True))


@pytest.mark.parametrize("fmt", sorted(feeds.WRITERS))
def test_items_written_ahead_are_what_the_writer_writes_of_them(world, fmt):
    """A feed of pieces is byte for byte the feed its writer makes of the same items."""
    articles = Article.objects.published().filter(edition=world["global"]["edition"])
    items = [feeds.item_kwargs(article) for article in articles.order_by("-first_published_at")]
    writer = feeds.WRITERS[fmt]

    def channel():
        return writer(title="T", link="https://news.example.org/", description="D",
                      language="en")

    whole, ahead = channel(), channel()
    for item in items:
        whole.add_item(**item)
    ahead.pieces = [writer.piece("en", **item) for item in items]
    assert ahead.writeString("utf-8") == whole.writeString("utf-8")
    assert ahead.latest_post_date() == whole.latest_post_date()
