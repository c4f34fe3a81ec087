"""The article page's story: rendered once per change of the article, shared by every
process (``caching.fragments``).

The story is what the article alone decides on its page: the title; the head (description,
canonical and hreflang links, Open Graph, JSON-LD); the main column from the section kicker
to the tags (labels, headline, date line, byline, lead, picture, body, share row, a live
article's entries, updates and corrections); and the language switch. It changes when the
article's key is purged (any change of it, a translation's, a new caption of its picture,
a new entry), when its edition's furniture changes (a tag renamed, an author, a label) or
the site does; it stops being good when the article or a translation expires, or when a
live article's next scheduled entry comes out or its coverage ends.

A cold article page then reads one row and two fragments instead of rendering a story.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404
from django.template.loader import render_to_string

from dateline.caching import fragments, keys, memo
from dateline.caching.shows import Until, first_expiry, shown_in
from dateline.live import reading as live_reading
from dateline.newsroom.addresses import article_path, edition_url
from dateline.newsroom.models import Article, ArticleAuthor, ArticleTag
from dateline.translations.reading import original_updated

from .headlines import with_labels
from .pictures import ARTICLE_RENDITIONS, with_renditions
from .sharing import share_links

PARTS = ("title", "head", "main")


@dataclass(frozen=True)
class Story:
    pk: int
    edition_id: int
    section_id: int | None
    tag_ids: tuple
    title: str
    head: str
    main: str
    switch: tuple  # the language switch: (edition id, address) for each other edition
    shown: tuple  # what the page cache must know the story shows (``caching.shows``)

    def switch_to(self):
        editions = {edition.pk: edition for edition in memo.editions()}
        return [(editions[pk], url) for pk, url in self.switch if pk in editions]


def kept(request, edition, article_id):
    """The story of the published article ``article_id``, rendered once per change."""
    return fragments.kept(
        f"story-{article_id}", [keys.article(article_id), keys.edition(edition.pk)],
        lambda: _made(render(request, edition, article_id)))


def _made(story):
    return fragments.Made(story, first_expiry(story.shown))


def render(request, edition, article_id, before=None):
    """The story rendered now; ``before``: the cursor of a live article's older entries."""
    article = _load(edition, article_id)
    article.shown_labels = ()
    with_labels([article], edition)
    with_renditions([article.main_image,
                     *(link.author.photo for link in article.author_links.all())],
                    ARTICLE_RENDITIONS)
    context = {"edition": edition, "article": article, "article_labels": article.shown_labels,
               "translations": article.published_translations, "share": share_links(article)}
    if settings.DATELINE_TRANSLATION_NOTICE:
        context["original_updated"] = original_updated(article)
    if article.is_live_coverage:
        context.update(_live_context(request, article, before))
    parts = {part: render_to_string(f"site/story/{part}.html", context, request)
             for part in PARTS}
    return Story(pk=article.pk, edition_id=article.edition_id, section_id=article.section_id,
                 tag_ids=tuple(link.tag_id for link in article.tag_links.all()),
                 switch=tuple((other.pk, url) for other, url
                              in translation_links(article, context["translations"])),
                 shown=tuple(shown_in(context.values())), **parts)


def _load(edition, article_id):
    try:
        return (Article.objects.published().filter(edition=edition, pk=article_id)
                .select_related("edition", "section", "main_image").prefetch_related(
                    "updates",
                    Prefetch("author_links",
                             ArticleAuthor.objects.named().select_related("author__photo")),
                    Prefetch("tag_links", ArticleTag.objects.select_related("tag")),
                ).get())
    except Article.DoesNotExist:  # unpublished since the page found it
        raise Http404("No such article") from None


def translation_links(article, versions=None):
    """For each other edition: the translation when it is published there, else its home."""
    if versions is None:
        versions = article.published_translations
    slugs = {version.edition_id: version.slug for version in versions}
    return [(other, article_path(other, slugs[other.pk]) if other.pk in slugs
             else edition_url(other, "home"))
            for other in memo.other_editions(article.edition_id)]


def _live_context(request, article, before):
    """The entries of a live article's page; the page is good until the coverage ends
    (its "Live" badge) or the next scheduled entry comes out."""
    page = live_reading.entries_page(article, before)
    older_url = None
    if page.older is not None:
        params = request.GET.copy()
        params.pop("partial", None)
        params["before"] = page.older.encode()
        older_url = f"{request.path}?{params.urlencode()}#live-entries"
    # Only the first page follows the stream: an older page has nothing new on top.
    stream_url = f"{article.get_absolute_url()}live.json" if before is None else None
    return {"live": page, "older_entries_url": older_url, "live_stream_url": stream_url,
            "live_until": Until(page.changes_at)}
