"""The news feed: reverse-chronological chunks read by cursor, grouped by local day.

A cursor names the last item shown (its first-published time and id), so the next chunk
starts right after it whatever was published meanwhile: no duplicates, no gaps. The
chunk also knows the day of that item, so a day that spans two chunks gets its header
once.
"""

from dataclasses import dataclass, field
from datetime import datetime, timezone as dt_timezone

from .dates import local
from .headlines import headlines

CHUNK_SIZE = 40


class BadCursor(ValueError):
    pass


@dataclass(frozen=True)
class Cursor:
    time: datetime
    pk: int

    def encode(self):
        micros = round(self.time.timestamp() * 1_000_000)
        return f"{micros}.{self.pk}"

    @classmethod
    def decode(cls, text):
        try:
            micros, pk = (int(part) for part in text.split("."))
            if micros < 0 or pk < 1:
                raise ValueError
            time = datetime.fromtimestamp(micros / 1_000_000, tz=dt_timezone.utc)
        except (ValueError, OverflowError, OSError):
            raise BadCursor(text) from None
        return cls(time, pk)

    @classmethod
    def after(cls, article):
        return cls(article.first_published_at, article.pk)

    def as_before(self):
        return (self.time, self.pk)


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
