"""Scheduled publishing survives faults: a worker killed mid-run, a database that restarts.

The worker is the real `dateline worker` command in a subprocess. The kill test runs on
the suite's own database (SQLite or PostgreSQL, as the suite does); the restart test runs
on a PostgreSQL server of its own, which it crashes and starts again.
"""

import contextlib
import json
import re
import sqlite3
import urllib.error
import urllib.request
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.utils import timezone
from wagtail.models import ModelLogEntry

from dateline.newsroom.models import Article, WorkerHeartbeat

from .fault import (
    database_url,
    dateline,
    dateline_env,
    dateline_python,
    free_port,
    service,
    wait_for,
)

DUE = 60  # articles due at once when the worker starts (enough that the kill lands mid-run)
INTERVAL = "0.5"


def _schedule_due(make_draft, count):
    """``count`` articles scheduled an hour ago for times now past, in a known order."""
    now = timezone.now()
    with time_machine.travel(now - timedelta(hours=1), tick=False):
        articles = []
        for n in range(count):
            article = make_draft(f"Due {n:02d}", go_live_at=now - timedelta(minutes=30, seconds=-n))
            article.latest_revision.publish()
            articles.append(article)
    return articles


def _live_count(articles):
    return Article.objects.filter(pk__in=[a.pk for a in articles], live=True).count()


def _published_lines(log):
    return re.findall(r"published article (\d+) \(revision", log)


class _SqliteWriteLock:
    """The database's write lock, held by the test: every writer waits until it is let go."""

    def __init__(self, path):
        self.conn = sqlite3.connect(path, timeout=60, isolation_level=None)

    def hold_at_next_commit(self):
        self.conn.execute("BEGIN IMMEDIATE")  # waits for the worker's current item to commit

    def release(self):
        with contextlib.suppress(sqlite3.Error):  # no transaction if taking the lock failed
            self.conn.execute("ROLLBACK")
        self.conn.close()


class _PostgresRowLock:
    """A lock on one article's row, held by the test from its own connection."""

    def __init__(self, settings_dict, article):
        import psycopg

        self.conn = psycopg.connect(
            host=settings_dict["HOST"] or "127.0.0.1", port=settings_dict["PORT"] or 5432,
            user=settings_dict["USER"], password=settings_dict["PASSWORD"] or None,
            dbname=settings_dict["NAME"])
        self.conn.execute("SELECT 1 FROM newsroom_article WHERE id = %s FOR UPDATE",
                          [article.pk])

    def worker_waits(self):
        with self.conn.cursor() as cursor:  # the same transaction: clear its stats snapshot
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = "
                           "current_database() AND wait_event_type = 'Lock'")
            return cursor.fetchone()[0] > 0

    def release(self):
        self.conn.rollback()
        self.conn.close()


