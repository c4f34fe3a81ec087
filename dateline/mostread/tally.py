"""The count of reads as the web processes keep it: in memory, written at most every
``FLUSH_EVERY`` seconds in one statement.

A read costs a dictionary increment; no page view writes to the database. Every
``FLUSH_EVERY`` seconds the process's tally goes into the hourly rows in one batched
upsert (``count = count + n``), so with W web processes the database takes at most W small
writes per ``FLUSH_EVERY`` seconds, however many readers. A process that dies loses at
most that many seconds of its counts: it is a popularity ranking, not accounting.

Which ids count: the ids of published articles, remembered per process for
``KNOWN_FOR`` seconds (a cold id costs one primary-key read, never a write).
"""

import threading
import time
from collections import Counter

from django.db import connection, transaction
from django.utils import timezone

from dateline.newsroom.models import Article

from .models import HourlyReads

FLUSH_EVERY = 30
KNOWN_FOR = 60
KNOWN_MAX = 20_000

_lock = threading.Lock()
_counts = Counter()
_flushed_at = time.monotonic()
_known = {}  # article id -> (countable: bool, checked at)


def countable(article_id, now=None):
    """Whether ``article_id`` names an article readers may see now (remembered a while)."""
    moment = time.monotonic()
    held = _known.get(article_id)
    if held is not None and moment - held[1] < KNOWN_FOR:
        return held[0]
    found = Article.objects.published(now).filter(pk=article_id).exists()
    if len(_known) >= KNOWN_MAX:
        _known.clear()
    _known[article_id] = (found, moment)
    return found


def add(article_id):
    """Count one read of ``article_id``; write the tally if it is due."""
    global _flushed_at
    with _lock:
        _counts[article_id] += 1
        due = time.monotonic() - _flushed_at >= FLUSH_EVERY
        if due:
            _flushed_at = time.monotonic()
    if due:
        flush()


def flush(now=None):
    """Write what this process counted into the rows of the current hour: one statement."""
    with _lock:
        counts = dict(_counts)
        _counts.clear()
    if not counts:
        return 0
    hour = (now or timezone.now()).replace(minute=0, second=0, microsecond=0)
    table = connection.ops.quote_name(HourlyReads._meta.db_table)
    # A row per (article, hour): the first read of the hour makes it, the next add to it.
    # The article may have been deleted since it was counted: only existing ones are kept.
    with transaction.atomic(), connection.cursor() as cursor:
        existing = set(Article.objects.filter(pk__in=counts).values_list("pk", flat=True))
        if not existing:
            return 0
        counts = {pk: n for pk, n in counts.items() if pk in existing}
        rows = ", ".join(["(%s, %s, %s)"] * len(counts))
        params = [value for pk, n in counts.items() for value in (pk, hour, n)]
        # Only the table's own name and placeholders are formatted in; the values are bound.
        sql = (f"INSERT INTO {table} (article_id, hour, count) VALUES {rows} "  # noqa: S608
               f"ON CONFLICT (article_id, hour) DO UPDATE SET count = {table}.count + excluded.count")
        cursor.execute(sql, params)
    return sum(counts.values())


def forget():
    """Drop what this process holds (tests; a process that starts over)."""
    global _flushed_at
    with _lock:
        _counts.clear()
        _known.clear()
        _flushed_at = time.monotonic()

