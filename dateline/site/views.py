"""The public site. Every view reads through ``Article.objects.published()`` and never writes."""

import logging
from collections import Counter
from datetime import datetime, time, timedelta
from functools import wraps

from django.conf import settings
from django.db import DatabaseError
from django.db.models import Prefetch
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dateline.breaking.reading import banner as breaking_banner
from dateline.caching import keys, memo
from dateline.caching.shows import Until, shows
from dateline.live import reading as live_reading
from dateline.live import stream
from dateline.mostread.reading import key as most_read_key
from dateline.newsroom import corrections as corrections_list
from dateline.newsroom.addresses import article_path, edition_url
from dateline.newsroom.cursors import BadCursor, Cursor
from dateline.newsroom.models import (
    Article,
    ArticleAuthor,
    ArticleTag,
    Author,
    Section,
    Tag,
)
from dateline.search import reading as search_reading
from dateline.translations import counterparts
from dateline.translations.reading import original_updated

from . import searching
from .feed import read_chunk
from .front import front_page
from .headlines import COLUMNS, Headline, headlines, with_labels
from .latest import latest_news, news_of
from .pictures import ARTICLE_RENDITIONS, with_renditions
from .sharing import share_links

READ_ALSO_COUNT = 6
READ_ALSO_WINDOW = timedelta(days=30)
READ_ALSO_CANDIDATES = 300
SEARCH_PAGE_SIZE = searching.PAGE_SIZE
MAX_SEARCH_PAGES = searching.MAX_PAGES
# A search counts its results up to this, then says "more than": each one counted is a
# row read, and a reader learns as much from "more than 200" as from "more than 1,000".
MAX_SEARCH_COUNT = 200
# What a search that found nothing offers instead.
NOTHING_FOUND_LATEST = 5

logger = logging.getLogger("dateline.site")


def edition_page(view):
    """Resolve the edition from the URL prefix and render the page in its language; the
    page shows the edition's furniture (name, sections, labels)."""
    view = shows(lambda page: keys.edition(page["edition"].pk))(view)

    @wraps(view)
    def wrapper(request, *args, prefix="", **kwargs):
        edition = memo.edition_at(prefix)
        if edition is None:
            raise Http404("No such edition")
        request.edition = edition
        with translation.override(edition.language):
            response = view(request, edition, *args, **kwargs)
            if isinstance(response, TemplateResponse):
                response.render()
            return response

    return wrapper


def _news(page):
    return keys.news(page["edition"].pk)


def _cursor(request, name="cursor"):
    """The cursor in the query parameter ``name``: None if absent, False if broken."""
    text = request.GET.get(name)
    if not text:
        return None
    try:
        return Cursor.decode(text)
    except BadCursor:
        return False


def feed_response(request, edition, template, listing, context, latest=False):
    """A page with a feed: the whole page, or (``?partial=1``) just the next chunk.

    ``latest``: the feed (``listing``) is the edition's latest news beside the page (home,
    article), the same on every such page: its first chunk comes ready-made (``latest.py``).
    """
    cursor = _cursor(request)
    if cursor is False:
        return HttpResponseBadRequest(_("This “More news” link is broken."))
    partial = request.GET.get("partial")
    if latest and cursor is None and not partial:
        ready = latest_news(edition)
        chunk, context = ready.chunk, {**context, "latest_html": ready.html}
    else:
        chunk = read_chunk(listing, edition, cursor)
        with_labels(chunk.items, edition)
    context = {**page_context(edition), **context, "chunk": chunk,
               "more_url": _more_url(request, chunk)}
    if partial:
        # The newest chunk, which open pages ask for again and again, brings the banner.
        return TemplateResponse(request, "site/includes/feed_chunk.html",
                                {**context, "newest": cursor is None})
    if chunk.days:
        # A page read on its own (no JavaScript) heads its first day even when the
        # previous page showed part of it; only appended chunks continue a day.
        chunk.days[0].continued = False
    return TemplateResponse(request, template, context)


def _more_url(request, chunk):
    return _next_url(request, chunk.next_cursor)


def _next_url(request, cursor):
    if cursor is None:
        return None
    params = request.GET.copy()
    params.pop("partial", None)
    params["cursor"] = cursor.encode()
    return f"{request.path}?{params.urlencode()}"


