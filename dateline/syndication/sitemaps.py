"""Sitemaps: an index, each edition's pages and articles, and the Google News sitemap.

Article sitemaps are pages of article ids: page ``n`` of an edition lists its published
articles with ``(n - 1) * size < id <= n * size`` (``size`` is
``DATELINE_SITEMAP_PAGE_SIZE``). So a page never holds more than ``size`` URLs, reading it
is one range scan of the primary key however many articles there are (no OFFSET), and an
article stays on the same page for good: publishing more only adds to the last pages.
Pages with no published article of the edition are not listed, and are 404, like any page
number that is not a positive whole number.

The index finds the pages that have articles by skipping ahead: "the first published id
after this page's start" is one short index scan, and it names the next page that has
something, so the index costs one query per listed page and reads no article list. It
gives no ``lastmod`` for article pages: that would be the newest change among all of an
edition's articles, a scan of the whole table (2.4 s at a million articles); each URL in
the pages carries its own ``lastmod``.

Rows are read as tuples, not models: a page of 25,000 ids builds no model instance, and
reads exactly the rows it lists (plus one query for their translations).

Every text and URL goes through ``links.clean`` and XML escaping; URLs are absolute,
built from the configured base URL and percent-encoded.
"""

from dataclasses import dataclass
from datetime import datetime
from xml.sax.saxutils import escape, quoteattr

from django.db.models import Count, Max
from django.urls import reverse
from django.utils import timezone

from dateline.caching import keys
from dateline.infopages.reading import footer_pages
from dateline.newsroom.addresses import absolute, article_url, base_url, page_url
from dateline.newsroom.dates import iso
from dateline.newsroom.models import Article, Edition, NewsImage, Section

from . import conf
from .links import clean, hreflang_links

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
IMAGE_NS = "http://www.google.com/schemas/sitemap-image/1.1"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"


@dataclass
class Entry:
    """One ``<url>``: an article's address, when it last changed, and its extensions."""

    loc: str
    lastmod: str
    image: str = ""
    alternates: tuple = ()  # ((hreflang, url), ...), empty without a translation
    news: dict | None = None  # publication_date and title, in the Google News sitemap
    expire_at: datetime | None = None  # when it leaves the sitemap


def _text(value):
    return escape(clean(value))


def _attr(value):
    return quoteattr(clean(value))


def _image(name):
    """The absolute URL of an original image file, from the storage's own (encoded) URL."""
    if not name:
        return ""
    url = NewsImage._meta.get_field("file").storage.url(name)
    return base_url() + url if url.startswith("/") and not url.startswith("//") else url


def _lastmod(edition, *times):
    """When the page last changed: its last publication (an edit or an update note)."""
    return iso(max(t for t in times if t is not None), edition)


def parse_page_number(text):
    """``?p=`` as a page number: a positive whole number written in digits, else None."""
    if text is None:
        return 1
    if not (text.isascii() and text.isdigit()) or len(text) > 9 or int(text) < 1:
        return None
    return int(text)


def _published(now):
    return Article.objects.published(now=now)


def _xml(root, namespaces, body):
    ns = "".join(f" xmlns:{prefix}={quoteattr(uri)}" for prefix, uri in namespaces.items())
    return "".join(['<?xml version="1.0" encoding="UTF-8"?>\n',
                    f"<{root} xmlns={quoteattr(SITEMAP_NS)}{ns}>\n", *body, f"</{root}>\n"])


def sitemap_url(edition, name, page=None):
    path = reverse(f"syndication:sitemap-{name}", args=[edition.code])
    return absolute(path + (f"?p={page}" if page is not None else ""))


# -- the index ------------------------------------------------------------------------------

