"""RSS 2.0, Atom 1.0 and JSON Feed 1.1 for an edition and each of its sections, tags and
authors, built on ``django.contrib.syndication``.

One ``ArticleFeed`` class says what an item is (id, link, headline, lead, body, times,
authors, labels and tags, main image); the three formats differ only in the writer
(``generators.py``) that turns the same item data into XML or JSON.
"""

from dataclasses import dataclass
from functools import cached_property

from django.contrib.syndication.views import Feed
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Prefetch
from django.http import Http404
from django.utils import translation
from django.utils.feedgenerator import Enclosure
from django.utils.html import escape

from dateline.caching import fragments, keys, memo
from dateline.caching.shows import ShownArticle, first_expiry, register, shows
from dateline.newsroom.addresses import article_url, page_url
from dateline.newsroom.dates import local
from dateline.newsroom.models import (
    Article,
    ArticleAuthor,
    ArticleTag,
    Author,
    Edition,
    Section,
    Tag,
)

from . import conf
from .generators import AtomFeed, JSONFeed, Piece, RssFeed
from .links import (
    FORMATS,
    article_guid,
    clean,
    feed_response,
    feed_url,
    image_length,
    image_type,
    image_url,
)
from .richtext import body_html

WRITERS = {"rss": RssFeed, "atom": AtomFeed, "json": JSONFeed}


@dataclass
class Scope:
    """What a feed is of: the whole edition, or one of its sections, tags or authors."""

    edition: Edition
    fmt: str  # "rss", "atom" or "json"
    kind: str | None = None  # None, "section", "tag" or "author"
    thing: object = None

    @property
    def slug(self):
        return self.thing.slug if self.thing else None

    @property
    def list_key(self):
        return keys.listing(self.kind or "edition", (self.thing or self.edition).pk)

    @cached_property
    def items(self):
        """The newest articles, as ``FeedItem``s kept per article in this format
        (``kept_items``)."""
        ids = self.articles().values_list("pk", flat=True)[:conf.feed_items()]
        return kept_items(list(ids), self.edition, self.fmt)

    def articles(self):
        published = Article.objects.published().filter(edition=self.edition)
        if self.kind == "section":
            return published.filter(section=self.thing).newest_first()
        if self.kind == "tag":
            return published.tagged(self.thing)
        if self.kind == "author":
            return published.by_author(self.thing)
        return published.newest_first()


class ArticleFeed(Feed):
    def __init__(self, fmt, kind=None):
        self.fmt, self.kind = fmt, kind
        self.feed_type = WRITERS[fmt]

    @shows(lambda feed: keys.edition(feed["scope"].edition.pk),
           lambda feed: feed["scope"].list_key)
    def __call__(self, request, code, slug=None):
        """As Django's ``Feed.__call__``, in the edition's language (feed titles and
        ``get_language()``), handing the page cache what the feed shows."""
        edition = memo.edition_coded(code)
        if edition is None:
            raise Http404("No such edition")
        with translation.override(edition.language):
            try:
                scope = self._scope(edition, slug)
            except ObjectDoesNotExist:
                raise Http404("No such feed") from None
            if scope.kind in ("tag", "author") and not scope.items:
                # As their pages: the name alone would tell of an unpublished story.
                raise Http404("Nothing published here")
            feed = self.get_feed(scope, request)
            response = feed_response(feed)
        response.context_data = {"scope": scope, "items": scope.items}
        return response

    def _scope(self, edition, slug):
        if self.kind == "section":
            thing = Section.objects.get(edition=edition, slug=slug)
        elif self.kind == "tag":
            thing = Tag.objects.get(edition=edition, slug=slug)
        elif self.kind == "author":
            thing = Author.objects.named_in(edition).get(slug=slug)
        else:
            thing = None
        return Scope(edition, self.fmt, self.kind, thing)

    def get_feed(self, scope, request):
        """Django's feed of the channel alone; its items come written ahead, one piece
        per article (``kept_items``)."""
        feed = super().get_feed(scope, request)
        feed.pieces = [item.piece for item in scope.items]
        return feed

    # -- the feed ------------------------------------------------------------------

    def title(self, scope):
        if scope.kind is None:
            return clean(scope.edition.name)
        return clean(f"{_name_of(scope.kind, scope.thing, scope.edition)} | {scope.edition.name}")

    def link(self, scope):
        if scope.kind is None:
            return page_url(scope.edition, "home")
        return page_url(scope.edition, scope.kind, scope.slug)

    def feed_url(self, scope):
        return feed_url(scope.edition, self.fmt, scope.kind, scope.slug)

    def feed_guid(self, scope):
        return self.feed_url(scope)

    def description(self, scope):
        if scope.kind == "author":
            return clean(scope.thing.role_in(scope.edition) or scope.thing.name_in(scope.edition))
        if scope.kind is not None:
            return clean(scope.thing.name)
        return clean(scope.edition.publication_name)

    def author_name(self, scope):
        return clean(scope.edition.publication_name)

    def author_link(self, scope):
        return page_url(scope.edition, "home")

    def feed_copyright(self, scope):
        return clean(f"© {scope.edition.publication_name}")

    def feed_extra_kwargs(self, scope):
        logo = scope.edition.logo
        return {"icon": image_url(logo)} if logo else {}

    def items(self, scope):
        return ()  # written ahead (``get_feed``)


