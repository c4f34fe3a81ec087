"""Sign-in throttling across several real server processes without Redis: the production
settings, `dateline serve` with three workers, a SQLite database, no REDIS_URL.

With gunicorn's sync workers the test decides which process takes each attempt: three
sign-ins are begun on three connections (each worker takes one and waits for the rest of
it), then finished one after the other; four such rounds give every worker four of the
twelve wrong passwords. Counted per process (the control) nobody reaches the limit of five
and the right password then signs in; counted in the database, the sixth attempt and every
later one are refused, the right password too. Granian, as shipped, spreads connections
over its workers by itself (one listening socket each)."""

import pytest

from dateline.health.tests.fault import dateline, free_port, service, wait_for
from dateline.tests.live import SignIn, answers, environment, prepared_data_dir, wait_until_accepted

PASSWORD = "right horse battery staple"  # noqa: S105  (test data)
WORKERS = 3
REFUSED, WRONG, SIGNED_IN = (429, False), (200, False), (302, True)


@pytest.fixture
def site(tmp_path):
    """A production data directory with a newsroom and its administrator "ana"."""
    data = prepared_data_dir(tmp_path / "data")

    def start(server, settings="dateline.settings.production"):
        port = free_port()
        env = environment("production", data, PORT=port, WEB_CONCURRENCY=WORKERS,
                          DATELINE_SERVER=server, DJANGO_SETTINGS_MODULE=settings,
                          DATELINE_BASE_URL=f"http://127.0.0.1:{port}")
        return port, env

    port, env = start("gunicorn")
    dateline(env | {"DATELINE_ADMIN_PASSWORD": PASSWORD}, "newsroom", "init", "--code", "main",
             "--language", "en", "--name", "Dateline", "--admin-username", "ana",
             "--admin-email", "ana@example.org", "--no-input")
    return start


def rounds_of_three(port, count):
    """``count`` wrong passwords, three at a time, each of a round in another worker."""
    results = []
    for _ in range(0, count, WORKERS):
        attempts = [SignIn(port, "ana", "wrong") for _ in range(WORKERS)]
        for attempt in attempts:
            attempt.begin()
        wait_until_accepted(port)
        results += [attempt.finish() for attempt in attempts]
    return results[:count]


@pytest.mark.parametrize("settings, expected", [
    ("dateline.settings.production", [WRONG] * 5 + [REFUSED] * 7 + [REFUSED]),
    ("dateline.security.tests.per_process_settings", [WRONG] * 12 + [SIGNED_IN]),
], ids=["shared-database", "control-per-process"])
def test_gunicorn_workers_share_the_count(site, tmp_path, settings, expected):
    """Twelve wrong passwords spread evenly over three workers, then the right one: with
    the counts in the database the limit holds across the workers."""
    port, env = site("gunicorn", settings)
    with service(env, "serve", log_path=tmp_path / "web.log") as web:
        wait_for(lambda: answers(port), timeout=90, message="the server")
        results = rounds_of_three(port, 12)
        results.append(SignIn(port, "ana", PASSWORD).begin().finish())
        assert results == expected, web.log()[-3000:]


def test_granian_workers_share_the_count_and_serve_says_there_is_no_shared_cache(site,
                                                                                 tmp_path):
    """`dateline serve` as shipped (granian, three workers) without REDIS_URL: it logs the
    missing shared cache at start-up, and 12 wrong passwords then the right one are all
    refused after the fifth."""
    port, env = site("granian")
    with service(env, "serve", log_path=tmp_path / "web.log") as web:
        wait_for(lambda: answers(port), timeout=90, message="the server")
        results = [SignIn(port, "ana", "wrong").begin().finish() for _ in range(12)]
        results.append(SignIn(port, "ana", PASSWORD).begin().finish())
        log = web.log()
    assert results == [WRONG] * 5 + [REFUSED] * 8, log[-3000:]
    assert "WARNING dateline.serve: dateline.W001 Running without a shared cache (REDIS_URL " \
           "is not set)" in log
    assert "Sign-in throttling counts in the database meanwhile." in log
    assert log.count("Spawning worker") == WORKERS
