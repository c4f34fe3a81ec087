"""Sitemaps and robots.txt. Like the site, these read through ``published()`` and never
write; a bad page number or an unknown edition is a 404, never a 500."""

from functools import wraps

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_safe

from dateline.caching import keys
from dateline.caching.keys import depends_on
from dateline.newsroom.models import Edition

from . import sitemaps
from .links import absolute

XML = "application/xml; charset=utf-8"


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
def index(request):
    depends_on(keys.SITEMAP_INDEX)
    return HttpResponse(sitemaps.index_xml(), content_type=XML)


@sitemap_view
def pages(request, code):
    edition = get_object_or_404(Edition, code=code)
    depends_on(keys.edition(edition.pk))
    return HttpResponse(sitemaps.pages_xml(edition), content_type=XML)


@sitemap_view
def articles(request, code):
    edition = get_object_or_404(Edition, code=code)
    number = _page(request)
    depends_on(keys.sitemap_page(edition.pk, number))
    entries = sitemaps.article_page(edition, number)
    if not entries:
        raise Http404("No such sitemap page")
    return HttpResponse(sitemaps.articles_xml(edition, entries), content_type=XML)


@sitemap_view
def news(request, code):
    edition = get_object_or_404(Edition, code=code)
    depends_on(keys.listing("edition", edition.pk))
    entries = sitemaps.news_page(edition, _page(request))
    if not entries:
        raise Http404("No such sitemap page")
    return HttpResponse(sitemaps.news_xml(edition, entries), content_type=XML)


@require_safe
def robots(request):
    """Everything may be crawled but the admin and the search pages; the sitemap index is
    named with its absolute address."""
    lines = ["User-agent: *", "Disallow: /admin/"]
    lines += [f"Disallow: {edition.root_path}search/" for edition in Edition.objects.all()]
    lines += ["", f"Sitemap: {absolute(reverse('syndication:sitemap-index'))}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
