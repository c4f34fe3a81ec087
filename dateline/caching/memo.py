"""What one process keeps in memory until the page cache purges what it was made from.

(Here and not with the pages that use it: the site, the feeds and the structured data all
need the editions, and none of them may import another.)

Editions, sections and labels are on every page and change a few times a year; the latest
news beside every article changes with each publish. A process keeps each of them
(``remembered``) and checks, with one cache read per request, that nothing it was made
from was purged since: the purge times of its surrogate keys serve as its version. The
first check of a request reads every key any memo of the process uses, so that the others
need no round trip.
"""

import threading
import time

from django.conf import settings
from django.core.signals import request_finished, request_started

from dateline.newsroom.models import Edition, Label, Section

from . import keys, store

_memo = {}
_known = {keys.SITE}  # every key a memo of this process depends on
# The purge times read during the current request ({key: time}); None outside requests,
# where every call reads them afresh.
_request = threading.local()


def _begin_request(**kwargs):
    _request.times = {}


def _end_request(**kwargs):
    _request.times = None


request_started.connect(_begin_request, dispatch_uid="dateline-memo-begin")
request_finished.connect(_end_request, dispatch_uid="dateline-memo-end")


def remembered(name, key_names, load, still_good=None):
    """``load()``, kept in this process until one of the page-cache keys ``key_names`` (or
    ``site``) is purged, or ``still_good(value)`` says no."""
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


def _version(names):
    _known.update(names)
    times = getattr(_request, "times", None)
    if times is None or not times.keys() >= set(names):
        found = _read_times(sorted(_known))
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


# -- the furniture of every page ---------------------------------------------------------

def editions():
    """Every edition, default first, with its logo."""
    return remembered("editions", [], lambda: list(Edition.objects.select_related("logo")))


def edition_at(prefix):
    """The edition served under ``prefix`` ("" for the default one), or None."""
    for edition in editions():
        if (edition.path_prefix == prefix) if prefix else edition.is_default:
            return edition
    return None


def edition_coded(code):
    """The edition whose code is ``code`` (feeds and the API name editions so), or None."""
    return next((edition for edition in editions() if edition.code == code), None)


def other_editions(edition_id):
    return [edition for edition in editions() if edition.pk != edition_id]


def sections(edition):
    return remembered(f"sections-{edition.pk}", [keys.edition(edition.pk)],
                      lambda: list(Section.objects.filter(edition=edition)))


def labels(edition):
    """{id: label} of the edition's labels."""
    return remembered(f"labels-{edition.pk}", [keys.edition(edition.pk)],
                      lambda: {label.pk: label for label in Label.objects.filter(edition=edition)})
