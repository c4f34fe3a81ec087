"""Parts of pages rendered once per change and shared by every process.

A fragment lives in the page cache's store and is good as a cached response is
(``store.py``): until a purge of one of its surrogate keys lands after it began rendering,
or until the moment it names. Its keys are known before it is read, so reading one costs a
single round trip (the entry and its keys' purge times together).

What a page renders from its own article alone (the story, its head) changes only when the
article, its edition's furniture or the site changes, and each of those purges a key the
fragment carries: so a page whose response is not cached (its list beside it was just
purged, say) still renders the story once per change, not once per reader.

A fragment may carry keys found only while rendering it (the articles a list shows): each
process remembers them, so that its next read is one round trip too.
"""

import time
from dataclasses import dataclass

from . import keys, store


@dataclass(frozen=True)
class Made:
    """What ``render`` gives: the value, and when it stops being good (a timestamp, or
    None)."""

    value: object
    valid_until: float | None = None
    keys: tuple = ()  # more surrogate keys, found while rendering


# Fragment cache key -> the surrogate keys its entry carried, in this process.
_known = {}
KNOWN_SIZE = 50_000


def kept(name, key_names, render):
    """The value ``render()`` made (a ``Made``) under ``name``, rendered again once one of
    ``key_names`` (or ``site``, or the ``Made``'s own keys) is purged or the value's moment
    passes."""
    return kept_many({name: key_names}, lambda names: {name: render()})[name]


def kept_many(wanted, render):
    """``kept`` of many fragments at once: ``wanted`` is {name: key names}, ``render(names)``
    makes those not kept, together ({name: Made}; one it leaves out is left out of the
    answer). The answer is {name: value}. Reading them all is one round trip, so a feed of
    forty articles costs what one article does, and rendering only the missing ones
    together costs one batch of queries, not one each."""
    declared = {name: {keys.SITE, *key_names} for name, key_names in wanted.items()}
    cache_keys = {name: store.entry_key("fragment", name) for name in wanted}
    found = store.get_many({cache_keys[name]: _known.get(cache_keys[name]) or tuple(declared[name])
                            for name in wanted})
    values = {}
    for name, cache_key in cache_keys.items():
        if (entry := found.get(cache_key)) is not None:
            _remember(cache_key, entry.keys)
            values[name] = entry.body
    missing = [name for name in wanted if name not in values]
    if missing:
        begun_at = time.time()
        entries = {}
        for name, made in render(missing).items():
            entry_keys = tuple(sorted(declared[name].union(made.keys)))
            entries[cache_keys[name]] = store.Entry(
                begun_at=begun_at, keys=entry_keys, status=200, headers=(), body=made.value,
                valid_until=made.valid_until)
            _remember(cache_keys[name], entry_keys)
            values[name] = made.value
        store.put_many(entries)
    return values


def kept_per_article(kind, ids, edition_id, make):
    """One fragment per article of ``ids`` (all of edition ``edition_id``), named
    ``kind-<id>`` and kept under the article's and the edition's keys (``kept_many``):
    ``make(ids)`` gives {id: Made} for those not kept, and may leave out one no longer
    published. The values, in the order of ``ids``."""
    names = {pk: f"{kind}-{pk}" for pk in ids}
    ids_of = {name: pk for pk, name in names.items()}
    found = kept_many(
        {name: [keys.article(pk), keys.edition(edition_id)] for pk, name in names.items()},
        lambda missing: {names[pk]: made
                         for pk, made in make([ids_of[name] for name in missing]).items()})
    return [found[name] for name in names.values() if name in found]


def _remember(cache_key, entry_keys):
    global _known
    if _known.get(cache_key) != entry_keys:
        if len(_known) >= KNOWN_SIZE:  # forgotten all at once: no lock between threads
            _known = {}
        _known[cache_key] = entry_keys
