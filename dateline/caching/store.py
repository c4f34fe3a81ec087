"""Where cached responses live: the ``pages`` cache (Redis in production).

Invalidation is by time, per surrogate key. A purge writes "purged at T" for each key; an
entry is good only if it was *begun* after the latest purge of every key it carries. So a
response that started rendering before a publish committed, and is stored after the purge,
is never served: its start time is older than the purge. Purging costs one write per key,
whatever the number of pages that carry it. A hit costs one round trip when the caller
knows the entry's keys beforehand (``get(key, expected_keys)``: the entry and their purge
times in one read), two when it does not (the entry, then its keys' purge times).

Purge times are kept without expiry; entries expire after ``DATELINE_PAGE_CACHE_TTL``. Redis
should evict with ``volatile-lru`` so that only entries are evicted. A purge time that
went missing all the same counts as "purged just now".
"""

import hashlib
import os
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path

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
    body: bytes  # a response's; a fragment (``fragments.py``) keeps its value here
    valid_until: float | None = None  # when an article it shows expires


def _cache():
    return caches["pages"]


# The files whose change changes what a page looks like: code, templates, styles, scripts,
# translations. Tests and migrations do not.
RELEASE_SUFFIXES = (".py", ".html", ".css", ".js", ".svg", ".mo", ".woff2")


@cache
def release():
    """A fingerprint of the code that renders pages, part of every entry's key: after a
    deploy that changes a template or a view, pages are rendered anew instead of served
    as the old code rendered them (the old entries expire unread). ``DATELINE_RELEASE``
    (a commit id, say) names it instead of reading the files."""
    named = os.environ.get("DATELINE_RELEASE", "").strip()
    if named:
        return named
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if (path.suffix in RELEASE_SUFFIXES and path.is_file()
                and not {"tests", "migrations", "__pycache__"} & set(relative.parts)):
            digest.update(str(relative).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def entry_key(*parts):
    """The cache key of one response: a digest of what tells responses apart, and of the
    release that rendered it."""
    return ENTRY_PREFIX + hashlib.sha256("\n".join((release(), *parts)).encode()).hexdigest()


def get(key, expected_keys=None):
    """The stored entry, or None when there is none or a key of it was purged since.

    With ``expected_keys`` (what the caller believes the entry carries) the entry and those
    keys' purge times are read in one round trip; an entry that carries a key not expected
    costs a second read for its keys.
    """
    return get_many({key: expected_keys or ()}).get(key)


def get_many(wanted):
    """``get`` of many entries at once: ``wanted`` is {key: expected keys}; the answer
    {key: entry} holds the good ones. One round trip for them all, and a second for the
    keys they carry that were not expected, if any."""
    expected = set().union(*wanted.values()) if wanted else set()
    found = _cache().get_many([*wanted, *(PURGED_PREFIX + k for k in expected)])
    purged = {k: found[PURGED_PREFIX + k] for k in expected if PURGED_PREFIX + k in found}
    now = time.time()
    entries = {key: entry for key in wanted if (entry := found.get(key)) is not None
               and (entry.valid_until is None or now < entry.valid_until)}
    unexpected = {k for entry in entries.values() for k in entry.keys} - expected
    if unexpected:
        purged.update(purge_times(unexpected))
    return {key: entry for key, entry in entries.items() if _still_good(entry, purged)}


def _still_good(entry, purged):
    times = {k: purged[k] for k in entry.keys if k in purged}
    return len(times) == len(entry.keys) and not purged_since(times, entry.begun_at)


def purge_times(keys):
    """{key: when it was last purged} for the keys that ever were."""
    found = _cache().get_many([PURGED_PREFIX + k for k in keys])
    return {name.removeprefix(PURGED_PREFIX): at for name, at in found.items()}


def purged_since(purged, begun_at):
    """Whether a response begun at ``begun_at`` is already out of date, by ``purge_times``."""
    margin = settings.DATELINE_PAGE_CACHE_PURGE_MARGIN
    return bool(purged) and max(purged.values()) + margin >= begun_at


def put(key, entry, purged=None):
    """Store ``entry``; ``purged`` is ``purge_times(entry.keys)`` when the caller has it."""
    # A key never purged yet gets a purge time just before this entry began, so that this
    # entry counts and any much older one (from before a lost purge time) does not.
    start_clocks(entry.keys, entry.begun_at,
                 purge_times(entry.keys) if purged is None else purged)
    _cache().set(key, entry, settings.DATELINE_PAGE_CACHE_TTL)


def put_many(entries):
    """``put`` of {key: entry}, begun at the same time: one read of their keys' purge
    times, one write of them all."""
    if not entries:
        return
    all_keys = set().union(*(entry.keys for entry in entries.values()))
    begun_at = min(entry.begun_at for entry in entries.values())
    start_clocks(all_keys, begun_at, purge_times(all_keys))
    _cache().set_many(entries, settings.DATELINE_PAGE_CACHE_TTL)


def start_clocks(keys, begun_at, known):
    """Give each of ``keys`` not in ``known`` (never purged) a purge time just before
    ``begun_at``. ``add`` writes only where nothing is, so a purge that lands meanwhile
    is kept."""
    before = begun_at - settings.DATELINE_PAGE_CACHE_PURGE_MARGIN - 1
    for k in keys:
        if k not in known:
            _cache().add(PURGED_PREFIX + k, before, timeout=None)


def purge(keys, now=None):
    """Every entry carrying one of ``keys`` stops counting from now on."""
    now = time.time() if now is None else now
    _cache().set_many({PURGED_PREFIX + k: now for k in keys}, timeout=None)
