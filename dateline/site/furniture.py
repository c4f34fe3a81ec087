"""Editions and their sections: on every page, changed a few times a year.

Each process keeps them in memory and checks, with one cache read per request, that
nothing changed since: the page cache's purge times of ``site`` (any edition changed) and
``edition-<id>`` (its sections, labels or tags changed) serve as the version. The same
read covers ``list-edition-<id>``, for what is kept until the edition's news change
(``remembered``).
"""

import threading
import time

from django.conf import settings
from django.core.signals import request_finished, request_started

from dateline.caching import keys, store
from dateline.newsroom.models import Edition, Label, Section

_memo = {}
# The purge times read during the current request ({key: time}); None outside requests,
# where every call reads them afresh.
_request = threading.local()


def _begin_request(**kwargs):
    _request.times = {}


def _end_request(**kwargs):
    _request.times = None


request_started.connect(_begin_request, dispatch_uid="dateline-furniture-begin")
request_finished.connect(_end_request, dispatch_uid="dateline-furniture-end")


def _version(names):
    times = getattr(_request, "times", None)
    if times is None or not times.keys() >= set(names):
        found = _read_times([*names, *_every_edition_key()])
        if times is not None:
            times.update(found)
        times = found
    if not times.keys() >= set(names):  # the cache is unreachable: read afresh every time
        return None
    return tuple(times[name] for name in names)


def _read_times(names):
    found = store.purge_times(names)
    if len(found) < len(names):
        # Never purged yet: start the clocks (the page cache does when it stores a page,
        # but it may be off), and read what they say now.
        store.start_clocks(names, time.time(), found)
        found = store.purge_times(names)
    return found


def _every_edition_key():
    """Read with the first check of a request, so that its others need no round trip."""
    held = _memo.get("editions")
    return [key for edition in held[1] for key in (keys.edition(edition.pk),
                                                    keys.listing("edition", edition.pk))
            ] if held else []


def remembered(name, key_names, load, still_good=None):
    """``load()``, kept in this process until one of the page-cache keys ``key_names`` is
    purged (or ``still_good(value)`` says no)."""
    version = _version([keys.SITE, *key_names])
    held = _memo.get(name)
    if (version is not None and held is not None and held[0] == version
            and (still_good is None or still_good(held[1]))):
        return held[1]
    began = time.time()
    value = load()
    # As the page cache: what was read right after a purge (a lagging replica, another
    # machine's clock) is used once, not kept.
    trusted = version is not None and began > max(version) + settings.DATELINE_PAGE_CACHE_PURGE_MARGIN
    _memo[name] = (version if trusted else None, value)
    return value


def editions():
    """Every edition, default first, with its logo."""
    return remembered("editions", [], lambda: list(Edition.objects.select_related("logo")))


def edition_at(prefix):
    """The edition served under ``prefix`` ("" for the default one), or None."""
    for edition in editions():
        if (edition.path_prefix == prefix) if prefix else edition.is_default:
            return edition
    return None


def sections(edition):
    return remembered(f"sections-{edition.pk}", [keys.edition(edition.pk)],
                   lambda: list(Section.objects.filter(edition=edition)))


def labels(edition):
    """{id: label} of the edition's labels."""
    return remembered(f"labels-{edition.pk}", [keys.edition(edition.pk)],
                   lambda: {label.pk: label for label in Label.objects.filter(edition=edition)})


def other_editions(edition_id):
    return [edition for edition in editions() if edition.pk != edition_id]
