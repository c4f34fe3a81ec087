"""The two signals every listener hears (the page cache, and whatever else carries the news
outward), whoever made the change: the desk, the API, ingest, the worker or the demo.

``article_changed(instance=<Article>, action=<kind>)`` is sent once for each change of an
article that readers can see, by kind:

- ``publish``: published, for the first time or again (an edit, a scheduled publish);
- ``update`` / ``correction`` / ``clarification``: a public update note, correction or
  clarification added;
- ``unpublish``, ``expire`` (its expiry time came), ``retract``, ``delete`` (sent before the
  rows go, while its links can still be read);
- ``appear``: it became visible by itself, with no action (its embargo lifted, or the first
  publication time it was given ahead came), found by the worker;
- ``image``: the caption or credit of its main picture changed in the library;
- ``entry``: an entry of live coverage posted, changed or deleted (``live``): it shows
  only on the article's own pages and stream, not in any list;
- ``sync``: a translation fell behind its source or caught up (``translations``): it
  shows only on the translation's own pages (the readers' notice).

Each carries ``minor=True`` when the editor published it as a minor change (a typo):
translations of it stay in sync.

``furniture_changed(instance=<thing>, action="create"|"change"|"delete")`` is sent when an
edition, section, tag, label, author or front page changes (an edition's way of writing an
author's name is a ``change`` of that author): such a change reaches every
page of an edition at once (a renamed tag is on every article that carries it), so it is
one signal, not one per article.

``search_indexed(editions=<ids>)`` is sent by the search index (``dateline/search``) once it
has taken in new text of articles of those editions: it does so just after the change's
commit, so a search page cached in between would miss the new words until then.

Wagtail's own actions announce publishing with ``published``/``unpublished``; the
newsroom's actions say which kind of change that publish is with ``changing_as``, and
``apps.py`` relays them as one ``article_changed`` of that kind.
"""

import contextvars
from contextlib import contextmanager

from django.dispatch import Signal

ARTICLE_CHANGES = ("publish", "appear", "update", "correction", "clarification", "unpublish",
                   "expire", "retract", "delete", "image", "entry", "sync")

article_changed = Signal()
furniture_changed = Signal()
search_indexed = Signal()

_kind = contextvars.ContextVar("dateline_change_kind", default=None)
_minor = contextvars.ContextVar("dateline_minor_change", default=False)


@contextmanager
def changing_as(kind):
    """Within the block, Wagtail's publish and unpublish are announced as ``kind``."""
    if kind not in ARTICLE_CHANGES:
        raise ValueError(f"unknown kind of change: {kind}")
    token = _kind.set(str(kind))
    try:
        yield
    finally:
        _kind.reset(token)


@contextmanager
def minor_change(minor=True):
    """Within the block, changes are announced as minor (``minor=True``) or not."""
    token = _minor.set(bool(minor))
    try:
        yield
    finally:
        _minor.reset(token)


def current_kind(default):
    return _kind.get() or default


def announce(article, kind):
    article_changed.send(sender=type(article), instance=article, action=kind,
                         minor=_minor.get())
