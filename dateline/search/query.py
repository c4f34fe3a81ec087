"""What a reader types, read as a query: words, "phrases in quotes" and -exclusions.

Every word matches any of its dictionary forms (``words.forms``); a phrase matches its
words' lemmas in order; a word or phrase after a minus must not occur. A chunk that holds
several words without quotes (F-16, «Дніпро-1») is a phrase. Common short words (the, і,
на) are dropped from the words to match, unless nothing else is left: they occur in every
article and would only cost time. ``parse(text, prefix=True)`` reads the last word as
typed so far (the desk's search-as-you-type): it matches any lemma it begins.
"""

import re
from dataclasses import dataclass, field

from . import words

MAX_UNITS = 12

_CHUNK = re.compile(r'(-?)"([^"]*)"?|(-?)(\S+)')

STOP_WORDS = frozenset("""
a an and are as at be by for from has in is it of on or that the to was were will with
а але би бо в від вже до з за і із й к на над не ні о об по при про та те то у це що як
""".split())


@dataclass(frozen=True)
class Term:
    forms: tuple


@dataclass(frozen=True)
class Phrase:
    lemmas: tuple


@dataclass(frozen=True)
class Prefix:
    """A word being typed: any lemma it begins, or any of its forms if it is whole."""
    start: str
    forms: tuple


@dataclass(frozen=True)
class Query:
    required: tuple = ()
    excluded: tuple = ()
    # Every form a matched word may have: what snippets mark.
    marked: frozenset = field(default_factory=frozenset)

    def __bool__(self):
        return bool(self.required)


def parse(text, prefix=False):
    required, excluded = [], []
    chunks = list(_CHUNK.finditer(text or ""))
    for number, chunk in enumerate(chunks):
        negated = bool(chunk.group(1) or chunk.group(3))
        quoted = chunk.group(2) is not None
        found = words.tokens(chunk.group(2) if quoted else chunk.group(4))
        if not found:
            continue
        last = prefix and not quoted and not negated and number == len(chunks) - 1
        unit = _unit(found, typing=last and len(found) == 1)
        (excluded if negated else required).append(unit)
    required = _without_stop_words(required)[:MAX_UNITS]
    marked = frozenset(form for unit in required for form in _forms_of(unit))
    return Query(tuple(required), tuple(excluded[:MAX_UNITS]), marked)


def _unit(found, typing):
    if typing:
        return Prefix(found[0].replace("'", ""), words.forms(found[0]))
    if len(found) == 1:
        return Term(words.forms(found[0]))
    return Phrase(tuple(words.lemma(word) for word in found))


def _without_stop_words(units):
    kept = [unit for unit in units
            if not (isinstance(unit, Term) and unit.forms[0] in STOP_WORDS)]
    return kept or units


def _forms_of(unit):
    return unit.lemmas if isinstance(unit, Phrase) else unit.forms


def matches_word(query, word):
    """Whether a word of an article (lower-cased) is one the query looks for."""
    if set(words.forms(word)) & query.marked:
        return True
    return any(isinstance(unit, Prefix) and word.replace("'", "").startswith(unit.start)
               for unit in query.required)
