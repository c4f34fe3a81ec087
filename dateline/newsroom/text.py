"""Text as it may be stored: without the characters that hide or reorder what is written.

C0 controls other than tab and newline, and DEL, are invalid in XML 1.0 and invisible (or
worse) in HTML; the bidirectional embeddings, overrides and isolates (U+202A–U+202E,
U+2066–U+2069) make text read in another order than it is written ("Trojan Source").
Pasted copy and wire feeds bring them in. The marks U+200E and U+200F stay.
"""

import re

from django.utils.text import slugify

_CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def clean_text(value):
    return _CONTROL_CHARACTERS.sub("", value) if value else value


def clean_data(value):
    """``clean_text`` on every string in nested data (StreamField blocks: dicts and lists)."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {key: clean_data(item) for key, item in value.items()}
    if isinstance(value, list):
        return [clean_data(item) for item in value]
    return value


def slug_for(name, length=100):
    """The slug a name makes: Django's unicode slug, cut to the field's length."""
    return slugify(name, allow_unicode=True)[:length]
