"""The public site. Every view reads through ``Article.objects.published()`` and never writes."""

import logging
from datetime import datetime, time, timedelta
from functools import wraps

from django.db import DatabaseError
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext as _

from dateline.breaking.reading import banner as breaking_banner
from dateline.caching import keys, memo
from dateline.caching.shows import Until, shows
from dateline.live import reading as live_reading
from dateline.live import stream
from dateline.mostread.reading import key as most_read_key
from dateline.newsroom import corrections as corrections_list
from dateline.newsroom.addresses import edition_url
from dateline.newsroom.cursors import BadCursor, Cursor
from dateline.newsroom.models import (
    Article,
    Author,
    Section,
    Tag,
)
from dateline.search import reading as search_reading
from dateline.translations import counterparts

from . import read_also, searching, section_lead, stories
from .feed import first_chunk, read_chunk
from .front import rendered as rendered_front
from .headlines import headlines, with_labels
from .latest import latest_news, news_of

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


def feed_response(request, edition, template, listing, context, latest=False, first=None,
                  in_use=None):
    """A page with a feed: the whole page, or (``?partial=1``) just the next chunk.

    ``latest``: the feed (``listing``) is the edition's latest news beside the page (home,
    article), the same on every such page: its first chunk comes ready-made (``latest.py``).
    ``first``: the feed is the page's own list, whose surrogate key this is: its first
    chunk comes ready-made too (``feed.first_chunk``).
    ``in_use``: the page exists only while this queryset has a published article (a tag's,
    an author's); the first chunk, ready-made, tells without asking the database.
    """
    cursor = _cursor(request)
    if cursor is False:
        return HttpResponseBadRequest(_("This “More news” link is broken."))
    partial = request.GET.get("partial")
    if latest and cursor is None and not partial:
        ready = latest_news(edition)
        chunk, context = ready.chunk, {**context, "latest_html": ready.html}
    elif first and cursor is None and not partial:
        chunk = first_chunk(request, edition, listing, first, context.get("days_if_busy"))
        if in_use is not None and not chunk.count:
            raise Http404("Nothing published here")
    else:
        if in_use is not None:
            _in_use(in_use)
        chunk = read_chunk(listing, edition, cursor)
        with_labels(chunk.items, edition)
        if chunk.days and not partial:
            # A page read on its own (no JavaScript) heads its first day even when the
            # previous page showed part of it; only appended chunks continue a day.
            chunk.days[0].continued = False
    context = {**page_context(edition), **context, "chunk": chunk,
               "more_url": _more_url(request, chunk)}
    if partial:
        # The newest chunk, which open pages ask for again and again, brings the banner.
        return TemplateResponse(request, "site/includes/feed_chunk.html",
                                {**context, "newest": cursor is None})
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
    return feed_response(request, edition, "site/home.html", news_of(edition),
                         {"front": rendered_front(request, edition)}, latest=True)


@edition_page
@shows(_news)
def news(request, edition):
    return feed_response(request, edition, "site/listing.html", news_of(edition),
                         {"title": _("News"), "feed_title": None}, first=keys.news(edition.pk))


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
        lead = section_lead.kept(request, edition, section, in_section)
    listed = in_section.exclude(pk=lead.pk) if lead and lead.pk else in_section
    return feed_response(request, edition, "site/listing.html",
                         lambda before: listed.newest_first(before),
                         {"title": section.name, "current_section": section,
                          "section_lead": lead, **_switch(section, edition, "section")},
                         first=keys.listing("section", section.pk))


@edition_page
@shows(lambda page: keys.listing("tag", page["tag"].pk), _counterpart_keys)
def tag(request, edition, slug):
    tag = get_object_or_404(Tag, edition=edition, slug=slug)
    return feed_response(request, edition, "site/listing.html",
                         lambda before: _published(edition).tagged(tag, before),
                         {"title": tag.name, "kicker": _("Tag"), "tag": tag, "days_if_busy": True,
                          **_switch(tag, edition, "tag")}, first=keys.listing("tag", tag.pk),
                         in_use=_published(edition).tagged(tag))


@edition_page
@shows(lambda page: keys.listing("author", page["author"].pk))
def author(request, edition, slug):
    author = get_object_or_404(Author.objects.named_in(edition), slug=slug)
    return feed_response(request, edition, "site/author.html",
                         lambda before: _published(edition).by_author(author, before),
                         {"title": author.shown_name, "author": author, "days_if_busy": True},
                         first=keys.listing("author", author.pk),
                         in_use=_published(edition).by_author(author))


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
                         {"title": start.date(), "archive_day": start},
                         first=keys.day(edition.pk, start.date()))


# The feed beside it and "Read also" can change with any publish in the edition; its own
# key too: a translation published elsewhere changes its language switch.
@edition_page
@shows(_news, lambda page: keys.article(page["article"].pk))
def article(request, edition, slug):
    """The story and "Read also" come ready-made (``stories.py``, ``read_also.py``): a
    request reads the article's row and two fragments, and renders the page around them."""
    found = _published(edition).filter(slug=slug).values_list("pk", "kind").first()
    if found is None:
        raise Http404("No such article")
    article_id, kind = found
    if kind == Article.Kind.LIVE and request.GET:
        # Older entries, or links that keep the query: rendered for this request.
        before = _cursor(request, "before")
        if before is False:
            return HttpResponseBadRequest(_("This “Older entries” link is broken."))
        story = stories.render(request, edition, article_id, before)
    else:
        story = stories.kept(request, edition, article_id)
    read_also_html, read_also_shown = read_also.kept(request, edition, story)
    context = {"article": story, "story": story, "switch_to": story.switch_to(),
               "read_also": read_also_html, "read_also_shown": read_also_shown}
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
        **page_context(edition), "article": article, "entry": found, "switch_to": stories.translation_links(article)})


@edition_page
@shows(lambda page: keys.article(page["article"].pk))
def live_stream(request, edition, slug):
    """The newest entries of a live article for its open pages (``live/stream.py``)."""
    article = get_object_or_404(_published(edition).filter(kind=Article.Kind.LIVE), slug=slug)
    data, until = stream.payload(article, edition)
    response = JsonResponse(data)
    response.context_data = {"edition": edition, "article": article, "until": Until(until)}
    return response


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
