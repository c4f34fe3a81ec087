"""Feed addresses, stable ids and text that every syndication output can carry.

Absolute URLs come from ``newsroom.addresses`` (the configured public base URL, never the
request's Host header).
"""

import mimetypes
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils.http import http_date

from dateline.newsroom.addresses import absolute, base_url

# Characters XML 1.0 does not allow (C0 controls other than tab, LF and CR; lone
# surrogates; U+FFFE and U+FFFF). Stripped from every text before it is written anywhere.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

FORMATS = {
    "rss": ("rss.xml", "application/rss+xml", "RSS"),
    "atom": ("atom.xml", "application/atom+xml", "Atom"),
    "json": ("feed.json", "application/feed+json", "JSON Feed"),
}


def clean(text):
    """``text`` as a string without the characters XML 1.0 forbids ("" for None)."""
    return _NOT_XML.sub("", str(text)) if text is not None else ""


def article_guid(article):
    """The article's id in feeds: a tag: URI on its primary key, so edits never change it."""
    host = urlsplit(base_url()).hostname or "localhost"
    return f"tag:{host},2025:article:{article.pk}"


def image_url(image):
    """The original file of a library image, absolute."""
    return absolute(image.file.url) if image and image.file else ""


def image_type(image):
    return mimetypes.guess_type(image.file.name)[0] or "image/jpeg"


def image_length(image):
    """The file's size in bytes, without writing it back to the image row."""
    if image.file_size:
        return image.file_size
    try:
        return image.file.size
    except OSError:
        return 0


def feed_url(edition, fmt, kind=None, slug=None):
    """The address of one of the edition's feeds: the whole edition, or a section, tag or
    author (``kind``) by ``slug``."""
    if kind is None:
        return absolute(reverse(f"syndication:feed-{fmt}", args=[edition.code]))
    return absolute(reverse(f"syndication:{kind}-feed-{fmt}", args=[edition.code, slug]))


def corrections_feed_url(edition):
    """The address of the RSS feed of the edition's corrections page."""
    return absolute(reverse("syndication:corrections-feed-rss", args=[edition.code]))


def edition_feed_urls(edition):
    """The edition's feeds, for proxies that purge by URL (``caching.frontend``)."""
    return [feed_url(edition, fmt) for fmt in FORMATS]


def hub():
    """The WebSub hub every feed names (``DATELINE_WEBSUB_HUB``), or "" for none."""
    return settings.DATELINE_WEBSUB_HUB


def feed_response(feed):
    """``feed`` written out as a response with Last-Modified and, when there is a hub, the
    WebSub discovery header (W3C WebSub §4: ``Link`` with rel="hub" and rel="self")."""
    response = HttpResponse(content_type=feed.content_type)
    response.headers["Last-Modified"] = http_date(feed.latest_post_date().timestamp())
    if hub():
        response.headers["Link"] = f'<{hub()}>; rel="hub", <{feed.feed["feed_url"]}>; rel="self"'
    feed.write(response, "utf-8")
    return response


def feeds_showing(article, action):
    """The addresses of every feed a change of ``article`` (of kind ``action``) changes: the
    edition's, its section's, tags' and authors' (each format), the live article's own feed
    for an entry, the corrections feed for a correction or clarification."""
    edition = article.edition
    if action == "entry":
        return [feed_url(edition, fmt, "live", article.slug) for fmt in FORMATS]
    scopes = [(None, None)]
    if article.section_id:
        scopes.append(("section", article.section.slug))
    scopes += [("tag", link.tag.slug) for link in article.tag_links.select_related("tag")]
    scopes += [("author", link.author.slug)
               for link in article.author_links.select_related("author")]
    urls = [feed_url(edition, fmt, kind, slug) for kind, slug in scopes for fmt in FORMATS]
    if action in ("correction", "clarification", "retract"):
        urls.append(corrections_feed_url(edition))
    return urls


def hreflang_links(versions, editions, current):
    """[(hreflang, url)] for {edition id: url}: every version, then x-default: the main
    edition's version when there is one, else the ``current`` edition's."""
    ordered = sorted((e for e in editions.values() if e.pk in versions),
                     key=lambda e: (not e.is_default, e.language))
    default = next((e.pk for e in ordered if e.is_default), current)
    return [(e.language, versions[e.pk]) for e in ordered] + [("x-default", versions[default])]
