"""``manage.py demo_newsroom``: fill the database with a generated newsroom.

    demo_newsroom                      a month of news in both editions, through Wagtail
    demo_newsroom --articles 1000000   a million published articles, written in bulk
    demo_newsroom --flush-articles     delete every article first
"""

import argparse
import time

from django.core.management.base import BaseCommand

from dateline.demo import generator


def positive(value):
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number


class Command(BaseCommand):
    help = ("Generate a demo newsroom: two editions and a month of news, or with --articles N "
            "that many published articles in bulk (for sizing tests).")

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1,
                            help="Same seed (and same start time), same newsroom. Default 1.")
        parser.add_argument("--days", type=positive, default=30,
                            help="Days of news up to now, in normal mode. Default 30.")
        parser.add_argument("--articles", type=positive, metavar="N",
                            help="Bulk mode: N published articles over as many days as needed, "
                                 "written straight into the tables (no search index).")
        parser.add_argument("--flush-articles", action="store_true",
                            help="Delete every article (with its revisions, links and history) "
                                 "first.")

    def handle(self, *args, **options):
        started = time.monotonic()
        if options["flush_articles"]:
            generator.flush_articles()
            self.stdout.write(f"Deleted all articles ({time.monotonic() - started:.1f} s).")
        summary = generator.generate(seed=options["seed"], days=options["days"],
                                     articles=options["articles"], stdout=self.stdout)
        for key, value in summary.items():
            self.stdout.write(f"{key:<14} {_counts(value)}")
        self.stdout.write(f"Done in {time.monotonic() - started:.1f} s.")


def _counts(value):
    """{"main": 1105, "global": 542} → "main 1,105, global 542"."""
    if isinstance(value, dict):
        return ", ".join(f"{key} {count:,}" for key, count in value.items())
    return f"{value:,}" if isinstance(value, int) else value
