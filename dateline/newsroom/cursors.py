"""The cursor of every newest-first list: the feed, the API, the desk.

A cursor names the last item shown (its first-published time and id), so the next page
starts right after it whatever was published meanwhile: no duplicates, no gaps
(``ArticleQuerySet.newest_first(before=cursor.as_before())``).
"""

from dataclasses import dataclass
from datetime import UTC, datetime


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
            time = datetime.fromtimestamp(micros / 1_000_000, tz=UTC)
        except (ValueError, OverflowError, OSError):
            raise BadCursor(text) from None
        return cls(time, pk)

    @classmethod
    def after(cls, article):
        return cls(article.first_published_at, article.pk)

    def as_before(self):
        return (self.time, self.pk)
