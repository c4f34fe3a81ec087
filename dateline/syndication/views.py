"""Sitemaps and robots.txt. Like the site, these read through ``published()`` and never
write; a bad page number or an unknown edition is a 404, never a 500."""

from functools import wraps

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_safe

from dateline.caching import keys
from dateline.caching.shows import shows
from dateline.newsroom.addresses import absolute
from dateline.newsroom.models import Edition

from . import sitemaps

XML = "application/xml; charset=utf-8"


def _xml(text, **shown):
    """The response, with what it shows for the page cache (``caching.shows``)."""
    response = HttpResponse(text, content_type=XML)
    response.context_data = shown
    return response


def sitemap_view(view):
    """GET/HEAD only; sitemaps are for crawlers, not search results (X-Robots-Tag)."""

    @require_safe
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.headers["X-Robots-Tag"] = "noindex, noarchive"
        return response

    return wrapper


def _page(request):
    number = sitemaps.parse_page_number(request.GET.get("p"))
    if number is None:
        raise Http404("No such sitemap page")
    return number


@sitemap_view
@shows(lambda page: keys.SITEMAP_INDEX)
def index(request):
    return _xml(sitemaps.index_xml())


@sitemap_view
@shows(lambda page: keys.edition(page["edition"].pk))
def pages(request, code):
    edition = get_object_or_404(Edition, code=code)
    return _xml(sitemaps.pages_xml(edition), edition=edition)


@sitemap_view
@shows(lambda page: keys.sitemap_page(page["edition"].pk, page["number"]))
def articles(request, code):
    edition = get_object_or_404(Edition, code=code)
    number = _page(request)
    entries = sitemaps.article_page(edition, number)
    if not entries:
        raise Http404("No such sitemap page")
    return _xml(sitemaps.articles_xml(edition, entries), edition=edition, number=number,
                entries=entries)


@sitemap_view
@shows(lambda page: keys.news(page["edition"].pk))
def news(request, code):
    edition = get_object_or_404(Edition, code=code)
    entries = sitemaps.news_page(edition, _page(request))
    if not entries:
        raise Http404("No such sitemap page")
    return _xml(sitemaps.news_xml(edition, entries), edition=edition, entries=entries)


@require_safe
def robots(request):
    """Everything may be crawled but the admin and the search pages; the sitemap index is
    named with its absolute address."""
    lines = ["User-agent: *", "Disallow: /admin/"]
    lines += [f"Disallow: {edition.root_path}search/" for edition in Edition.objects.all()]
    lines += ["", f"Sitemap: {absolute(reverse('syndication:sitemap-index'))}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
