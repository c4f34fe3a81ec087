"""What the pages show of the info pages (never writes): the footer's links and a page."""

from dateline.caching import keys, memo

from .models import InfoPage


def footer_pages(edition):
    """The edition's published info pages, in the desk's order, as (title, slug); kept in
    the process until the edition's furniture changes (an info page saved is such a
    change)."""
    return memo.remembered(
        f"info-pages-{edition.pk}", [keys.edition(edition.pk)],
        lambda: list(InfoPage.objects.published().filter(edition=edition)
                     .values_list("title", "slug")))


def published_page(edition, slug):
    """The edition's published info page at ``slug``, or None."""
    return InfoPage.objects.published().filter(edition=edition, slug=slug).first()