@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_run_publishes_everything_once_after_restart(make_draft, tmp_path):
    """SIGKILL the worker in the middle of a pass, start it again: every due article is
    published, each exactly once (one revision, one scheduled-publish log entry, one
    "published" line from the worker whose publish sends the signals).

    On PostgreSQL the kill lands inside an item's transaction (the worker waits on a row
    the test has locked, after it has already changed the revision); on SQLite between
    two items, with the test holding the database's write lock.
    """
    articles = _schedule_due(make_draft, DUE)
    settings_dict = connection.settings_dict
    env = dateline_env(tmp_path, database_url(settings_dict), DATELINE_WORKER_INTERVAL=INTERVAL)
    postgres = connection.vendor == "postgresql"
    lock = _PostgresRowLock(settings_dict, articles[5]) if postgres else None

    with service(env, "worker", log_path=tmp_path / "worker-1.log") as worker:
        try:
            if postgres:
                wait_for(lock.worker_waits, timeout=120, message="the worker to wait on the lock")
            else:
                wait_for(lambda: _live_count(articles) >= 2, timeout=120,
                         interval=0.01, message="the worker to publish a first article")
                lock = _SqliteWriteLock(settings_dict["NAME"])
                lock.hold_at_next_commit()
            published_before_kill = _live_count(articles)
            worker.kill()  # fault: SIGKILL mid-run
        finally:
            if lock:
                lock.release()
    first_log = worker.log()
    assert 0 < published_before_kill < DUE, published_before_kill
    if postgres:
        assert published_before_kill == 5
    assert Article.objects.filter(live=True).count() == published_before_kill

    with service(env, "worker", log_path=tmp_path / "worker-2.log") as restarted:
        wait_for(lambda: _live_count(articles) == DUE, timeout=180,
                 message="the restarted worker to publish everything due")
        all_live_at = timezone.now()
        wait_for(lambda: WorkerHeartbeat.objects.filter(beat_at__gt=all_live_at).exists(),
                 timeout=60, message="one more full pass")
    lines = _published_lines(first_log) + _published_lines(restarted.log())

    for article in articles:
        article.refresh_from_db()
        assert article.live and article.first_published_at
        assert article.revisions.count() == 1
        assert article.live_revision == article.latest_revision
        assert ModelLogEntry.objects.filter(object_id=str(article.pk),
                                            action="wagtail.publish.scheduled").count() == 1
        assert lines.count(str(article.pk)) == 1, article.pk
    assert not article.revisions.filter(approved_go_live_at__isnull=False).exists()


def _get(port, path):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=15) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.read()
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None, b""


def _health(port):
    status, body = _get(port, "/healthz")
    return status, (json.loads(body) if status else None)


def test_worker_and_site_ride_out_a_database_crash(postgres_server, tmp_path):
    """Crash PostgreSQL under a running worker and web server, then start it again.

    While it is down /healthz answers 503 (database down) and the worker logs failed
    passes without dying; once it is back, the same worker process publishes an article
    scheduled after the restart (once), and the site and /healthz answer 200 again.
    """
    postgres_server.sql("CREATE DATABASE restart")
    port = free_port()
    env = dateline_env(tmp_path, postgres_server.url("restart"), DATELINE_WORKER_INTERVAL=INTERVAL,
                       PORT=port, WEB_CONCURRENCY=1)
    dateline(env, "migrate", "--noinput", "-v", "0")
    dateline(env, "collectstatic", "--noinput", "-v", "0")
    schedule = "from dateline.health.tests import scenario; scenario.schedule({!r}, 2)"
    before = dateline_python(env, schedule.format("Published before the crash"))

    def live(article):
        rows = postgres_server.sql(f"SELECT live FROM newsroom_article WHERE id = {article['id']}",
                                   database="restart")
        return rows and rows[0][0]

    with service(env, "worker", log_path=tmp_path / "worker.log") as worker, \
            service(env, "serve", log_path=tmp_path / "web.log") as web:
        wait_for(lambda: live(before), timeout=60, message="the first article")
        wait_for(lambda: _health(port)[0] == 200, timeout=60, message="the web server")
        status, health = _health(port)
        assert health["checks"]["database"]["ok"] and health["checks"]["worker"]["ok"]

        postgres_server.stop("immediate")  # fault: the database crashes
        status, health = _health(port)
        assert status == 503, health
        assert health["status"] == "down" and health["checks"]["database"]["ok"] is False
        wait_for(lambda: "worker tick failed" in worker.log(), timeout=60,
                 message="the worker to notice the database is gone")
        assert worker.alive() and web.alive()

        postgres_server.start()
        wait_for(lambda: _health(port)[0] == 200, timeout=60, message="/healthz back to 200")
        after = dateline_python(env, schedule.format("Scheduled after the restart"))
        wait_for(lambda: live(after), timeout=60,
                 message="the same worker to publish after the restart")
        assert worker.alive()
        assert _get(port, after["url"])[0] == 200

    entries = postgres_server.sql(
        "SELECT object_id, count(*) FROM wagtailcore_modellogentry "
        "WHERE action = 'wagtail.publish.scheduled' GROUP BY object_id ORDER BY object_id",
        database="restart")
    assert entries == [(str(before["id"]), 1), (str(after["id"]), 1)]
