"""Where cached responses live: the ``pages`` cache (Redis in production).

Invalidation is by time, per surrogate key. A purge writes "purged at T" for each key; an
entry is good only if it was *begun* after the latest purge of every key it carries. So a
response that started rendering before a publish committed, and is stored after the purge,
is never served: its start time is older than the purge. Purging costs one write per key,
whatever the number of pages that carry it; a hit costs two reads (the entry, then the
purge times of its keys in one round trip).

Purge times are kept without expiry; entries expire after ``DATELINE_PAGE_CACHE_TTL``. Redis
should evict with ``volatile-lru`` so that only entries are evicted. A purge time that
went missing all the same counts as "purged just now".
"""

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches

ENTRY_PREFIX = "page:"
PURGED_PREFIX = "purged:"


@dataclass(frozen=True)
class Entry:
    begun_at: float
    keys: tuple
    status: int
    headers: tuple
    body: bytes
    valid_until: float | None = None  # when an article it shows expires


def _cache():
    return caches["pages"]


def entry_key(*parts):
    """The cache key of one response: a digest of what tells responses apart."""
    return ENTRY_PREFIX + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def get(key):
    """The stored entry, or None when there is none or a key of it was purged since."""
    cache = _cache()
    entry = cache.get(key)
    if entry is None or (entry.valid_until is not None and time.time() >= entry.valid_until):
        return None
    purged = cache.get_many([PURGED_PREFIX + k for k in entry.keys])
    if len(purged) < len(entry.keys):
        return None
    margin = settings.DATELINE_PAGE_CACHE_PURGE_MARGIN
    if max(purged.values()) + margin >= entry.begun_at:
        return None
    return entry


def put(key, entry):
    cache = _cache()
    # A key never purged yet gets a purge time just before this entry began, so that this
    # entry counts and any much older one (from before a lost purge time) does not.
    # ``add`` writes only where nothing is, so a purge that lands meanwhile is kept.
    before = entry.begun_at - settings.DATELINE_PAGE_CACHE_PURGE_MARGIN - 1
    found = cache.get_many([PURGED_PREFIX + k for k in entry.keys])
    for k in entry.keys:
        if PURGED_PREFIX + k not in found:
            cache.add(PURGED_PREFIX + k, before, timeout=None)
    cache.set(key, entry, settings.DATELINE_PAGE_CACHE_TTL)


def purge(keys, now=None):
    """Every entry carrying one of ``keys`` stops counting from now on."""
    now = time.time() if now is None else now
    _cache().set_many({PURGED_PREFIX + k: now for k in keys}, timeout=None)
