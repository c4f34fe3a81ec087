"""Surrogate keys: the names of what a cached response shows, and what a change purges.

A response depends on

- ``site``: everything (editions, their furniture); every response carries it;
- ``edition-<id>``: the edition's furniture (name, sections, labels, tags, authors' names);
- ``article-<id>``: each article it shows (``shows.py`` collects them);
- ``list-<kind>-<id>``: the lists it shows (an edition's news, a section, a tag, an
  author, a day, the edition's corrections). Every page of a list carries the list's key,
  not only the first: an article published again keeps its old place and may land on any
  page.

A change of an article purges the article's key, its translations' keys and the keys of
every list it now belongs to (the lists it left are covered by its own key, since they
showed it), and whatever the apps above registered in ``ARTICLE_KEY_SOURCES`` (the sitemap
page that lists it, say). See ``keys_for_article``.
"""

SITE = "site"
SITEMAP_INDEX = "sitemap-index"
# Past this many keys a response is not stored: purging it would mean too much to track.
MAX_KEYS = 400

# More keys a change of an article purges, from apps that lay out pages caching does not
# know (``syndication`` registers its sitemap pages in ``ready()``): callables taking the
# article and the ids of its versions as {article id: edition id}, giving keys.
ARTICLE_KEY_SOURCES = []


def edition(edition_id):
    return f"edition-{edition_id}"


def article(article_id):
    return f"article-{article_id}"


def listing(kind, ident):
    """``kind`` is one of edition, section, tag, author, day, front, sitemap, search,
    corrections, and the API's
    sections, labels, tags and authors."""
    return f"list-{kind}-{ident}"


def news(edition_id):
    """The edition's news: every page that lists its latest articles."""
    return listing("edition", edition_id)


def search(edition_id):
    """The edition's search pages: they change when the index takes in new text."""
    return listing("search", edition_id)


def corrections(edition_id):
    """The edition's corrections page and feed: they change when an article that carries a
    correction or clarification changes (one added, the article unpublished...)."""
    return listing("corrections", edition_id)


def front(edition_id):
    return listing("front", edition_id)


def day(edition_id, date):
    return listing("day", f"{edition_id}-{date.isoformat()}")


def sitemap_page(edition_id, number):
    return listing("sitemap", f"{edition_id}-{number}")


def keys_for_article(article_obj):
    """Every key whose responses can change when ``article_obj`` changes."""
    from dateline.newsroom.models import Article, ArticleUpdate

    found = {SITEMAP_INDEX, news(article_obj.edition_id)}
    # Its translations link to it (language switch, hreflang in pages and sitemaps).
    versions = dict(Article.objects.filter(translation_key=article_obj.translation_key)
                    .values_list("pk", "edition_id"))
    found.update(article(pk) for pk in versions)
    if article_obj.section_id:
        found.add(listing("section", article_obj.section_id))
    found.update(listing("tag", pk) for pk in
                 article_obj.tag_links.values_list("tag_id", flat=True))
    found.update(listing("author", pk) for pk in
                 article_obj.author_links.values_list("author_id", flat=True))
    if ArticleUpdate.objects.filter(article_id=article_obj.pk,
                                    kind__in=ArticleUpdate.CORRECTIONS).exists():
        found.add(corrections(article_obj.edition_id))
    if article_obj.first_published_at:
        local = article_obj.first_published_at.astimezone(article_obj.edition.tz)
        found.add(day(article_obj.edition_id, local.date()))
    for source in ARTICLE_KEY_SOURCES:
        found.update(source(article_obj, versions))
    return found