@dataclass(frozen=True)
class FeedItem:
    """One article as every feed of its edition that lists it shows it, written in one
    format: the edition's, its section's, tags' and authors' feeds share it."""

    shown: ShownArticle
    piece: Piece


register(FeedItem, lambda item: [item.shown])


def kept_items(ids, edition, fmt):
    """The ``FeedItem``s of the published articles ``ids`` of ``edition``, in that order,
    written in ``fmt`` once per change of the article or of its edition's furniture
    (``caching.fragments``): a publish writes one item, not a feed."""
    return fragments.kept_per_article(f"feed-{fmt}", ids, edition.pk,
                                      lambda missing: _made_items(missing, edition, fmt))


def _made_items(ids, edition, fmt):
    articles = (Article.objects.published().filter(pk__in=ids)
                .select_related("edition", "section", "main_image")
                .prefetch_related("labels",
                                  Prefetch("author_links", ArticleAuthor.objects.named()),
                                  Prefetch("tag_links", ArticleTag.objects.select_related("tag"))))
    made = {}
    for article in articles:
        shown = ShownArticle(article.pk, article.edition_id, article.expire_at)
        piece = WRITERS[fmt].piece(edition.language, **item_kwargs(article))
        made[article.pk] = fragments.Made(FeedItem(shown, piece), first_expiry([shown]))
    return made


def item_kwargs(article):
    """What a feed says of ``article`` (the writers' ``add_item`` arguments): the same data
    for RSS, Atom and JSON Feed."""
    edition = article.edition
    image = article.main_image
    names = [label.name for label in article.labels.all()]
    names += [link.tag.name for link in article.tag_links.all()]
    return {
        "title": clean(article.headline),
        "link": article_url(edition, article.slug),
        "unique_id": article_guid(article),
        "unique_id_is_permalink": False,
        # RSS descriptions and Atom summaries are HTML: the plain-text lead is escaped.
        "description": escape(clean(article.lead)),
        "pubdate": local(article.first_published_at, edition).replace(microsecond=0),
        "updateddate": local(article.modified_at, edition).replace(microsecond=0),
        "categories": [clean(name) for name in names],
        # RSS <enclosure>, Atom <link rel="enclosure">; JSON Feed has "image" instead.
        "enclosures": [Enclosure(image_url(image), str(image_length(image)), image_type(image))]
        if image else [],
        "content": clean(body_html(article.body)),
        "summary_text": clean(article.lead),
        "authors": [{"name": clean(link.author_name),
                     "url": page_url(edition, "author", link.author.slug)}
                    for link in article.author_links.all()],
        "image": {
            "url": image_url(image), "type": image_type(image),
            "width": image.width, "height": image.height,
            "caption": clean(article.caption), "credit": clean(article.credit),
        } if image else None,
    }


def _name_of(kind, thing, edition):
    """A section's, tag's or author's name on ``edition``'s pages (an author's, as it
    writes it)."""
    if thing is None:
        return None
    return thing.name_in(edition) if kind == "author" else thing.name


def feed_links(edition, kind=None, thing=None):
    """(type, title, url) of each format of one feed, for ``<link rel="alternate">``."""
    # ``thing``: the section, tag or author; for ``live``, the live article.
    title = thing.headline if kind == "live" else _name_of(kind, thing, edition)
    name = edition.name if thing is None else f"{title} | {edition.name}"
    slug = thing.slug if thing is not None else None
    return [(mime, f"{name} ({label})", feed_url(edition, fmt, kind, slug))
            for fmt, (_file, mime, label) in FORMATS.items()]