def page_context(edition):
    return {
        "edition": edition,
        "breaking": breaking_banner(edition),
        "sections": memo.sections(edition),
        "switch_to": [(other, edition_url(other, "home"))
                      for other in memo.other_editions(edition.pk)],
    }


def _published(edition):
    return Article.objects.published().filter(edition=edition)


@edition_page
@shows(_news, lambda page: keys.front(page["edition"].pk),
       lambda page: most_read_key(page["edition"].pk))
def home(request, edition):
    front = front_page(edition, memo.sections(edition))
    return feed_response(
        request, edition, "site/home.html", news_of(edition),
        {"front": front, "top_story": front.top_story, "featured": front.featured},
        latest=True,
    )


@edition_page
@shows(_news)
def news(request, edition):
    return feed_response(request, edition, "site/listing.html", news_of(edition),
                         {"title": _("News"), "feed_title": None})


def _counterpart_keys(page):
    """A tag or section page's language switch names its counterparts' pages: their lists
    (a tag's page opens once a story carries it)."""
    return [keys.listing(type(there).__name__.lower(), there.pk)
            for there in page.get("counterparts", ())]


def _switch(thing, edition, name):
    """The language switch of a tag or section page, and the counterparts it names."""
    links, paired = counterparts.switch_links(
        thing, memo.other_editions(edition.pk),
        lambda other, slug: edition_url(other, name, slug))
    return {"switch_to": links, "counterparts": paired}


@edition_page
@shows(lambda page: keys.listing("section", page["current_section"].pk), _counterpart_keys)
def section(request, edition, slug):
    """The section's front: its newest story as the lead (largest picture, lead text),
    then the rest as a list; a next page (cursor) is the plain list."""
    section = get_object_or_404(Section, edition=edition, slug=slug)
    in_section = _published(edition).filter(section=section)
    lead = None
    if request.GET.get("cursor") is None and not request.GET.get("partial"):
        lead = (in_section.select_related("edition", "main_image").newest_first()
                .only("id", "edition", "slug", "headline", "lead", "first_published_at",
                      "main_image").first())
    if lead:
        lead.shown_labels = ()
        with_labels([lead], edition)
    listed = in_section.exclude(pk=lead.pk) if lead else in_section
    return feed_response(request, edition, "site/listing.html",
                         lambda before: listed.newest_first(before),
                         {"title": section.name, "current_section": section,
                          "section_lead": lead, **_switch(section, edition, "section")})


@edition_page
@shows(lambda page: keys.listing("tag", page["tag"].pk), _counterpart_keys)
def tag(request, edition, slug):
    tag = get_object_or_404(Tag, edition=edition, slug=slug)
    _in_use(_published(edition).tagged(tag))
    return feed_response(request, edition, "site/listing.html",
                         lambda before: _published(edition).tagged(tag, before),
                         {"title": tag.name, "kicker": _("Tag"), "tag": tag, "days_if_busy": True,
                          **_switch(tag, edition, "tag")})


@edition_page
@shows(lambda page: keys.listing("author", page["author"].pk))
def author(request, edition, slug):
    author = get_object_or_404(Author.objects.named_in(edition), slug=slug)
    _in_use(_published(edition).by_author(author))
    return feed_response(request, edition, "site/author.html",
                         lambda before: _published(edition).by_author(author, before),
                         {"title": author.shown_name, "author": author, "days_if_busy": True})


def _in_use(published):
    """A tag or author that no published article of the edition carries has no page: its
    name alone would tell of an embargoed or draft story."""
    if not published.exists():
        raise Http404("Nothing published here")


@edition_page
@shows(lambda page: keys.day(page["edition"].pk, page["archive_day"].date()))
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


