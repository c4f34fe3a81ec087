"""/healthz, for load balancers: what it checks and what it answers.

A database that is down is shown by the fault tests (test_faults.py), which stop a real
PostgreSQL under a running server.
"""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from dateline.newsroom import scheduling
from dateline.newsroom.models import WorkerHeartbeat, validate_prefix

from .fault import free_port

pytestmark = pytest.mark.django_db

LOCMEM = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}


def test_healthy_node_answers_ok_and_is_never_cached(client):
    """Database up, cache working, worker checked in: 200 "ok", each check shown, no-store."""
    scheduling.heartbeat()
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    body = response.json()
    assert body["status"] == "ok"
    assert {name: check["ok"] for name, check in body["checks"].items()} == {
        "database": True, "cache": True, "worker": True}
    assert body["checks"]["worker"]["age_seconds"] < 60
    assert set(body["checks"]["cache"]["aliases"]) >= {"default"}


def test_silent_worker_degrades_but_keeps_the_node(client):
    """A worker silent for ten minutes: still 200 (the node serves), "degraded", and why."""
    WorkerHeartbeat.objects.create(name="worker-1",
                                   beat_at=timezone.now() - timedelta(minutes=10))
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["worker"]["ok"] is False
    assert body["checks"]["worker"]["age_seconds"] >= 600
    assert body["checks"]["database"]["ok"] and body["checks"]["cache"]["ok"]


def test_worker_that_never_ran_is_reported(client, settings):
    """No heartbeat at all counts as a silent worker."""
    body = client.get("/healthz").json()
    assert body["status"] == "degraded"
    assert body["checks"]["worker"] | {"ms": 0} == {
        "ok": False, "last_beat": None, "age_seconds": None, "ms": 0,
        "interval_seconds": settings.DATELINE_WORKER_INTERVAL}


@pytest.mark.parametrize("backend", ["dateline.caching.backends.ResilientRedisCache",
                                     "django.core.cache.backends.redis.RedisCache"])
def test_unreachable_cache_degrades_but_keeps_the_node(client, settings, backend):
    """Redis not listening (a closed port): 200, "degraded", the cache check says why.

    Django's own RedisCache raises instead of missing; the check survives that too.
    """
    scheduling.heartbeat()
    settings.CACHES = {"default": {"BACKEND": backend,
                                   "LOCATION": f"redis://127.0.0.1:{free_port()}/0"},
                       "pages": LOCMEM}
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    cache = body["checks"]["cache"]
    assert cache["ok"] is False and cache["aliases"]["pages"]["ok"] is True
    assert "ConnectionError" in cache["aliases"]["default"]["error"]
    assert "default: " in cache["error"]


def test_only_reads_are_answered(client):
    """HEAD works as GET; a POST is refused and changes nothing."""
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


def test_no_edition_may_take_the_health_check_address():
    """"healthz" is reserved: an edition prefix cannot shadow the load balancer's check."""
    with pytest.raises(ValidationError):
        validate_prefix("healthz")
