from django import template
from django.template.loader import render_to_string

from ..structured import page_head

register = template.Library()


@register.simple_tag(takes_context=True)
def syndication_head(context):
    """Canonical and hreflang links, feed discovery, Open Graph, Twitter and JSON-LD for the
    page being rendered (see ``structured.page_head``)."""
    return render_to_string("syndication/head.html", {"head": page_head(context)})
