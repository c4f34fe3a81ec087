from django import template

from dateline.caching import keys, memo

from ..forms import offered
from ..links import path

register = template.Library()


@register.inclusion_tag("newsletters/signup_form.html")
def newsletter_signup(edition):
    """The sign-up form of article and home pages (shared by the page cache: no token).
    Its lists are kept in the process until the edition's furniture changes (``apps.py``
    announces every change of a list as one)."""
    lists = memo.remembered(f"newsletter-lists-{edition.pk}", [keys.edition(edition.pk)],
                            lambda: list(offered(edition)))
    return {"lists": lists, "action": path(edition, "subscribe")}
