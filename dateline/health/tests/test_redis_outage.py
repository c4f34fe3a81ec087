"""Redis goes away: the site serves every page uncached, says so, and recovers by itself.

A real redis-server of the test's own is killed (SIGKILL) and started again on the same
port; the Django test client serves the pages through the real middleware and caches.
"""

import logging

import pytest
import redis

from dateline.newsroom import scheduling

from .fault import wait_for

pytestmark = pytest.mark.django_db


def _caches(url):
    options = {"RETRY_AFTER": 0.2, "WARN_EVERY": 60}
    backend = "dateline.caching.backends.ResilientRedisCache"
    return {"default": {"BACKEND": backend, "LOCATION": url, "KEY_PREFIX": "dateline",
                        "OPTIONS": options},
            "pages": {"BACKEND": backend, "LOCATION": url, "KEY_PREFIX": "dateline-pages",
                      "OPTIONS": options}}


def _health(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    return response.json()


def _keys(server):
    with redis.Redis(port=server.port, socket_timeout=2) as client:
        return client.dbsize()


def test_pages_are_served_without_redis_and_the_cache_comes_back(
        client, settings, redis_server, make_published, caplog):
    """Kill Redis: pages still 200, health "degraded" (cache down), one warning in the log.

    Start it again on the same port: the health check and the cache work again without
    restarting anything.
    """
    settings.CACHES = _caches(redis_server.url)
    article = make_published("Still readable")
    scheduling.heartbeat()
    pages = ["/global/", "/global/news/", article.get_absolute_url(), "/global/search/?q=still"]

    for page in pages:
        assert client.get(page).status_code == 200, page
    assert _health(client)["status"] == "ok"
    assert _keys(redis_server) > 0, "pages and health keys are cached in Redis"

    redis_server.kill()  # fault 1: Redis dies
    caplog.set_level(logging.WARNING, logger="dateline.cache")
    for _ in range(3):
        for page in pages:
            response = client.get(page)
            assert response.status_code == 200, page
            # (search marks the word it found: <mark>Still</mark> readable)
            assert b"Still</mark> readable" in response.content or (
                b"Still readable" in response.content), page
    health = _health(client)
    assert health["status"] == "degraded"
    assert health["checks"]["database"]["ok"] is True
    assert health["checks"]["cache"]["ok"] is False
    assert "ConnectionError" in health["checks"]["cache"]["aliases"]["default"]["error"]
    warnings = [r.getMessage() for r in caplog.records if r.name == "dateline.cache"]
    assert len(warnings) == 1, warnings  # dozens of failed calls, one warning
    assert "unavailable" in warnings[0] and "serving without the cache" in warnings[0]

    redis_server.start()  # same port, empty
    wait_for(lambda: _health(client)["status"] == "ok", timeout=30,
             message="the health check to see Redis again")
    for page in pages:
        assert client.get(page).status_code == 200, page
    assert _keys(redis_server) > 0, "the cache is written to again"
    assert any("reachable again" in r.getMessage() for r in caplog.records)
