"""Time the ingest of a large document, and of the same document again.

    DJANGO_SETTINGS_MODULE=dateline.settings.test python -m dateline.ingest.benchmark \
        [--items 10000] [--format ninjs-2] [--publish]

Runs in a fresh test database (SQLite by default, PostgreSQL with DATABASE_URL), which is
dropped afterwards. The document is generated: every item with a headline, lead, a body of
four paragraphs, one of 50 authors and two of 200 subjects. Prints the size of the
document, the time of the first run (every item new) and of the second (every item
unchanged), and what the database holds after each.
"""

import argparse
import os
import tempfile
import time


def _document(count, fmt):
    from .tests.samples import FORMATS, Story

    paragraph = ("<p>The council met on Tuesday and voted to extend the programme by a year, "
                 "citing the results of the first phase and the <b>support</b> of residents. "
                 "Critics said the cost had not been explained.</p>")
    stories = [Story(id=f"urn:newsml:bench.example:2025:{n}", headline=f"Benchmark story {n}",
                     lead=f"The lead of story {n}, one sentence long.", body=paragraph * 4,
                     authors=[f"Author {n % 50}"], subjects=[f"Subject {n % 200}",
                                                             f"Subject {(n * 7) % 200}"],
                     published=f"2025-02-05T{(n // 60) % 24:02d}:{n % 60:02d}:00+02:00",
                     updated=f"2025-02-05T{(n // 60) % 24:02d}:{n % 60:02d}:00+02:00")
               for n in range(count)]
    return FORMATS[fmt](stories)


def _counts():
    from wagtail.models import ModelLogEntry, Revision

    from dateline.newsroom.models import Article, Author, Tag

    from .models import IngestedItem

    return {"articles": Article.objects.count(), "revisions": Revision.objects.count(),
            "log entries": ModelLogEntry.objects.count(), "tags": Tag.objects.count(),
            "authors": Author.objects.count(), "ingested items": IngestedItem.objects.count()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--format", default="ninjs-2")
    parser.add_argument("--publish", action="store_true")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dateline.settings.test")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    from dateline.newsroom.models import Edition

    from .importer import Ingester

    setup_test_environment()
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        edition = Edition.objects.create(name="Bench", code="bench", language="en",
                                         publication_name="Bench")
        data = _document(args.items, args.format)
        with tempfile.NamedTemporaryFile(suffix=".feed") as handle:
            handle.write(data)
            handle.flush()
            print(f"database: {connection.vendor} ({name}); {args.items} items, "
                  f"{args.format}, {len(data) / 1e6:.1f} MB; publish={args.publish}")
            for run in ("first", "second"):
                ingester = Ingester(edition, publish=args.publish)
                started = time.perf_counter()
                report = ingester.ingest_location(handle.name)
                elapsed = time.perf_counter() - started
                print(f"{run} run: {elapsed:.1f} s ({args.items / elapsed:.0f} items/s): "
                      f"{report.summary()}")
                print(f"  database: {_counts()}")
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)


if __name__ == "__main__":
    main()
