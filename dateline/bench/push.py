"""A breaking push to many subscribers (issue 18): from Publish to the push service.

``python -m dateline.bench push --subscriptions 10000 [--threads N] [--database-url URL]``

A site of its own in a temporary directory (SQLite unless ``--database-url``), production
settings, one edition and one draft; ``--subscriptions`` subscribers with real keys, made
by the loopback push service (``dateline/reach/push/loopback.py``), which runs in a
process of its own and checks, decrypts and records every push as a browser's push service
would. The real ``dateline worker`` runs beside it. The clock starts when the bench, as an
editor would, publishes the draft through the editorial action and queues the breaking
push in the same transaction (what the desk's "Send out…" does); it stops for each
subscriber when the service has received and decrypted its push. Reported: median, p90
and max of that, pushes a second, and whether each subscriber got exactly one.
"""

import argparse
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .processes import free_port


def _environment(data_dir, database_url, threads):
    env = {key: value for key, value in os.environ.items()
           if key not in ("DJANGO_SETTINGS_MODULE", "REDIS_URL", "DATABASE_URL")}
    env.update(DJANGO_SETTINGS_MODULE="dateline.settings.production",
               SECRET_KEY=secrets.token_urlsafe(50), DATELINE_DATA_DIR=str(data_dir),
               DATABASE_URL=database_url, SECURE_SSL_REDIRECT="0",
               DATELINE_BASE_URL="https://news.example.org", PYTHONUNBUFFERED="1",
               DATELINE_VAPID_SUBJECT="mailto:bench@example.org", LOG_LEVEL="INFO")
    if threads:
        env["DATELINE_PUSH_THREADS"] = str(threads)
    return env


