"""The public site. Every view reads through ``Article.objects.published()`` and never writes."""

from datetime import datetime, time, timedelta
from functools import wraps
from urllib.parse import urlencode

from django.db.models import Prefetch
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.search.backends import get_search_backend

from dateline.newsroom.models import (
    Article,
    ArticleAuthor,
    ArticleTag,
    Author,
    Edition,
    FrontPage,
    NewsImage,
    Section,
    Tag,
)

from .feed import BadCursor, Chunk, Cursor, group_by_day, read_chunk
from .links import edition_url

READ_ALSO_COUNT = 6
READ_ALSO_WINDOW = timedelta(days=30)
READ_ALSO_CANDIDATES = 300
FRONT_SLOTS = 6
# Every rendition the home page asks for, fetched with the images in one query.
FRONT_RENDITIONS = ("width-480", "width-800", "width-1200", "fill-320x180")
SEARCH_PAGE_SIZE = 40
MAX_SEARCH_PAGES = 50


def edition_page(view):
    """Resolve the edition from the URL prefix and render the page in its language."""

    @wraps(view)
    def wrapper(request, *args, prefix="", **kwargs):
        lookup = {"path_prefix": prefix} if prefix else {"is_default": True}
        edition = Edition.objects.filter(**lookup).select_related("logo").first()
        if edition is None:
            raise Http404("No such edition")
        request.edition = edition
        with translation.override(edition.language):
            return view(request, edition, *args, **kwargs)

    return wrapper


def listed(queryset):
    """What a feed item shows (time, labels, "Updated", headline, link), in fixed queries."""
    return queryset.select_related("edition").prefetch_related("labels")


def _cursor(request):
    text = request.GET.get("cursor")
    if not text:
        return None
    try:
        return Cursor.decode(text)
    except BadCursor:
        return False


def feed_response(request, edition, template, listing, context):
    """A page with a feed: the whole page, or (``?partial=1``) just the next chunk."""
    cursor = _cursor(request)
    if cursor is False:
        return HttpResponseBadRequest(_("This “More news” link is broken."))
    chunk = read_chunk(lambda before: listed(listing(before)), edition, cursor)
    context = {**page_context(edition), **context, "chunk": chunk,
               "more_url": _more_url(request, chunk)}
    if request.GET.get("partial"):
        return render(request, "site/includes/feed_chunk.html", context)
    if chunk.days:
        # A page read on its own (no JavaScript) heads its first day even when the
        # previous page showed part of it; only appended chunks continue a day.
        chunk.days[0].continued = False
    return render(request, template, context)


def _more_url(request, chunk):
    if chunk.next_cursor is None:
        return None
    params = request.GET.copy()
    params.pop("partial", None)
    params["cursor"] = chunk.next_cursor.encode()
    return f"{request.path}?{params.urlencode()}"


def page_context(edition):
    return {
        "edition": edition,
        "sections": list(Section.objects.filter(edition=edition)),
        "switch_to": [(other, edition_url(other, "home"))
                      for other in Edition.objects.exclude(pk=edition.pk)],
    }


def _published(edition):
    return Article.objects.published().filter(edition=edition)


@edition_page
def home(request, edition):
    front = FrontPage.objects.filter(edition=edition).first()
    featured = _front_page_articles(edition, front)
    return feed_response(
        request, edition, "site/home.html",
        lambda before: _published(edition).newest_first(before),
        {"top_story": featured[0] if featured else None, "featured": featured[1:]},
    )


def _front_page_articles(edition, front):
    """Top story then featured slots, as the editors set them; the latest news fill the rest."""
    chosen = []
    if front is not None:
        chosen = ([front.top_story_id] if front.top_story_id else []) + list(
            front.slots.values_list("article_id", flat=True))
    with_images = _published(edition).select_related("edition").prefetch_related(
        Prefetch("main_image", NewsImage.objects.prefetch_renditions(*FRONT_RENDITIONS)))
    articles = {article.pk: article for article in with_images.filter(pk__in=chosen)}
    featured = [articles[pk] for pk in chosen if pk in articles][:FRONT_SLOTS + 1]
    missing = FRONT_SLOTS + 1 - len(featured)
    if missing > 0:
        featured += list(with_images.exclude(pk__in=[a.pk for a in featured])
                         .newest_first()[:missing])
    return featured


@edition_page
def news(request, edition):
    return feed_response(request, edition, "site/listing.html",
                         lambda before: _published(edition).newest_first(before),
                         {"title": _("News"), "feed_title": None})


@edition_page
def section(request, edition, slug):
    section = get_object_or_404(Section, edition=edition, slug=slug)
    return feed_response(request, edition, "site/listing.html",
                         lambda before: _published(edition).filter(section=section)
                         .newest_first(before),
                         {"title": section.name, "current_section": section})


