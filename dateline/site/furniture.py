"""Editions and their sections: on every page, changed a few times a year.

Each process keeps them in memory and checks, with one cache read per request, that
nothing changed since: the page cache's purge times of ``site`` (any edition changed) and
``edition-<id>`` (its sections, labels or tags changed) serve as the version.
"""

import time

from dateline.caching import keys, store
from dateline.newsroom.models import Edition, Label, Section

_memo = {}


def _version(edition_ids):
    names = [keys.SITE] + [keys.edition(pk) for pk in edition_ids]
    found = store.purge_times(names)
    if len(found) < len(names):
        # Never purged yet: start the clocks (the page cache does when it stores a page,
        # but it may be off), and read what they say now.
        store.start_clocks(names, time.time(), found)
        found = store.purge_times(names)
        if len(found) < len(names):  # the cache is unreachable: read afresh every time
            return None
    return tuple(found[name] for name in names)


def _loaded(name, edition_ids, load):
    version = _version(edition_ids)
    held = _memo.get(name)
    if version is not None and held is not None and held[0] == version:
        return held[1]
    value = load()
    _memo[name] = (version, value)
    return value


def editions():
    """Every edition, default first, with its logo."""
    return _loaded("editions", [], lambda: list(Edition.objects.select_related("logo")))


def edition_at(prefix):
    """The edition served under ``prefix`` ("" for the default one), or None."""
    for edition in editions():
        if (edition.path_prefix == prefix) if prefix else edition.is_default:
            return edition
    return None


def sections(edition):
    return _loaded(f"sections-{edition.pk}", [edition.pk],
                   lambda: list(Section.objects.filter(edition=edition)))


def labels(edition):
    """{id: label} of the edition's labels."""
    return _loaded(f"labels-{edition.pk}", [edition.pk],
                   lambda: {label.pk: label for label in Label.objects.filter(edition=edition)})


def other_editions(edition_id):
    return [edition for edition in editions() if edition.pk != edition_id]