def article_pages(edition, now=None):
    """The numbers of the edition's article sitemap pages that list something."""
    published = _published(now or timezone.now()).filter(edition=edition).order_by("id")
    size, pages, start = conf.sitemap_page_size(), [], 0
    while True:
        found = published.filter(id__gt=start).values_list("id", flat=True).first()
        if found is None:
            return pages
        pages.append((found - 1) // size + 1)
        start = pages[-1] * size


def _recent(edition, now):
    return _published(now).filter(edition=edition,
                                  first_published_at__gte=now - conf.NEWS_WINDOW)


def news_pages(edition, now=None):
    """[(page number, lastmod)] of the edition's Google News sitemaps (none when nothing
    was first published in the last two days)."""
    found = _recent(edition, now or timezone.now()).aggregate(
        count=Count("id"), last=Max("last_published_at"), updated=Max("updated_at"))
    pages = -(-found["count"] // conf.news_sitemap_size())
    return [(n, _lastmod(edition, found["last"], found["updated"]))
            for n in range(1, pages + 1)]


def index_xml(now=None):
    now = now or timezone.now()
    entries = []
    for edition in Edition.objects.all():
        sitemaps = [(sitemap_url(edition, "pages"), None)]
        sitemaps += [(sitemap_url(edition, "articles", n), None)
                     for n in article_pages(edition, now)]
        sitemaps += [(sitemap_url(edition, "news", n if n > 1 else None), last)
                     for n, last in news_pages(edition, now)]
        entries += [f"<sitemap><loc>{_text(loc)}</loc>"
                    + (f"<lastmod>{last}</lastmod>" if last else "") + "</sitemap>\n"
                    for loc, last in sitemaps]
    return _xml("sitemapindex", {}, entries)


# -- an edition's pages ----------------------------------------------------------------------

def pages_xml(edition):
    """The edition's home, its news list, each section and each published info page."""
    urls = [page_url(edition, "home"), page_url(edition, "news")]
    urls += [page_url(edition, "section", section.slug)
             for section in Section.objects.filter(edition=edition)]
    urls += [page_url(edition, "info", slug) for _title, slug in footer_pages(edition)]
    return _xml("urlset", {}, [f"<url><loc>{_text(url)}</loc></url>\n" for url in urls])


# -- article pages ---------------------------------------------------------------------------

def _translations(edition, page, now):
    """{translation key: ({edition id: url}, editions)} of the published versions in other
    editions of the articles on ``page`` (a queryset: a subquery, not thousands of
    parameters)."""
    editions = {e.pk: e for e in Edition.objects.all()}
    versions = {}
    rows = (_published(now).filter(translation_key__in=page.values("translation_key"))
            .exclude(edition=edition).values_list("translation_key", "edition_id", "slug"))
    for key, edition_id, slug in rows:
        versions.setdefault(key, {})[edition_id] = article_url(editions[edition_id], slug)
    return {key: (found, editions) for key, found in versions.items()}


def page_number(article_id):
    """The article sitemap page that lists ``article_id`` (in its edition)."""
    return (article_id - 1) // conf.sitemap_page_size() + 1


def pages_listing(article, versions):
    """The surrogate keys of the sitemap pages listing ``versions`` ({id: edition id}) of
    ``article``: a change of it changes them (registered with ``caching.keys``)."""
    return {keys.sitemap_page(edition_id, page_number(pk)) for pk, edition_id in versions.items()}


def article_page(edition, number, now=None):
    """The entries of one article sitemap page; empty when it lists nothing."""
    now = now or timezone.now()
    size = conf.sitemap_page_size()
    page = _published(now).filter(edition=edition, id__gt=(number - 1) * size,
                                  id__lte=number * size)
    rows = list(page.order_by("id").values_list(
        "slug", "translation_key", "first_published_at", "last_published_at", "updated_at",
        "main_image__file", "expire_at"))
    if not rows:
        return []
    translations = _translations(edition, page, now)
    entries = []
    for slug, key, first, last, updated, image, expire_at in rows:
        loc = article_url(edition, slug)
        alternates = ()
        if key in translations:
            versions, editions = translations[key]
            alternates = hreflang_links({**versions, edition.pk: loc}, editions, edition.pk)
        entries.append(Entry(loc, _lastmod(edition, first, last, updated), _image(image),
                             alternates, expire_at=expire_at))
    return entries


def _url_xml(entry, extensions=""):
    return (f"<url><loc>{_text(entry.loc)}</loc><lastmod>{entry.lastmod}</lastmod>"
            f"{extensions}</url>\n")


def articles_xml(edition, entries):
    body = []
    for entry in entries:
        extensions = "".join(
            f'<xhtml:link rel="alternate" hreflang={_attr(lang)} href={_attr(url)}/>'
            for lang, url in entry.alternates)
        if entry.image:
            extensions += (f"<image:image><image:loc>{_text(entry.image)}</image:loc>"
                           "</image:image>")
        body.append(_url_xml(entry, extensions))
    return _xml("urlset", {"xhtml": XHTML_NS, "image": IMAGE_NS}, body)


# -- Google News -------------------------------------------------------------------------------

def news_page(edition, number, now=None):
    """Articles first published in the last two days, newest first, ``size`` a page.

    OFFSET is fine here: the window holds a few thousand rows at most, read in the order
    of the edition's feed index.
    """
    now = now or timezone.now()
    size = conf.news_sitemap_size()
    start = (number - 1) * size
    rows = list(_recent(edition, now).newest_first()
                .values_list("slug", "headline", "first_published_at", "last_published_at",
                             "updated_at", "expire_at")[start:start + size])
    return [Entry(article_url(edition, slug), _lastmod(edition, first, last, updated),
                  news={"publication_date": iso(first, edition), "title": headline},
                  expire_at=expire_at)
            for slug, headline, first, last, updated, expire_at in rows]


def news_xml(edition, entries):
    publication = (f"<news:publication><news:name>{_text(edition.publication_name)}"
                   f"</news:name><news:language>{_text(edition.language)}</news:language>"
                   "</news:publication>")
    body = [_url_xml(entry, f"<news:news>{publication}"
                            f"<news:publication_date>{entry.news['publication_date']}"
                            f"</news:publication_date>"
                            f"<news:title>{_text(entry.news['title'])}</news:title>"
                            "</news:news>")
            for entry in entries]
    return _xml("urlset", {"news": NEWS_NS}, body)
