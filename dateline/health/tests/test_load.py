"""Publishing under a sustained read load: the article is up within a second; no read fails.

A live server (`dateline serve`: gunicorn, production settings) on the suite's database and
a Redis of the test's own (pages are cached there, and a publish purges them there), a pool
of reader threads hammering its pages over loopback, and an editor publishing through the
admin meanwhile.
"""

import json
import threading
import time
import urllib.error
import urllib.request

import pytest
from django.db import connection

from dateline.newsroom.tests.desk import form_data, url

from .fault import (
    database_url,
    dateline,
    dateline_env,
    free_port,
    service,
    wait_for,
)

READERS = 4
MAX_REQUESTS = 20_000  # the load is bounded in count as well as in time
MAX_SECONDS = 120
VISIBLE_WITHIN = 1.0


def _get(port, path, timeout=30):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.read()


def _first_seen(port, checks):
    """{path: the moment ``check(status, body)`` first held}, each path polled in its thread."""
    seen = {}

    def poll(path, check):
        seen[path] = wait_for(lambda: check(*_get(port, path)) and time.monotonic(),
                              timeout=30, interval=0.01, message=path)

    threads = [threading.Thread(target=poll, args=item) for item in checks.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert set(seen) == set(checks), f"never seen: {set(checks) - set(seen)}"
    return {path: seen[path] for path in checks}


def _up(port):
    try:
        return _get(port, "/healthz", timeout=5)[0] == 200
    except OSError:  # not listening yet
        return False


class ReadLoad:
    """Reader threads requesting ``pages`` in turn until stopped; every failure is kept.

    ``pending`` is the page not published yet: a 404 there is expected until the page has
    been seen once, and a failure after that.
    """

    def __init__(self, port, pages, pending):
        self.port, self.pages, self.pending = port, pages, pending
        self.requests, self.errors, self.timings = 0, [], []
        self.pending_seen_at = None
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._read, args=(n,), daemon=True)
                         for n in range(READERS)]
        self._started = time.monotonic()

    def start(self):
        for thread in self._threads:
            thread.start()

    def stop(self):
        self._stop.set()
        for thread in self._threads:
            thread.join(60)

    def _read(self, n):
        pages = self.pages[n % len(self.pages):] + self.pages[:n % len(self.pages)]
        while not self._stop.is_set():
            for page in pages:
                if (self._stop.is_set() or self.requests >= MAX_REQUESTS
                        or time.monotonic() - self._started > MAX_SECONDS):
                    return
                started = time.monotonic()
                try:
                    status, _body = _get(self.port, page)
                except Exception as error:  # a refused or dropped connection counts too
                    status = f"{type(error).__name__}: {error}"
                with self._lock:
                    self.requests += 1
                    self.timings.append(time.monotonic() - started)
                    if status == 200:
                        if page == self.pending and self.pending_seen_at is None:
                            self.pending_seen_at = time.monotonic()
                        continue
                    if (page == self.pending and status == 404
                            and (self.pending_seen_at is None or started < self.pending_seen_at)):
                        continue
                    self.errors.append((page, status))


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migrated_data")
def test_publish_is_visible_within_a_second_and_no_read_fails(client, settings, editor,
                                                              make_published, make_draft,
                                                              redis_server, tmp_path):
    """Under four readers hammering the site, an editor publishes from the admin: the
    article's page and the news list show it within a second of the save, and not one of
    the thousands of reads fails.
    """
    backend = "dateline.caching.backends.ResilientRedisCache"
    settings.CACHES = {alias: {"BACKEND": backend, "LOCATION": redis_server.url,
                               "KEY_PREFIX": prefix}
                       for alias, prefix in (("default", "dateline"), ("pages", "dateline-pages"))}
    readable = [make_published(f"Reading matter {n}") for n in range(4)]
    draft = make_draft("Breaking under load")
    port = free_port()
    env = dateline_env(tmp_path, database_url(connection.settings_dict), PORT=port,
                       REDIS_URL=redis_server.url, WEB_CONCURRENCY=3)
    dateline(env, "collectstatic", "--noinput", "-v", "0")
    target = draft.get_absolute_url()
    pages = ["/global/", "/global/news/", *[a.get_absolute_url() for a in readable], target]

    with service(env, "serve", log_path=tmp_path / "web.log") as web:
        wait_for(lambda: _up(port), timeout=60, message="the server")
        assert _get(port, target)[0] == 404
        load = ReadLoad(port, pages, pending=target)
        load.start()
        try:
            wait_for(lambda: load.requests >= 300, timeout=90, message="a sustained load")
            client.force_login(editor)
            edit = url("edit", draft.pk)
            response = client.post(edit, form_data(client, edit, **{"action-publish": "1"}))
            saved_at = time.monotonic()
            assert response.status_code == 302

            visible_at, listed_at = _first_seen(port, {
                target: lambda status, body: status == 200,
                "/global/news/": lambda status, body: b"Breaking under load" in body,
            }).values()
            requests_at_publish = load.requests
            wait_for(lambda: load.requests >= requests_at_publish + 300, timeout=90,
                     message="the load to go on after the publish")
        finally:
            load.stop()
        assert web.alive()

    timings = sorted(load.timings)
    summary = {
        "requests": load.requests, "errors": len(load.errors),
        "page_visible_after_s": round(visible_at - saved_at, 3),
        "listed_after_s": round(listed_at - saved_at, 3),
        "median_read_s": round(timings[len(timings) // 2], 3),
        "p95_read_s": round(timings[int(len(timings) * 0.95)], 3),
    }
    (tmp_path / "load-summary.json").write_text(json.dumps(summary))
    assert load.errors == [], load.errors[:20]
    assert summary["page_visible_after_s"] <= VISIBLE_WITHIN, summary
    assert summary["listed_after_s"] <= VISIBLE_WITHIN, summary
