"""The news feed: reverse-chronological chunks read by cursor (``newsroom.cursors``),
grouped by local day. The chunk knows the day of the item its cursor names, so a day that
spans two chunks gets its header once.
"""

from dataclasses import dataclass, field

from django.template.loader import render_to_string

from dateline.caching import fragments, keys
from dateline.caching.shows import ShownArticle, first_expiry, shown_in
from dateline.newsroom.cursors import Cursor
from dateline.newsroom.dates import local

from .headlines import headlines, with_labels

CHUNK_SIZE = 40
# Tag and author pages head their days only when a day holds this many stories on average;
# sparser, they are a plain list with each story's date.
SEVERAL_A_DAY = 3


@dataclass
class Day:
    date: object
    first: object  # an item of the day, for formatting its headers
    items: list = field(default_factory=list)
    continued: bool = False  # the previous chunk already showed this day's header


@dataclass
class Chunk:
    days: list
    next_cursor: Cursor | None

    @property
    def items(self):
        return [item for day in self.days for item in day.items]

    @property
    def after_first_day(self):
        """Where the chunk goes on after its first day (a cursor's text), if it does."""
        return Cursor.after(self.days[0].items[-1]).encode() if len(self.days) > 1 else None

    @property
    def busy(self):
        """Several stories a day: worth a header for each day."""
        return len(self.items) >= SEVERAL_A_DAY * len(self.days)


def read_chunk(listing, edition, cursor=None, size=CHUNK_SIZE):
    """One chunk of ``listing``, a callable ``before -> queryset`` of the edition's articles
    in feed order, as headlines."""
    items = headlines(listing(cursor.as_before() if cursor else None)[:size + 1], edition)
    more = len(items) > size
    items = items[:size]
    previous_day = local(cursor.time, edition).date() if cursor else None
    return Chunk(days=group_by_day(items, edition, previous_day),
                 next_cursor=Cursor.after(items[-1]) if more else None)


def group_by_day(items, edition, previous_day=None):
    days = []
    for item in items:
        day = local(item.first_published_at, edition).date()
        if not days or days[-1].date != day:
            days.append(Day(date=day, first=item, continued=day == previous_day))
        days[-1].items.append(item)
    return days


@dataclass(frozen=True)
class RenderedChunk:
    """The first chunk of a list page, rendered (``first_chunk``)."""

    html: str  # its days, as the page shows them
    next_cursor: Cursor | None
    count: int  # of its articles
    shown: tuple  # what the page cache must know it shows (``caching.shows``)


def first_chunk(request, edition, listing, list_key, days_if_busy=False):
    """The first chunk of the list ``list_key`` (a surrogate key) on its own page, rendered
    once per change of the list, of an article it shows or of the edition's furniture.
    (An author writes for every edition: the edition names the chunk too.)"""
    return fragments.kept(
        f"first-chunk-{edition.pk}-{list_key}", [list_key, keys.edition(edition.pk)],
        lambda: _render_first(request, edition, listing, days_if_busy))


def _render_first(request, edition, listing, days_if_busy):
    chunk = read_chunk(listing, edition)
    with_labels(chunk.items, edition)
    html = render_to_string("site/includes/feed_days.html", {
        "edition": edition, "chunk": chunk, "days_if_busy": days_if_busy, "day_level": 2},
        request)
    shown = tuple(shown_in(chunk.items))
    rendered = RenderedChunk(html, chunk.next_cursor, len(chunk.items), shown)
    return fragments.Made(rendered, first_expiry(shown),
                          tuple(keys.article(item.pk) for item in shown
                                if isinstance(item, ShownArticle)))
