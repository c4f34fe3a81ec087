"""Surrogate keys: what a cached response depends on, and what a change purges.

A response depends on

- ``site``: everything (editions, their furniture); every response carries it;
- ``edition-<id>``: the edition's furniture (name, sections, labels, tags, authors' names);
- ``article-<id>``: each article it shows. Showing an article means linking to it, so
  ``Article.get_absolute_url()`` records the key while a response is being made: feed
  items, "Read also", top stories, translation links, feed entries and API items are all
  covered without each view listing them. A response that shows its edition's news list
  leaves out the keys of that edition's articles: any change to one of them purges the
  list's key anyway, and fewer keys make a cache hit cheaper;
- ``list-<kind>-<id>``: the lists it shows (an edition's news, a section, a tag, an
  author, a day). Every page of a list carries the list's key, not only the first: an
  article published again keeps its old place and may land on any page.

A change of an article purges the article's key, its translations' keys and the keys of
every list it now belongs to (the lists it left are covered by its own key, since they
showed it). See ``keys_for_article``.
"""

import contextvars

SITE = "site"
SITEMAP_INDEX = "sitemap-index"
# Past this many keys a response is not stored: purging it would mean too much to track.
MAX_KEYS = 400

_collected = contextvars.ContextVar("dateline_cache_keys", default=None)


def edition(edition_id):
    return f"edition-{edition_id}"


def article(article_id):
    return f"article-{article_id}"


def listing(kind, ident):
    """``kind`` is one of edition, section, tag, author, day, front, sitemap."""
    return f"list-{kind}-{ident}"


def day(edition_id, date):
    return listing("day", f"{edition_id}-{date.isoformat()}")


def sitemap_page(edition_id, number):
    return listing("sitemap", f"{edition_id}-{number}")


class collecting:
    """Within the block, ``depends_on`` and ``shows_article`` add to ``self.keys``."""

    def __enter__(self):
        self.keys = {SITE}
        # When the first article shown expires: the response is good until then only.
        self.valid_until = None
        self._articles = {}  # article key -> its edition's list key
        self._token = _collected.set(self)
        return self

    def __exit__(self, *exc):
        _collected.reset(self._token)
        self.keys.update(key for key, edition_list in self._articles.items()
                         if edition_list not in self.keys)


def depends_on(*keys):
    """Record that the response being made shows what ``keys`` name (no-op outside)."""
    found = _collected.get()
    if found is not None:
        found.keys.update(keys)


def shows_article(article_id, edition_id, expire_at=None):
    """Record that the response being made shows this article (no-op outside)."""
    found = _collected.get()
    if found is not None and article_id:
        found._articles[article(article_id)] = listing("edition", edition_id)
        expires(expire_at)


def expires(moment):
    """Record that the response being made is good until ``moment`` (a datetime) at most."""
    found = _collected.get()
    if found is not None and moment is not None:
        moment = moment.timestamp()
        found.valid_until = min(found.valid_until or moment, moment)


def keys_for_article(article_obj):
    """Every key whose responses can change when ``article_obj`` changes."""
    from dateline.newsroom.models import Article
    from dateline.syndication.conf import sitemap_page_size

    found = {SITEMAP_INDEX, listing("edition", article_obj.edition_id)}
    size = sitemap_page_size()
    # Its translations link to it (language switch, hreflang in pages and sitemaps).
    for pk, edition_id in Article.objects.filter(
            translation_key=article_obj.translation_key).values_list("pk", "edition_id"):
        found.update({article(pk), sitemap_page(edition_id, (pk - 1) // size + 1)})
    if article_obj.section_id:
        found.add(listing("section", article_obj.section_id))
    found.update(listing("tag", pk) for pk in
                 article_obj.tag_links.values_list("tag_id", flat=True))
    found.update(listing("author", pk) for pk in
                 article_obj.author_links.values_list("author_id", flat=True))
    if article_obj.first_published_at:
        local = article_obj.first_published_at.astimezone(article_obj.edition.tz)
        found.add(day(article_obj.edition_id, local.date()))
    return found
