"""What the home page reads of Most read (never writes): the ids of the edition's list.

The site shows them through ``published()`` (``site/front.py``), so a story taken off the
site leaves the block at once, whatever the list says.
"""

from dateline.caching import keys, memo

from .models import TopList


def key(edition_id):
    """The page-cache key of an edition's list: what announcing a new ``TopList`` purges
    (``caching.invalidation``: a created thing purges its kind's list in its edition)."""
    return keys.listing("toplists", edition_id)


def most_read_ids(edition):
    """The ids of the edition's most read stories, most read first; kept in the process
    until the list changes."""
    return memo.remembered(f"most-read-{edition.pk}", [key(edition.pk)],
                           lambda: TopList.objects.filter(edition=edition)
                           .order_by("-decided_at").values_list("article_ids", flat=True)
                           .first() or [])
