"""An entry's words without markup: what its summary, its JSON-LD and its feed item say.

Kept apart from ``reading`` so the model can store the summary when it saves (``models``
cannot import ``reading``, which reads the models).
"""

import html

from django.utils.html import strip_tags
from django.utils.text import Truncator
from wagtail.rich_text import RichText

SUMMARY_WORDS = 12


def text_of(body):
    """A body's text, without markup: a paragraph's from its stored rich text (what it
    shows, less the tags), any other block's from its rendering."""
    parts = [block.value.source if isinstance(block.value, RichText) else str(block)
             for block in body]
    return " ".join(html.unescape(strip_tags(" ".join(parts))).split())


def summary_of(title, body):
    """The entry's title, else its first words: how lists and machines name it."""
    return title or Truncator(text_of(body)).words(SUMMARY_WORDS)
