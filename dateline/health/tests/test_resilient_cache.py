"""ResilientRedisCache: every call is a miss while Redis is unreachable, never an error.

Redis is really absent (a free port nobody listens on), then really started there.
"""

import logging

import pytest
from django.core.cache import caches

from .fault import RedisServer

MISSING = object()


@pytest.fixture
def unreachable(settings, tmp_path):
    """The default cache pointed at a port where no Redis runs yet; the server to start."""
    server = RedisServer(tmp_path)
    settings.CACHES = {"default": {
        "BACKEND": "dateline.caching.backends.ResilientRedisCache", "LOCATION": server.url,
        "OPTIONS": {"RETRY_AFTER": 0, "WARN_EVERY": 3600}}}
    try:
        yield caches["default"], server
    finally:
        server.kill()


def test_every_call_answers_as_a_miss_and_one_warning_is_logged(unreachable, caplog):
    """get/get_many/has_key miss, add/set/touch/delete store nothing, incr finds no key."""
    cache, _server = unreachable
    caplog.set_level(logging.WARNING, logger="dateline.cache")
    assert cache.get("k") is None and cache.get("k", MISSING) is MISSING
    assert cache.get_many(["a", "b"]) == {}
    assert cache.has_key("k") is False
    assert cache.set("k", 1) is None
    assert sorted(cache.set_many({"a": 1, "b": 2})) == ["a", "b"]  # the keys not stored
    assert cache.add("k", 1) is False
    assert cache.touch("k") is False
    assert cache.delete("k") is False
    assert cache.delete_many(["a", "b"]) is None
    with pytest.raises(ValueError):
        cache.incr("k")
    assert cache.get_or_set("k", lambda: "computed") == "computed"
    assert cache.clear() is False
    assert cache.probe()[0] is False
    warnings = [r for r in caplog.records if r.name == "dateline.cache"]
    assert len(warnings) == 1 and "unavailable" in warnings[0].getMessage()


def test_after_a_failure_redis_is_left_alone_until_the_retry_time(unreachable):
    """Within RETRY_AFTER of a failure calls miss at once, even once Redis is back; the
    health check's probe asks anyway and ends the outage for everyone."""
    cache, server = unreachable
    cache.outage.retry_after = 3600
    assert cache.get("k", MISSING) is MISSING
    server.start()
    assert cache.set("k", "v") is None and cache.get("k") is None  # still skipping
    assert cache.outage.is_down
    assert cache.probe() == (True, "")
    assert not cache.outage.is_down
    cache.set("k", "v")
    assert cache.get("k") == "v"