def _wait(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while not (value := predicate()):
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out waiting for {what}")
        time.sleep(0.05)
    return value


def _cpu_seconds(pid):
    """User + system CPU time of a running process, from /proc (Linux)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def run(subscriptions, threads=None, database_url=None):
    data_dir = Path(tempfile.mkdtemp(prefix="dateline-bench-push-"))
    database_url = database_url or f"sqlite:///{data_dir / 'bench.sqlite3'}"
    env = _environment(data_dir, database_url, threads)
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    from dateline.newsroom import actions
    from dateline.newsroom.models import Article, Edition
    from dateline.reach import outbox
    from dateline.reach.models import OutboxMessage
    from dateline.reach.push import vapid
    from dateline.reach.push.loopback import ControlClient
    from dateline.reach.push.models import PushSubscription

    port = free_port()
    service = subprocess.Popen([sys.executable, "-m", "dateline.reach.push.loopback", str(port)],
                               env=env, stdout=subprocess.PIPE, text=True)
    worker = None
    try:
        print(f"push bench: {subscriptions:,} subscriptions, database {database_url.split(':')[0]}, "
              f"data in {data_dir}", flush=True)
        call_command("migrate", interactive=False, verbosity=0)
        service.stdout.readline()
        control = ControlClient(f"http://127.0.0.1:{port}")
        edition = Edition.objects.create(name="Bench", code="bench", language="en",
                                         publication_name="Bench", is_default=True)
        made = time.monotonic()
        infos = control.subscribe(subscriptions, server_key=vapid.public_key())
        PushSubscription.objects.bulk_create(
            [PushSubscription(endpoint=i["endpoint"], p256dh=i["keys"]["p256dh"],
                              auth=i["keys"]["auth"], edition=edition) for i in infos],
            batch_size=1000)
        print(f"  subscribers made (keys at the service) in {time.monotonic() - made:.1f} s",
              flush=True)
        draft = Article(edition=edition, headline="Air-raid alert: take shelter",
                        lead="Sirens across the region; go to the nearest shelter.", live=False)
        draft.save()
        draft.save_revision()

        worker = subprocess.Popen([sys.executable, "-m", "dateline.cli", "worker"], env=env,
                                  stdout=open(data_dir / "worker.log", "ab"),  # noqa: SIM115
                                  stderr=subprocess.STDOUT)
        from dateline.newsroom.models import WorkerHeartbeat

        _wait(WorkerHeartbeat.objects.exists, 60, "the worker's first beat")

        cpu_before = _cpu_seconds(worker.pid), _cpu_seconds(service.pid)
        published_at = time.time()
        with transaction.atomic():
            article = actions.PublishAction(Article.objects.get(pk=draft.pk)).execute(
                skip_permission_checks=True)
            message = outbox.enqueue("push", f"push:{article.pk}", edition=edition,
                                     article=article, action="breaking")
        _wait(lambda: OutboxMessage.objects.filter(pk=message.pk, state__in=(
            "sent", "failed")).exists(), 600, "the push to go out")
        done_at = time.time()
        cpu_after = _cpu_seconds(worker.pid), _cpu_seconds(service.pid)
        received = control.received()
    finally:
        if worker:
            worker.terminate()
            worker.wait(30)
        service.terminate()
        service.wait(30)

    message.refresh_from_db()
    arrivals = {}
    for endpoint, at, _tag in received["received"]:
        arrivals.setdefault(endpoint, []).append(at - published_at)
    latencies = [min(times) for times in arrivals.values()]
    twice = sum(len(times) > 1 for times in arrivals.values())
    result = {
        "subscriptions": subscriptions, "received": len(received["received"]),
        "subscribers reached": len(arrivals), "reached twice": twice,
        "refused": received["refused"], "message": message.state,
        "delivered": message.delivered, "failures": message.failures,
        "median": statistics.median(latencies) if latencies else None,
        "p90": _percentile(latencies, 0.9) if latencies else None,
        "max": max(latencies) if latencies else None,
        "first": min(latencies) if latencies else None,
        "done": done_at - published_at,
        "threads": int(os.environ.get("DATELINE_PUSH_THREADS", "16")),
        "load": os.getloadavg(), "cpus": os.cpu_count(),
        "worker cpu": cpu_after[0] - cpu_before[0],
        "service cpu": cpu_after[1] - cpu_before[1],
    }
    result["worker log"] = [line for line in (data_dir / "worker.log").read_text().splitlines()
                            if "dateline.reach" in line]
    shutil.rmtree(data_dir, ignore_errors=True)
    return result


def report(result):
    rate = result["received"] / result["max"] if result["max"] else 0
    return "\n".join([
        "| subscriptions | threads | first | median | p90 | max (all received) | pushes/s "
        "| reached twice | refused |",
        "|---|---|---|---|---|---|---|---|---|",
        f"| {result['subscriptions']:,} | {result['threads']} | {result['first']:.2f} s "
        f"| {result['median']:.2f} s | {result['p90']:.2f} s | {result['max']:.2f} s "
        f"| {rate:,.0f} | {result['reached twice']} | {result['refused']} |",
        "",
        f"Outbox message: {result['message']}, delivered {result['delivered']:,}, failures "
        f"{result['failures']}; subscribers reached {result['subscribers reached']:,} of "
        f"{result['subscriptions']:,}; load average at the end "
        f"{' '.join(f'{x:.2f}' for x in result['load'])} on {result['cpus']} CPUs. CPU time "
        f"from Publish to the last push: worker {result['worker cpu']:.1f} s, push service "
        f"{result['service cpu']:.1f} s.", "", "The worker's log of it:", "",
        *(f"    {line}" for line in result["worker log"]),
    ])


def main(argv=()):
    parser = argparse.ArgumentParser(prog="python -m dateline.bench push",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--subscriptions", type=int, default=10_000)
    parser.add_argument("--threads", type=int, default=None,
                        help="DATELINE_PUSH_THREADS for the worker (default: its default)")
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args(argv)
    result = run(args.subscriptions, args.threads, args.database_url)
    print(report(result))
    return 0 if result["subscribers reached"] == args.subscriptions else 1
