"""``dateline search_index rebuild|resume|status``: the search index, by hand.

``rebuild`` empties the index, queues every article and indexes them in batches (in
several processes with ``--workers``, one per core is fastest), with a progress bar; stopped half-way (Ctrl+C, a crash),
``resume`` goes on with what is still queued, as the worker would, but at full speed.
``status`` says how far the index is.
"""

import os
import subprocess
import sys
import time

from django.core.management.base import BaseCommand, CommandError

from dateline.search import indexing

BAR_WIDTH = 30
POLL_SECONDS = 0.5


class Command(BaseCommand):
    help = "Rebuild the search index (with progress, resumable), resume a rebuild, or show its status."

    def add_arguments(self, parser):
        parser.add_argument("operation", choices=["rebuild", "resume", "status"])
        parser.add_argument("--batch-size", type=int, default=indexing.BATCH_SIZE)
        parser.add_argument("--workers", type=int, default=1,
                            help="Processes that index side by side (one per core is fastest; "
                                 f"{os.cpu_count()} here). They read the database settings "
                                 "from the environment, as this command does.")
        # A worker process of a rebuild: its share of the queue, ids k modulo n; no output.
        parser.add_argument("--shard", default=None, help="k/n (used by --workers)")

    def handle(self, *args, operation, batch_size, workers, shard, **options):
        if shard:
            k, n = _shard(shard)
            while indexing.drain(batch_size=batch_size, budget=0, shard=(k, n)):
                pass
            return
        if operation == "rebuild":
            indexing.queue_everything()
        if operation in ("rebuild", "resume"):
            self._index(batch_size, max(1, workers))
        self._status()

    def _index(self, batch_size, workers):
        total = indexing.status()["queued"]
        started, self._said = time.monotonic(), None
        command = [sys.executable, "-m", "django", "search_index", "resume",
                   "--batch-size", str(batch_size)]
        children = [subprocess.Popen([*command, "--shard", f"{k}/{workers}"])  # noqa: S603
                    for k in range(workers)] if workers > 1 else []
        if not children:
            while indexing.drain(batch_size=batch_size, budget=0):
                self._progress(total - indexing.status()["queued"], total, started)
        while any(child.poll() is None for child in children):
            self._progress(total - indexing.status()["queued"], total, started)
            time.sleep(POLL_SECONDS)
        if any(child.returncode for child in children):
            raise CommandError("an indexing process failed; `search_index resume` goes on")
        self._progress(total - indexing.status()["queued"], total, started)
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
        elif done == total or self._said is None or time.monotonic() - self._said > 5:
            self._said = time.monotonic()
            self.stdout.write(line)

    def _status(self):
        found = indexing.status()
        oldest = found["oldest_queued"]
        self.stdout.write(f"{found['indexed']:,} of {found['articles']:,} articles indexed, "
                          f"{found['queued']:,} queued"
                          + (f" (the oldest since {oldest:%Y-%m-%d %H:%M:%S} UTC)" if oldest else ""))


def _shard(text):
    try:
        k, n = (int(part) for part in text.split("/"))
    except ValueError:
        raise CommandError("--shard takes k/n, e.g. 0/2") from None
    if not 0 <= k < n:
        raise CommandError("--shard k/n needs 0 <= k < n")
    return k, n
