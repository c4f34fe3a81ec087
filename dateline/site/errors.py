"""Localized error pages: the edition is read from the address, its language used."""

import logging

from django.conf import settings
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation

from dateline.newsroom.addresses import edition_url
from dateline.newsroom.models import Edition

logger = logging.getLogger("dateline.site")


def edition_for_path(path):
    prefix = path.strip("/").split("/", 1)[0]
    edition = Edition.objects.filter(path_prefix=prefix).first() if prefix else None
    return edition or Edition.objects.filter(is_default=True).first()


def not_found(request, exception=None):
    from .views import page_context

    edition = edition_for_path(request.path)
    if edition is None:
        return render(request, "404.html", status=404)
    with translation.override(edition.language):
        return render(request, "site/404.html", page_context(edition), status=404)


def server_error(request):
    """Must work when the database does not: then it speaks the default language."""
    language, home = settings.LANGUAGE_CODE, "/"
    try:
        edition = edition_for_path(request.path)
        if edition is not None:
            language, home = edition.language, edition_url(edition, "home")
    except Exception:
        logger.exception("error page could not read the edition")
    with translation.override(language):
        html = render_to_string("site/500.html", {"language": language, "home": home})
    return HttpResponseServerError(html)
