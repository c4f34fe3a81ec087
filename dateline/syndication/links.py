"""Feed addresses, stable ids and text that every syndication output can carry.

Absolute URLs come from ``newsroom.addresses`` (the configured public base URL, never the
request's Host header).
"""

import mimetypes
import re
from urllib.parse import urlsplit

from django.urls import reverse

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


def hreflang_links(versions, editions, current):
    """[(hreflang, url)] for {edition id: url}: every version, then x-default: the main
    edition's version when there is one, else the ``current`` edition's."""
    ordered = sorted((e for e in editions.values() if e.pk in versions),
                     key=lambda e: (not e.is_default, e.language))
    default = next((e.pk for e in ordered if e.is_default), current)
    return [(e.language, versions[e.pk]) for e in ordered] + [("x-default", versions[default])]
