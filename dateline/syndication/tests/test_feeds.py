"""RSS 2.0, Atom 1.0 and JSON Feed 1.1: what every item carries, read back by real parsers."""

import calendar
import html
import json

import feedparser
import pytest

from dateline.newsroom import actions
from dateline.newsroom.dates import iso
from dateline.newsroom.models import Article

from .conftest import BASE, clean_headline, url_of

pytestmark = pytest.mark.django_db

FORMATS = ["rss.xml", "atom.xml", "feed.json"]


def read(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, (url, response.status_code)
    if url.endswith(".json"):
        assert response["Content-Type"] == "application/feed+json; charset=utf-8"
        return json.loads(response.content)
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, (url, parsed.get("bozo_exception"))
    return parsed


def items(client, url):
    feed = read(client, url)
    return feed["items"] if url.endswith(".json") else feed.entries


def ids(client, url):
    return [item["id"] for item in items(client, url)]


def scope_urls(world, edition="global"):
    scope = world[edition]
    reporter = world["reporter"]
    return {
        "edition": f"/feeds/{edition}/",
        "section": f"/feeds/{edition}/section/{scope['section'].slug}/",
        "tag": f"/feeds/{edition}/tag/{scope['tag'].slug}/",
        "author": f"/feeds/{edition}/author/{reporter.slug}/",
    }


@pytest.mark.parametrize("fmt", FORMATS)
def test_edition_feed_lists_published_articles_newest_first(client, world, fmt):
    """The edition feed holds its published articles, newest first, and nothing else."""
    expected = [a.pk for a in world["global"]["articles"]]
    found = ids(client, f"/feeds/global/{fmt}")
    assert [int(i.rsplit(":", 1)[1]) for i in found] == expected


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("scope", ["section", "tag", "author"])
def test_section_tag_and_author_feeds_hold_only_their_articles(client, world, fmt, scope):
    """Each scope's feed lists exactly the edition's published articles in that scope."""
    articles = world["global"]["articles"]
    expected = {
        "section": [a for a in articles if a.section_id],
        "tag": articles,
        "author": [a for a in articles if world["reporter"] in a.ordered_authors()],
    }[scope]
    found = ids(client, scope_urls(world)[scope] + fmt)
    assert [int(i.rsplit(":", 1)[1]) for i in found] == [a.pk for a in expected]


@pytest.mark.parametrize("fmt", ["rss.xml", "atom.xml"])
def test_xml_item_carries_every_fact(client, world, fmt):
    """Id, permalink, headline, lead, full body, both times with offsets, every author,
    labels and tags, and the main image, as a feed reader sees them."""
    article = world["global"]["articles"][0]
    entry = read(client, f"/feeds/global/{fmt}").entries[0]
    assert entry.id == f"tag:news.example.org,2025:article:{article.pk}"
    assert entry.link == url_of(article)
    assert entry.title == clean_headline(0)
    assert html.unescape(entry.summary) == f"Lead 0 {clean_headline(0)[8:]}"
    body = entry.content[0].value
    assert "Body 0" in body and "<h2>Sub &amp; heading</h2>" in body
    assert f'href="{BASE}/global/news/x/"' in body  # site paths made absolute
    assert "</script>" not in body.replace("&lt;/script&gt;", "")
    offset = iso(article.first_published_at, article.edition)[-6:]  # e.g. +02:00
    assert entry.published.endswith((offset, offset.replace(":", "")))
    assert calendar.timegm(entry.published_parsed) == article.first_published_at.timestamp()
    assert calendar.timegm(entry.updated_parsed) == article.modified_at.timestamp()
    assert [a.name for a in entry.authors] == [world["reporter"].name, "Vitaly Portnikov"]
    assert [t.term for t in entry.tags] == ["Exclusive", "war"]
    media = entry.media_content[0]
    assert media["url"] == f"{BASE}{article.main_image.file.url}"
    assert media["medium"] == "image" and media["width"] == "1200"
    assert entry.enclosures[0]["href"] == media["url"]
    assert entry.enclosures[0]["type"] == "image/jpeg"
    assert int(entry.enclosures[0]["length"]) > 0


def test_json_feed_item_carries_every_fact(client, world):
    """JSON Feed 1.1: the same id, link, texts, times, authors, tags and image."""
    article = world["global"]["articles"][0]
    feed = read(client, "/feeds/global/feed.json")
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["feed_url"] == f"{BASE}/feeds/global/feed.json"
    assert feed["home_page_url"] == f"{BASE}/global/"
    item = feed["items"][0]
    assert item["id"] == f"tag:news.example.org,2025:article:{article.pk}"
    assert item["url"] == url_of(article)
    assert item["title"] == clean_headline(0)
    assert item["summary"] == f"Lead 0 {clean_headline(0)[8:]}"
    assert "Body 0" in item["content_html"]
    assert item["date_published"] == iso(article.first_published_at, article.edition)
    assert item["date_modified"] == iso(article.modified_at, article.edition)
    assert [a["name"] for a in item["authors"]] == [world["reporter"].name, "Vitaly Portnikov"]
    assert item["authors"][1]["url"] == f"{BASE}/global/author/vitaly-portnikov/"
    assert item["tags"] == ["Exclusive", "war"]
    assert item["image"] == f"{BASE}{article.main_image.file.url}"
    assert "image" not in feed["items"][1]


@pytest.mark.parametrize("fmt", FORMATS)
def test_update_note_moves_the_updated_time_only(client, world, fmt):
    """An updated article keeps its first-published time and shows the update's time."""
    article = world["global"]["articles"][2]
    item = {i["id"]: i for i in items(client, f"/feeds/global/{fmt}")}[
        f"tag:news.example.org,2025:article:{article.pk}"]
    published = item.get("date_published") or item.get("published")
    modified = item.get("date_modified") or item.get("updated")
    assert published != modified
    if fmt == "feed.json":
        assert modified == iso(article.updated_at, article.edition)


@pytest.mark.parametrize("fmt", FORMATS)
def test_hostile_text_survives_every_format(client, world, fmt):
    """Markup, ``]]>``, right-to-left marks and the hostile author name read back intact;
    the control characters XML forbids are gone."""
    response = client.get(f"/feeds/global/{fmt}")
    assert b"\x01" not in response.content and b"\x1b" not in response.content
    item = items(client, f"/feeds/global/{fmt}")[0]
    assert item["title"] == clean_headline(0)
    assert "\u200fשלום\u200e" in item["title"]
    names = [a["name"] for a in (item.get("authors") or [])]
    assert world["reporter"].name in names


@pytest.mark.parametrize("fmt", FORMATS)
def test_ids_stay_the_same_when_the_headline_and_slug_change(client, world, fmt):
    """Editing the headline (and so the address) never changes an item's id."""
    url = f"/feeds/global/{fmt}"
    before = ids(client, url)
    article = Article.objects.get(pk=world["global"]["articles"][0].pk)
    article.headline, article.slug = "A new headline", "a-new-headline"
    article.save_revision()
    actions.PublishAction(article).execute()
    first = items(client, url)[0]
    assert first["title"] == "A new headline"
    assert (first["url"] if fmt == "feed.json" else first.link).endswith("/a-new-headline/")
    assert ids(client, url) == before


@pytest.mark.parametrize("fmt", FORMATS)
def test_hidden_articles_are_in_no_feed(client, world, fmt):
    """Drafts, scheduled, expired, retracted and future-dated articles are in no feed."""
    hidden = {f"tag:news.example.org,2025:article:{a.pk}" for a in world["hidden"]}
    for url in scope_urls(world).values():
        assert not hidden & set(ids(client, url + fmt))
        assert b"Hidden" not in client.get(url + fmt).content


@pytest.mark.parametrize("url", [
    "/feeds/nope/rss.xml", "/feeds/global/section/nope/atom.xml",
    "/feeds/global/tag/nope/feed.json",
    "/feeds/global/author/nope/rss.xml", "/feeds/global/rss.json", "/feeds/global/",
])
def test_unknown_feeds_are_404(client, world, url):
    """An unknown edition, section, tag, author or format is a 404, never a 500."""
    assert client.get(url).status_code == 404


def test_feeds_speak_the_edition_language(client, world):
    """Each feed declares its edition's language and links to its own address."""
    rss = read(client, "/feeds/main/rss.xml")
    assert rss.feed.language == "uk"
    assert rss.feed.title == "Дейтлайн"
    atom = read(client, "/feeds/main/atom.xml")
    assert atom.feed.links[1]["href"] == f"{BASE}/feeds/main/atom.xml"
    assert read(client, "/feeds/main/feed.json")["language"] == "uk"


def test_addresses_ignore_the_host_header(client, world):
    """A forged Host header changes no URL in a feed: all come from the base URL."""
    body = client.get("/feeds/global/atom.xml", HTTP_HOST="global.testserver").content
    assert b"global.testserver" not in body and b"testserver" not in body
