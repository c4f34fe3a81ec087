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
    declared = {keys.SITE, *key_names}
    cache_key = store.entry_key("fragment", name)
    entry = store.get(cache_key, _known.get(cache_key) or tuple(declared))
    if entry is not None:
        _remember(cache_key, entry.keys)
        return entry.body
    begun_at = time.time()
    made = render()
    entry_keys = tuple(sorted(declared.union(made.keys)))
    store.put(cache_key, store.Entry(begun_at=begun_at, keys=entry_keys, status=200, headers=(),
                                     body=made.value, valid_until=made.valid_until))
    _remember(cache_key, entry_keys)
    return made.value


def _remember(cache_key, entry_keys):
    global _known
    if _known.get(cache_key) != entry_keys:
        if len(_known) >= KNOWN_SIZE:  # forgotten all at once: no lock between threads
            _known = {}
        _known[cache_key] = entry_keys
