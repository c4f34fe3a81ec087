"""``dateline search_index rebuild|resume|status``: the search index, by hand.

``rebuild`` empties the index, queues every article and indexes them in batches, with a
progress bar; stopped half-way (Ctrl+C, a crash), ``resume`` goes on with what is still
queued, as the worker would, but at full speed. ``status`` says how far the index is.

On PostgreSQL both index in one process per core (``--workers``): lemmas are Python's
work and the index's writes PostgreSQL's, so two processes kept both cores busy (3,540
articles/s against 1,250 for one, docs/search.md). Children are forked, so they use this
process's database, whatever the environment says. SQLite takes one writer at a time,
and a caller inside a transaction (a test's) sees rows no other connection could: one
process there.
"""

import multiprocessing
import os
import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections

from dateline.search import indexing

BAR_WIDTH = 30
POLL_SECONDS = 1.0


class Command(BaseCommand):
    help = "Rebuild the search index (with progress, resumable), resume a rebuild, or show its status."

    def add_arguments(self, parser):
        parser.add_argument("operation", choices=["rebuild", "resume", "status"])
        parser.add_argument("--batch-size", type=int, default=indexing.BATCH_SIZE)
        parser.add_argument("--workers", type=int, default=None,
                            help="Processes that index side by side (default: one per core, "
                                 f"{os.cpu_count()} here, on PostgreSQL; one on SQLite).")

    def handle(self, *args, operation, batch_size, workers, **options):
        if workers is not None and workers < 1:
            raise CommandError("--workers takes a number of processes, 1 or more")
        if operation == "rebuild":
            indexing.queue_everything()
        if operation in ("rebuild", "resume"):
            self._index(batch_size, workers or _default_workers())
        self._status()

    def _index(self, batch_size, workers):
        total = indexing.queued()
        started, self._said = time.monotonic(), None
        if workers == 1:
            while indexing.drain(batch_size=batch_size, budget=0):
                self._progress(total, started)
        else:
            self._index_in_processes(batch_size, workers, total, started)
        self._progress(total, started)
        if sys.stdout.isatty():
            self.stdout.write("")

    def _index_in_processes(self, batch_size, workers, total, started):
        connections.close_all()  # a forked child must not share this process's socket
        fork = multiprocessing.get_context("fork")
        children = [fork.Process(target=_index_share, args=(k, workers, batch_size))
                    for k in range(workers)]
        for child in children:
            child.start()
        while any(child.is_alive() for child in children):
            self._progress(total, started)
            time.sleep(POLL_SECONDS)
        if any(child.exitcode for child in children):
            raise CommandError("an indexing process failed; `search_index resume` goes on")

    def _progress(self, total, started):
        done = total - indexing.queued()
        share = done / total if total else 1
        rate = done / max(time.monotonic() - started, 1e-6)
        left = (total - done) / rate if rate else 0
        bar = "#" * round(share * BAR_WIDTH)
        line = (f"[{bar:<{BAR_WIDTH}}] {share:6.1%} {done:,}/{total:,} articles"
                f" {rate:,.0f}/s, {left:,.0f} s left")
        if sys.stdout.isatty():
            self.stdout.write(f"\r{line}", ending="")
            self.stdout.flush()
        elif done == total or self._said is None or time.monotonic() - self._said > 5:
            self._said = time.monotonic()
            self.stdout.write(line)

    def _status(self):
        found = indexing.status()
        oldest = found["oldest_queued"]
        self.stdout.write(f"{found['indexed']:,} of {found['articles']:,} articles indexed, "
                          f"{found['queued']:,} queued"
                          + (f" (the oldest since {oldest:%Y-%m-%d %H:%M:%S} UTC)" if oldest else ""))


def _default_workers():
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return 1
    return os.cpu_count() or 1


def _index_share(k, n, batch_size):
    """A child's part: the queued articles whose id is ``k`` modulo ``n``."""
    try:
        while indexing.drain(batch_size=batch_size, budget=0, shard=(k, n)):
            pass
    finally:
        connections.close_all()