# The feed beside it and "Read also" can change with any publish in the edition; its own
# key too: a translation published elsewhere changes its language switch.
@edition_page
@shows(_news, lambda page: keys.article(page["article"].pk))
def article(request, edition, slug):
    article = get_object_or_404(
        _published(edition).select_related("edition", "section", "main_image").prefetch_related(
            "updates",
            Prefetch("author_links", ArticleAuthor.objects.named().select_related("author__photo")),
            Prefetch("tag_links", ArticleTag.objects.select_related("tag")),
        ),
        slug=slug,
    )
    cards = read_also(article)
    # The article's labels and its cards' in one query (a preview of the desk's has none:
    # the page reads the draft's).
    article.shown_labels = ()
    with_labels([article, *(headline for headline, _picture in cards)], edition)
    with_renditions([article.main_image, *(picture for _headline, picture in cards),
                     *(link.author.photo for link in article.author_links.all())],
                    ARTICLE_RENDITIONS)
    context = {"article": article, "article_labels": article.shown_labels, "read_also": cards,
               "translations": article.published_translations,
               "switch_to": _translation_links(article), "share": share_links(article)}
    if settings.DATELINE_TRANSLATION_NOTICE:
        context["original_updated"] = original_updated(article)
    if article.is_live_coverage:
        before = _cursor(request, "before")
        if before is False:
            return HttpResponseBadRequest(_("This “Older entries” link is broken."))
        context.update(_live_context(request, article, before))
    return feed_response(request, edition, "site/article.html", news_of(edition), context,
                         latest=True)


@edition_page
@shows(lambda page: keys.corrections(page["edition"].pk))
def corrections(request, edition):
    """Every correction and clarification of the edition's published articles, newest
    first (``newsroom/corrections.py``); the articles they name are in the context, so a
    change to one of them purges the page too."""
    cursor = _cursor(request)
    if cursor is False:
        return HttpResponseBadRequest(_("This “More corrections” link is broken."))
    notes, next_cursor = corrections_list.page_of(edition, cursor)
    return TemplateResponse(request, "site/corrections.html", {
        **page_context(edition), "notes": notes, "articles": [note.article for note in notes],
        "more_url": _next_url(request, next_cursor), "first_page": cursor is None})


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


@edition_page
@shows(lambda page: keys.article(page["article"].pk))
def entry(request, edition, slug, entry_id):
    """One entry of live coverage on a page of its own, to share."""
    article = get_object_or_404(
        _published(edition).filter(kind=Article.Kind.LIVE).select_related("edition"),
        slug=slug)
    found = live_reading.public_entry(article, entry_id)
    if found is None:
        raise Http404("No such entry")
    return TemplateResponse(request, "live/entry_page.html", {
        **page_context(edition), "article": article, "entry": found, "switch_to": _translation_links(article)})


@edition_page
@shows(lambda page: keys.article(page["article"].pk))
def live_stream(request, edition, slug):
    """The newest entries of a live article for its open pages (``live/stream.py``)."""
    article = get_object_or_404(_published(edition).filter(kind=Article.Kind.LIVE), slug=slug)
    data, until = stream.payload(article, edition)
    response = JsonResponse(data)
    response.context_data = {"edition": edition, "article": article, "until": Until(until)}
    return response


def _cards(queryset, edition):
    """(headline, picture) of each article of ``queryset``: the picture is read in the same
    query (a join); a pair, so that the page cache knows the headline (``caching.shows``)."""
    columns = [column for column in COLUMNS if column != "pk"]
    return [(Headline(edition, article.pk, *(getattr(article, column) for column in columns)),
             article.main_image)
            for article in queryset.select_related("main_image").only(*columns, "main_image")]


def read_also(article):
    """Hand-picked related articles first, then recent ones sharing tags or the section,
    as cards: (headline, picture) pairs (the view adds the headlines' labels).

    Automatic candidates come from the newest links of the article's tags (the link table
    copies the publication time), ranked by tags shared then recency, and the newest
    articles of its section: index range scans, bounded, and only the few shown are read
    whole, whatever the size of the archive or of a tag.
    """
    chosen = list(article.related_links.values_list("related_id", flat=True))
    candidates = [pk for pk in dict.fromkeys(_by_tags(article) + _by_section(article))
                  if pk != article.pk and pk not in chosen]
    published = _published(article.edition)
    shown, wanted = [], chosen + candidates
    # Read twice as many as shown: a candidate may have left readers since it was linked.
    while wanted and len(shown) < READ_ALSO_COUNT:
        batch, wanted = wanted[:READ_ALSO_COUNT * 2], wanted[READ_ALSO_COUNT * 2:]
        found = {card[0].pk: card for card in _cards(published.filter(pk__in=batch),
                                                      article.edition)}
        shown += [found[pk] for pk in batch if pk in found]
    return shown[:READ_ALSO_COUNT]


