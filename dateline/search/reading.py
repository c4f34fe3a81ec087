"""Searching: a query's matches in any article queryset, and where in a text they are.

``find`` is all the public search page and the desk need; they pass the queryset of what
they may show (``published()`` of one edition; what an editor may see), so the index
never decides visibility. ``snippet`` and ``highlight`` mark the query's words in text
that is untrusted: every piece of it is escaped.
"""

import html

from django.db.models import Case, Value, When
from django.utils.html import escape
from django.utils.safestring import mark_safe

from . import words
from .engines import engine_for
from .indexing import article_text
from .query import matches_word, parse

SNIPPET_WORDS = 30
# Words shown before the first match, so that it reads in context.
LEAD_IN = 3


def find(queryset, text, by_relevance=True, prefix=False):
    """The articles of ``queryset`` that match ``text``, best first when ``by_relevance``
    (else in the queryset's own order); none when ``text`` holds no word."""
    query = parse(text, prefix=prefix)
    if not query:
        return queryset.none()
    return engine_for(queryset).matching(queryset, query, by_relevance)


def best(queryset, text, count, total=None, prefix=False, public=False):
    """The ids of the ``count`` articles of ``queryset`` that match ``text`` best, best
    first: the same order as ``find``'s, without ranking every match of a common word.
    ``total``: what ``count()`` said of them, if the caller asked it already; ``public``:
    ``queryset`` holds published articles only (the reader's search)."""
    query = parse(text, prefix=prefix)
    if not query:
        return []
    return engine_for(queryset).best(queryset, query, count, total, public)


def best_first(queryset, text, count, prefix=False):
    """``queryset`` narrowed to its ``count`` best matches of ``text``, in that order (the
    desk's list, which pages a queryset)."""
    ids = best(queryset, text, count, prefix=prefix)
    if not ids:
        return queryset.none()
    order = Case(*(When(pk=pk, then=Value(place)) for place, pk in enumerate(ids)))
    return queryset.filter(pk__in=ids).order_by(order)


def newest(queryset, text):
    """The articles of ``queryset`` that match ``text``, for the caller to order newest
    first (``find`` without ranking, read as the engine reads a common word fastest)."""
    query = parse(text)
    if not query:
        return queryset.none()
    return engine_for(queryset).newest(queryset, query)


def count(queryset, text, most):
    """How many articles of ``queryset`` match ``text``, counted up to ``most`` + 1 (a
    word's hundred thousand matches are "more than ``most``"); None when the word is so
    common that counting would cost more than the search (``engines``)."""
    query = parse(text)
    if not query:
        return 0
    return engine_for(queryset).count(queryset, query, most)


def readable_text(article):
    """What a snippet is cut from: the lead and the body, as plain text."""
    _headline, lead, body = article_text(article)
    return f"{lead}\n{body}".strip()


def highlight(text, query_text):
    """All of ``text``, escaped, with the query's words in ``<mark>``."""
    found, hits = _hits(text, parse(query_text))
    if not found:
        return escape(text)
    before, after = text[:found[0].start()], text[found[-1].end():]
    return escape(before) + _marked(text, found, hits, 0, len(found) - 1) + escape(after)


def snippet(text, query_text, length=SNIPPET_WORDS):
    """The stretch of about ``length`` words of ``text`` where most of the query's words
    are, escaped, with them in ``<mark>``; the start of the text when none is there (the
    match was in the headline)."""
    found, hits = _hits(text, parse(query_text))
    if not found:
        return ""
    first = max(0, _densest(hits, length) - LEAD_IN)
    last = min(first + length, len(found)) - 1
    before = "… " if first else ""
    after = " …" if found[last].end() < len(text.rstrip()) else ""
    return mark_safe(before + _marked(text, found, hits, first, last) + after)  # noqa: S308 (escaped)


def _hits(text, query):
    found = list(words.WORD.finditer(text or ""))
    # Lemmatizing every word of a long body costs; an inflected word keeps its first two
    # letters (Київ, Києві; strike, striking), so only words that start so are looked up.
    starts = {form[:2] for form in query.marked} | {
        unit.start[:2] for unit in query.required if hasattr(unit, "start")}
    hits = [index for index, match in enumerate(found)
            if words.normalize(match.group()[:2]) in starts
            and matches_word(query, words.normalize(match.group()))]
    return found, hits


def _marked(text, found, hits, first, last):
    # The standard library's escape: the same entities as Django's, without its wrapper
    # for lazy strings, which cost more than the escaping of a page of snippets.
    hits, out, position = set(hits), [], found[first].start()
    for index in range(first, last + 1):
        match = found[index]
        out.append(html.escape(text[position:match.start()]))
        word = html.escape(match.group())
        out.append(f"<mark>{word}</mark>" if index in hits else word)
        position = match.end()
    return mark_safe("".join(out))  # noqa: S308 (every piece escaped above)


def _densest(hits, length):
    """The first hit of the window of ``length`` words that holds the most hits."""
    if not hits:
        return 0
    best, best_count, low = hits[0], 0, 0
    for high, hit in enumerate(hits):
        while hit - hits[low] >= length:
            low += 1
        if high - low + 1 > best_count:
            best, best_count = hits[low], high - low + 1
    return best
