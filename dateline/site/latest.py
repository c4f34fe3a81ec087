"""The latest news beside every article and on the home page, rendered once per change.

Every article page of an edition and its home page show the same first chunk of the
edition's news. Each process keeps it rendered, with the headlines it shows, until the
edition's news list is purged (any publish, update or removal in the edition), the first
article in it expires or its "Live" badge goes, or the next article dated ahead comes out. A page that uses it holds
its chunk in its context, so the page cache knows those articles as if it had rendered them.
"""

import time
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone

from dateline.caching import keys, memo
from dateline.newsroom.models import Article

from .feed import Chunk, read_chunk
from .headlines import with_labels


@dataclass(frozen=True)
class Latest:
    chunk: Chunk
    html: str  # the chunk's days, without the "More news" link (it names the page)
    good_until: float | None  # a timestamp

    def still_good(self):
        return self.good_until is None or time.time() < self.good_until


def latest_news(edition):
    """The first chunk of the edition's news."""
    return memo.remembered(f"latest-{edition.pk}", [keys.news(edition.pk)],
                           lambda: _render(edition), Latest.still_good)


def news_of(edition):
    """The edition's news, newest first: a callable ``before -> queryset`` (``read_chunk``)."""
    return lambda before: Article.objects.published().filter(edition=edition).newest_first(before)


def _render(edition):
    now = timezone.now()
    chunk = read_chunk(news_of(edition), edition)
    with_labels(chunk.items, edition)
    html = render_to_string("site/includes/feed_days.html", {"edition": edition, "chunk": chunk})
    # An embargo's lift is purged by the worker's tick (newsroom.scheduling.announce_appeared), as is this.
    moments = [moment for item in chunk.items
               for moment in (item.expire_at, item.badge_until) if moment] + list(
        Article.objects.filter(edition=edition, live=True, first_published_at__gt=now)
        .order_by("first_published_at").values_list("first_published_at", flat=True)[:1])
    return Latest(chunk, html, min(moments).timestamp() if moments else None)
