from django import template

from ..forms import offered
from ..links import path

register = template.Library()


@register.inclusion_tag("newsletters/signup_form.html")
def newsletter_signup(edition):
    """The sign-up form of article and home pages (shared by the page cache: no token)."""
    return {"lists": list(offered(edition)), "action": path(edition, "subscribe")}
