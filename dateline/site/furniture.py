"""Editions and their sections: on every page, changed a few times a year.

Each process keeps them in memory and checks, with one cache read per request, that
nothing changed since: the page cache's purge times of ``site`` (any edition changed) and
``edition-<id>`` (its sections, labels or tags changed) serve as the version.
"""

from django.core.cache import caches

from dateline.caching import keys
from dateline.caching.store import PURGED_PREFIX
from dateline.newsroom.models import Edition, Label, Section

_memo = {}


def _version(edition_ids):
    cache = caches["pages"]
    names = [PURGED_PREFIX + keys.SITE] + [PURGED_PREFIX + keys.edition(pk) for pk in edition_ids]
    found = cache.get_many(names)
    if len(found) < len(names):
        # Never purged yet (the page cache starts the clocks when it stores a page that
        # shows them): nothing to compare with, so read afresh.
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
