"""What ``/healthz`` checks: the database, every cache, and the scheduling worker.

The database decides whether the node can serve: without it the report is "down" and
the load balancer should take the node out. A cache that cannot be reached or a silent
worker leave the node serving (pages uncached; scheduled articles late), so the report is
"degraded": the node stays in, and whoever reads the report learns what is wrong.
"""

import logging
import os
import socket
import time
import uuid

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.utils import timezone

from dateline.newsroom import scheduling

logger = logging.getLogger("dateline.health")

OK, DEGRADED, DOWN = "ok", "degraded", "down"
# A key of this process's own, so that two nodes checking at once do not read each other's.
_CACHE_KEY = f"healthz:{socket.gethostname()}:{os.getpid()}"

_last_status = {"status": OK}


def _error(error):
    return f"{type(error).__name__}: {error}".strip()


def _timed(check):
    started = time.monotonic()
    result = check()
    result["ms"] = round((time.monotonic() - started) * 1000, 1)
    return result


def check_database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any driver's "cannot reach the server"
        return {"ok": False, "error": _error(error)}
    return {"ok": True}


def check_cache(alias):
    cache = caches[alias]
    result = {"backend": f"{type(cache).__module__}.{type(cache).__name__}"}
    probe = getattr(cache, "probe", None)  # ResilientRedisCache asks the server itself
    if probe is not None:
        reachable, error = probe()
        if not reachable:
            return {**result, "ok": False, "error": error}
    token = uuid.uuid4().hex
    try:
        cache.set(_CACHE_KEY, token, timeout=30)
        ok = cache.get(_CACHE_KEY) == token
    except Exception as error:  # a backend that raises instead of missing
        return {**result, "ok": False, "error": _error(error)}
    return {**result, "ok": ok, **({} if ok else {"error": "the value set was not read back"})}


def check_caches():
    aliases = {alias: _timed(lambda alias=alias: check_cache(alias)) for alias in settings.CACHES}
    failing = "; ".join(f"{alias}: {a['error']}" for alias, a in aliases.items() if not a["ok"])
    return {"ok": not failing, **({"error": failing} if failing else {}), "aliases": aliases}


def check_worker(now=None):
    now = now or timezone.now()
    try:
        beat = scheduling.last_heartbeat()
    except Exception as error:
        return {"ok": False, "error": _error(error)}
    return {
        "ok": not scheduling.worker_is_silent(beat, now=now),
        "last_beat": beat.isoformat() if beat else None,
        "age_seconds": round((now - beat).total_seconds(), 1) if beat else None,
        "interval_seconds": settings.DATELINE_WORKER_INTERVAL,
    }


def report():
    """Every check, and the verdict: ok, degraded (serving, something is wrong) or down."""
    checks = {"database": _timed(check_database), "cache": check_caches()}
    if checks["database"]["ok"]:
        checks["worker"] = _timed(check_worker)
    else:
        checks["worker"] = {"ok": False, "error": "not checked: the database is unavailable"}
    if not checks["database"]["ok"]:
        status = DOWN
    elif all(check["ok"] for check in checks.values()):
        status = OK
    else:
        status = DEGRADED
    _log_change(status, checks)
    return {"status": status, "checks": checks, "time": timezone.now().isoformat()}


def _log_change(status, checks):
    """Say so in the log when this process's verdict changes (not at every poll)."""
    if _last_status["status"] == status:
        return
    _last_status["status"] = status
    failing = ", ".join(f"{name}: {check.get('error') or 'failing'}"
                        for name, check in checks.items() if not check["ok"])
    if status == OK:
        logger.warning("health: ok again")
    else:
        logger.warning("health: %s (%s)", status, failing)
