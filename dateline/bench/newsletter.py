"""A newsletter to 100,000 addresses (issue 18): ``python -m dateline.bench newsletter
--addresses 100000``.

Four processes, so that none competes with another for the GIL:

- **setup** (``newsletter setup N``): a database of its own (SQLite in a temporary data
  directory, or ``BENCH_DATABASE_URL``), migrated; an edition with a breaking list of N
  confirmed readers (``bulk_create``), one article published through the editorial
  action and the breaking message queued as the desk queues it;
- **the SMTP server** (``newsletter smtp PORT FILE``): aiosmtpd on loopback, counting
  every accepted mail by recipient, writing the counts to FILE when stopped;
- **the sender** (``newsletter send``): the worker's own outbox loop
  (``outbox.send_due``), with the channel's call budget cut to one second so that it
  can note, after each call, how many mails are out, the time, and its peak resident
  memory (``VmHWM`` in ``/proc/self/status``) when it passes 10k, 50k and 100k. The
  snapshot of the readers (what the first call of ``deliver`` does first) is run and
  timed on its own before the loop.

``BENCH_DATABASE_URL`` (PostgreSQL) instead of SQLite; ``BENCH_KEEP=1`` keeps the data
directory.

It prints a Markdown table: mails per second (from the first mail to the last, and with
the snapshot of the readers included), peak RSS at each mark, and what the server
counted (every address exactly once).
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .conf import log
from .processes import free_port

MARKS = (10_000, 50_000, 100_000)


def _status(field):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) // 1024  # MiB
    return None


def _env(data_dir, port):
    env = {key: value for key, value in os.environ.items()
           if key not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL")}
    env.update(DJANGO_SETTINGS_MODULE="dateline.settings.demo", DATELINE_DATA_DIR=str(data_dir),
               EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(port), EMAIL_USE_TLS="0",
               DATELINE_SEARCH_INDEXING="off", LOG_LEVEL="WARNING", PYTHONUNBUFFERED="1")
    if os.environ.get("BENCH_DATABASE_URL"):
        env["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    return env


def _run(env, *args):
    result = subprocess.run([sys.executable, *args], env=env, capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def main(argv=()):
    parser = argparse.ArgumentParser(prog="python -m dateline.bench newsletter")
    parser.add_argument("--addresses", type=int, default=100_000)
    options = parser.parse_args(argv)
    data_dir = Path(tempfile.mkdtemp(prefix="dateline-bench-newsletter-"))
    port = free_port()
    env = _env(data_dir, port)
    log(f"newsletter: migrating a database in {data_dir}")
    _run(env, "-m", "dateline.cli", "migrate", "--noinput", "-v", "0")
    log(f"newsletter: {options.addresses} confirmed readers, one breaking message")
    started = time.monotonic()
    _run(env, "-m", "dateline.bench.newsletter", "setup", str(options.addresses))
    setup_seconds = time.monotonic() - started
    counts_file = data_dir / "smtp-counts.json"
    server = subprocess.Popen([sys.executable, "-m", "dateline.bench.newsletter", "smtp",
                               str(port), str(counts_file)], env=env)
    try:
        time.sleep(1.5)
        log("newsletter: sending")
        sent = json.loads(_run(env, "-m", "dateline.bench.newsletter", "send").splitlines()[-1])
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(60)
    counted = json.loads(counts_file.read_text())
    print(report(options.addresses, setup_seconds, sent, counted))
    if not os.environ.get("BENCH_KEEP"):
        shutil.rmtree(data_dir, ignore_errors=True)
    return 0


def report(addresses, setup_seconds, sent, counted):
    sending = sent["last_at"] - sent["first_at"]
    rows = [
        "| | |", "|---|---|",
        f"| addresses (confirmed readers) | {addresses:,} |",
        f"| setup: readers written (bulk_create) and the message queued | {setup_seconds:.1f} s |",
        f"| snapshot of the readers into delivery rows | {sent['snapshot_seconds']:.1f} s |",
        f"| sending, first mail to last | {sending:.1f} s |",
        f"| **mails per second** (sending) | **{sent['delivered'] / sending:,.0f}** |",
        f"| mails per second, snapshot included | {sent['delivered'] / sent['total_seconds']:,.0f} |",
        f"| sender's peak RSS before the first mail | {sent['rss_start']} MiB |",
        f"| sender's peak RSS after the snapshot | {sent['rss_snapshot']} MiB |",
    ]
    rows += [f"| sender's peak RSS at {mark:,} sent | {rss} MiB |"
             for mark, rss in sent["marks"]]
    rows += [
        f"| delivered / failed (the message's counters) | {sent['delivered']:,} / {sent['failures']:,} |",
        f"| the server received | {counted['messages']:,} mails for {counted['recipients']:,} addresses, "
        f"most to one address: {counted['most']} |",
    ]
    return "\n".join(rows)


# -- the processes ------------------------------------------------------------------------

def _django():
    import django

    django.setup()


def setup(count):
    _django()
    from django.db import transaction

    from dateline.newsroom import actions
    from dateline.newsroom.models import Article, Edition
    from dateline.reach import outbox
    from dateline.reach.newsletters.models import NewsletterList, Subscriber, Subscription

    edition = Edition.objects.create(name="Bench", code="bench", language="en",
                                     publication_name="Bench", is_default=True)
    newsletter = NewsletterList.objects.create(edition=edition, kind="breaking",
                                               name="Breaking news")
    step = 5000
    for start in range(0, count, step):
        with transaction.atomic():
            made = Subscriber.objects.bulk_create(
                [Subscriber(email=f"reader{n}@example.org")
                 for n in range(start, min(count, start + step))])
            if made[0].pk is None:  # a backend that does not return ids
                made = Subscriber.objects.filter(email__in=[s.email for s in made])
            Subscription.objects.bulk_create(
                [Subscription(subscriber=s, newsletter=newsletter, state="confirmed")
                 for s in made])
    article = Article(edition=edition, headline="A breaking story & its <details>",
                      lead="What happened, in one line.", live=False)
    article.save()
    article.save_revision()
    article = actions.PublishAction(article).execute()
    with transaction.atomic():
        outbox.enqueue("newsletter", f"breaking:{article.pk}", edition=edition,
                       article=article, action="breaking")


def send():
    _django()
    from dateline.reach import outbox
    from dateline.reach.models import OutboxMessage
    from dateline.reach.newsletters import sending

    sending.CALL_SECONDS = 1.0
    rss_start = _status("VmHWM")
    started = time.monotonic()
    # The snapshot on its own, timed: what the first call of deliver() does first.
    message = outbox.claim()
    sending._prepare(message, sending.newsletter_of(message))
    OutboxMessage.objects.filter(pk=message.pk).update(claimed_until=None)
    first_at = time.monotonic()
    snapshot_seconds = first_at - started
    rss_snapshot = _status("VmHWM")
    marks, pending_marks = [], list(MARKS)
    while True:
        outbox.send_due(budget=1.0)
        message.refresh_from_db()
        while pending_marks and message.delivered >= pending_marks[0]:
            marks.append((pending_marks.pop(0), _status("VmHWM")))
        if message.state != OutboxMessage.State.PENDING:
            break
    last_at = time.monotonic()
    print(json.dumps({"delivered": message.delivered, "failures": message.failures,
                      "state": message.state, "first_at": first_at, "last_at": last_at,
                      "snapshot_seconds": snapshot_seconds, "total_seconds": last_at - started,
                      "rss_start": rss_start, "rss_snapshot": rss_snapshot, "marks": marks}))


def smtp(port, counts_file):
    import asyncio  # noqa: F401  (aiosmtpd's loop)

    from aiosmtpd.controller import Controller

    class Counter:
        def __init__(self):
            self.messages, self.by_recipient = 0, {}

        async def handle_DATA(self, server, session, envelope):  # noqa: N802
            self.messages += 1
            for address in envelope.rcpt_tos:
                self.by_recipient[address] = self.by_recipient.get(address, 0) + 1
            return "250 OK"

    counter = Counter()
    controller = Controller(counter, hostname="127.0.0.1", port=int(port))
    controller.start()
    stopped = []
    signal.signal(signal.SIGTERM, lambda *_: stopped.append(1))
    while not stopped:
        time.sleep(0.2)
    controller.stop()
    Path(counts_file).write_text(json.dumps({
        "messages": counter.messages, "recipients": len(counter.by_recipient),
        "most": max(counter.by_recipient.values(), default=0)}))


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    {"setup": lambda: setup(int(args[0])), "send": send,
     "smtp": lambda: smtp(*args)}[command]()
