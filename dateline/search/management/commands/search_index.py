"""``dateline search_index rebuild|resume|status``: the search index, by hand.

``rebuild`` empties the index, queues every article and indexes them in batches with a
progress bar; stopped half-way (Ctrl+C, a crash), ``resume`` goes on with what is still
queued, as the worker would, but at full speed. ``status`` says how far the index is.
"""

import sys
import time

from django.core.management.base import BaseCommand

from dateline.search import indexing

BAR_WIDTH = 30


class Command(BaseCommand):
    help = "Rebuild the search index (with progress, resumable), resume a rebuild, or show its status."

    def add_arguments(self, parser):
        parser.add_argument("operation", choices=["rebuild", "resume", "status"])
        parser.add_argument("--batch-size", type=int, default=indexing.BATCH_SIZE)

    def handle(self, *args, operation, batch_size, **options):
        if operation == "rebuild":
            indexing.queue_everything()
        if operation in ("rebuild", "resume"):
            self._drain(batch_size)
        self._status()

    def _drain(self, batch_size):
        total = indexing.status()["queued"]
        done, started = 0, time.monotonic()
        self._progress(done, total, started)
        while True:
            indexed = indexing.drain(batch_size=batch_size, budget=0)
            if not indexed:
                break
            done += indexed
            self._progress(done, total, started)
        if sys.stdout.isatty():
            self.stdout.write("")

    def _progress(self, done, total, started):
        share = done / total if total else 1
        rate = done / max(time.monotonic() - started, 1e-6)
        left = (total - done) / rate if rate else 0
        bar = "#" * round(share * BAR_WIDTH)
        line = (f"[{bar:<{BAR_WIDTH}}] {share:6.1%} {done:,}/{total:,} articles"
                f" {rate:,.0f}/s, {left:,.0f} s left")
        if sys.stdout.isatty():
            self.stdout.write(f"\r{line}", ending="")
            self.stdout.flush()
        else:
            self.stdout.write(line)

    def _status(self):
        found = indexing.status()
        oldest = found["oldest_queued"]
        self.stdout.write(f"{found['indexed']:,} of {found['articles']:,} articles indexed, "
                          f"{found['queued']:,} queued"
                          + (f" (the oldest since {oldest:%Y-%m-%d %H:%M:%S} UTC)" if oldest else ""))