def _by_tags(article):
    """Ids of recent articles sharing the most tags with ``article``, then the newest."""
    tag_ids = [link.tag_id for link in article.tag_links.all()]
    newest_first = (ArticleTag.objects.filter(tag_id__in=tag_ids,
                                              published_at__gte=timezone.now() - READ_ALSO_WINDOW)
                    .order_by("-published_at", "-article_id")
                    .values_list("article_id", flat=True)[:READ_ALSO_CANDIDATES])
    shared = Counter(newest_first)  # in first-seen order: newest first
    return sorted(shared, key=lambda pk: -shared[pk])  # a stable sort keeps the newest first


def _by_section(article):
    if not article.section_id:
        return []
    return list(_published(article.edition).filter(section_id=article.section_id)
                .newest_first().values_list("id", flat=True)[:READ_ALSO_COUNT * 2])


def _translation_links(article):
    """For each other edition: the translation when it is published there, else its home."""
    versions = {version.edition_id: version.slug for version in article.published_translations}
    return [(other, article_path(other, versions[other.pk]) if other.pk in versions
             else edition_url(other, "home"))
            for other in memo.other_editions(article.edition_id)]


# A new article is in the news at its commit, and in the index just after (search_indexed).
@edition_page
@shows(_news, lambda page: keys.search(page["edition"].pk))
def search(request, edition):
    form = searching.SearchForm(request.GET, edition)
    if not form.is_valid():
        return HttpResponseBadRequest(" ".join(
            message for messages in form.errors.values() for message in messages))
    query, by_relevance = form.cleaned_data["q"], form.by_relevance
    page = 1 if form.cleaned_data["page"] is None else form.cleaned_data["page"]
    if not 1 <= page <= MAX_SEARCH_PAGES:
        raise Http404("No such page of results")
    context = {**page_context(edition), "query": query, "form": form}
    if not query:
        return TemplateResponse(request, "site/search.html", context)
    cursor = None if by_relevance else _cursor(request)
    if cursor is False:
        return HttpResponseBadRequest(_("This “More results” link is broken."))
    findable = form.narrow(_published(edition))
    try:
        total = (search_reading.count(findable, query, most=MAX_SEARCH_COUNT)
                 if page == 1 and cursor is None else None)
        if by_relevance:
            shown = _best_results(findable, query, page, edition, total)
        else:
            matched = search_reading.newest(findable, query)
            shown = headlines(matched.newest_first(cursor.as_before() if cursor else None)
                              [:SEARCH_PAGE_SIZE + 1], edition)
    except DatabaseError:  # the index is broken or gone; everything else still works
        logger.exception("search is unavailable; the search page says so")
        response = TemplateResponse(request, "site/search.html",
                                    {**context, "unavailable": True}, status=503)
        response["Retry-After"] = "60"
        return response
    more_url = None
    if len(shown) > SEARCH_PAGE_SIZE:
        shown = shown[:SEARCH_PAGE_SIZE]
        if by_relevance and page < MAX_SEARCH_PAGES:
            more_url = form.address(page=page + 1)
        elif not by_relevance:
            last = shown[-1]
            more_url = form.address(cursor=Cursor(last.first_published_at, last.pk).encode())
    found = searching.results(with_labels(shown, edition), query, edition)
    if not found and cursor is None and page == 1:
        context["latest"] = with_labels(headlines(
            _published(edition).newest_first()[:NOTHING_FOUND_LATEST], edition), edition)
    return TemplateResponse(request, "site/search.html", {
        **context, "results": found, "total": total, "more_url": more_url,
        "more_than": MAX_SEARCH_COUNT if total and total > MAX_SEARCH_COUNT else None,
    })


def _best_results(findable, query, page, edition, total):
    """Page ``page`` of the most relevant results, and the first of the next page."""
    offset = (page - 1) * SEARCH_PAGE_SIZE
    ids = search_reading.best(findable, query, offset + SEARCH_PAGE_SIZE + 1, total,
                              public=True)[offset:]
    # Read through ``findable`` again: only what the reader may see, whatever the ids.
    rows = {row.pk: row for row in headlines(findable.filter(pk__in=ids), edition)}
    return [rows[pk] for pk in ids if pk in rows]
