"""Absolute addresses, stable ids and text that every output can carry.

Every absolute URL is built from the configured public base URL (``conf.base_url()``),
never from the request's Host header, so a forged header cannot put another site's
address into a feed, a sitemap or a canonical link.
"""

import mimetypes
import re
from urllib.parse import urlsplit

from django.urls import reverse
from django.utils.encoding import iri_to_uri

from dateline.newsroom.models import Article
from dateline.site.links import edition_url

from . import conf

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


def absolute(path_or_url):
    """An absolute, percent-encoded URL for a site path (or an already absolute URL)."""
    if not path_or_url:
        return ""
    if path_or_url.startswith(("http://", "https://")):
        return iri_to_uri(path_or_url)
    if path_or_url.startswith("//"):
        return iri_to_uri(f"{urlsplit(conf.base_url()).scheme}:{path_or_url}")
    return iri_to_uri(conf.base_url() + path_or_url)


def page_url(edition, name, *args):
    return absolute(edition_url(edition, name, *args))


def article_url(article):
    return absolute(article.get_absolute_url())


def address(edition, slug):
    """The absolute URL of the edition's article with ``slug``, by the model's own address
    rule, without building a model instance (for lists of thousands read as values)."""
    return absolute(Article.address(edition, slug))


def article_guid(article):
    """The article's id in feeds: a tag: URI on its primary key, so edits never change it."""
    host = urlsplit(conf.base_url()).hostname or "localhost"
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


def hreflang_links(versions, editions, current):
    """[(hreflang, url)] for {edition id: url}: every version, then x-default: the main
    edition's version when there is one, else the ``current`` edition's."""
    ordered = sorted((e for e in editions.values() if e.pk in versions),
                     key=lambda e: (not e.is_default, e.language))
    default = next((e.pk for e in ordered if e.is_default), current)
    return [(e.language, versions[e.pk]) for e in ordered] + [("x-default", versions[default])]
