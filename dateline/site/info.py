"""The edition's info pages (About, Contacts, Editorial policy…), written on the desk
(``dateline/infopages``). A draft is a 404 like any page that does not exist."""

from django.http import Http404
from django.template.response import TemplateResponse

from dateline.infopages.reading import published_page

from .views import edition_page, page_context


@edition_page
def info_page(request, edition, slug):
    page = published_page(edition, slug)
    if page is None:
        raise Http404("No such page")
    return TemplateResponse(request, "site/info.html",
                            {**page_context(edition), "info_page": page})