@edition_page
def tag(request, edition, slug):
    tag = get_object_or_404(Tag, edition=edition, slug=slug)
    return feed_response(request, edition, "site/listing.html",
                         lambda before: _published(edition).tagged(tag, before),
                         {"title": tag.name, "kicker": _("Tag"), "tag": tag})


@edition_page
def author(request, edition, slug):
    author = get_object_or_404(Author, slug=slug)
    return feed_response(request, edition, "site/author.html",
                         lambda before: _published(edition).by_author(author, before),
                         {"title": author.name, "author": author})


@edition_page
def day_archive(request, edition, year, month, day):
    try:
        start = datetime.combine(datetime(year, month, day), time(0), tzinfo=edition.tz)
    except (ValueError, OverflowError):
        raise Http404("No such day") from None
    end = start + timedelta(days=1)
    return feed_response(request, edition, "site/listing.html",
                         lambda before: _published(edition).filter(first_published_at__gte=start)
                         .filter(first_published_at__lt=end).newest_first(before),
                         {"title": start.date(), "archive_day": start})


@edition_page
def article(request, edition, slug):
    article = get_object_or_404(
        _published(edition).select_related("edition", "section", "main_image").prefetch_related(
            "labels", "updates",
            Prefetch("author_links", ArticleAuthor.objects.select_related("author", "author__photo")),
            Prefetch("tag_links", ArticleTag.objects.select_related("tag")),
        ),
        slug=slug,
    )
    return feed_response(
        request, edition, "site/article.html",
        lambda before: _published(edition).newest_first(before),
        {"article": article, "read_also": read_also(article),
         "switch_to": _translation_links(article)},
    )


def read_also(article):
    """Hand-picked related articles first, then recent ones sharing tags or the section.

    Automatic candidates come from the newest links of the article's tags and the newest
    articles of its section (index range scans, bounded), ranked by tags shared, then
    recency: a few cheap queries whatever the size of the archive or of a tag.
    """
    published = _published(article.edition).exclude(pk=article.pk).select_related("edition")
    chosen = list(article.related_links.values_list("related_id", flat=True))
    found = {a.pk: a for a in published.filter(pk__in=chosen)}
    picked = [found[pk] for pk in chosen if pk in found][:READ_ALSO_COUNT]
    wanted = READ_ALSO_COUNT - len(picked)
    shared = _read_also_candidates(article)
    for pk in chosen + [article.pk]:
        shared.pop(pk, None)
    candidates = list(published.filter(pk__in=shared))
    candidates.sort(key=lambda a: (shared[a.pk], a.first_published_at, a.pk), reverse=True)
    return picked + candidates[:wanted]


def _read_also_candidates(article):
    """{article id: tags shared} for recent articles near this one."""
    since = timezone.now() - READ_ALSO_WINDOW
    tag_ids = [link.tag_id for link in article.tag_links.all()]
    shared = {}
    for article_id in (ArticleTag.objects.filter(tag_id__in=tag_ids, published_at__gte=since)
                       .order_by("-published_at")
                       .values_list("article_id", flat=True)[:READ_ALSO_CANDIDATES]):
        shared[article_id] = shared.get(article_id, 0) + 1
    if article.section_id:
        for article_id in (_published(article.edition).filter(section_id=article.section_id)
                           .newest_first().values_list("id", flat=True)[:READ_ALSO_COUNT * 2]):
            shared.setdefault(article_id, 0)
    return shared


def _translation_links(article):
    """For each other edition: the translation when it is published there, else its home."""
    translations = {a.edition_id: a for a in Article.objects.published()
                    .filter(translation_key=article.translation_key)
                    .exclude(pk=article.pk).select_related("edition")}
    return [(other, translations[other.pk].get_absolute_url() if other.pk in translations
             else edition_url(other, "home"))
            for other in Edition.objects.exclude(pk=article.edition_id)]


@edition_page
def search(request, edition):
    query = request.GET.get("q", "").strip()[:200]
    try:
        page = int(request.GET.get("page", "1"))
    except ValueError:
        return HttpResponseBadRequest(_("The page number must be a whole number."))
    if not 1 <= page <= MAX_SEARCH_PAGES:
        raise Http404("No such page of results")
    results, more_url = [], None
    if query:
        candidates = Article.objects.filter(edition=edition, live=True).order_by(
            "-first_published_at")
        found = get_search_backend().search(query, candidates, order_by_relevance=False)
        offset = (page - 1) * SEARCH_PAGE_SIZE
        ids = [hit.pk for hit in found[offset:offset + SEARCH_PAGE_SIZE + 1]]
        if len(ids) > SEARCH_PAGE_SIZE:
            more_url = f"?{urlencode({'q': query, 'page': page + 1})}"
        results = list(listed(_published(edition).filter(pk__in=ids[:SEARCH_PAGE_SIZE]))
                       .newest_first())
    return render(request, "site/search.html", {
        **page_context(edition), "query": query, "more_url": more_url,
        "chunk": Chunk(days=group_by_day(results, edition), next_cursor=None),
    })
