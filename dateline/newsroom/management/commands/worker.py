import signal

from django.core.management.base import BaseCommand

from dateline.newsroom import scheduling


class Command(BaseCommand):
    help = "Publish scheduled articles and unpublish expired ones, on a loop (or --once)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run one pass and exit.")
        parser.add_argument("--interval", type=float, default=None,
                            help="Seconds between passes (default DATELINE_WORKER_INTERVAL).")

    def handle(self, *args, once=False, interval=None, **options):
        if once:
            published, expired = scheduling.run_once()
            self.stdout.write(f"published {len(published)}, unpublished {len(expired)}")
            return
        stopping = []
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stopping.append(True))
        scheduling.run_forever(interval=interval, stop=lambda: bool(stopping))
