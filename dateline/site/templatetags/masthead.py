"""The masthead's wordmark and the footer's info pages."""

import re
from functools import lru_cache

from django import template
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.utils.html import format_html

from dateline.infopages.reading import footer_pages
from dateline.newsroom.addresses import edition_url

register = template.Library()

# The edition's name drawn as outlines (``site/fonts.py``), per language; English otherwise.
WORDMARKS = {"uk": "site/wordmark-uk.svg", "en": "site/wordmark-en.svg"}


@lru_cache
def _size(path):
    with open(finders.find(path), encoding="utf-8") as svg:
        head = svg.read(300)
    return tuple(int(re.search(rf'{name}="(\d+)"', head)[1]) for name in ("width", "height"))


@register.simple_tag
def wordmark(edition):
    """The edition's logo if the desk uploaded one, else the wordmark in its language; its
    text alternative is the edition's name."""
    if edition.logo_id:
        logo = edition.logo
        return format_html('<img src="{}" alt="{}" width="{}" height="{}">',
                           logo.file.url, edition.name, logo.width, logo.height)
    path = WORDMARKS.get(edition.language, WORDMARKS["en"])
    width, height = _size(path)
    return format_html('<img src="{}" alt="{}" width="{}" height="{}">', static(path),
                       edition.name, width, height)


@register.simple_tag
def info_pages(edition):
    """(title, address) of the edition's published info pages, for the footer."""
    return [(title, edition_url(edition, "info", slug)) for title, slug in footer_pages(edition)]
