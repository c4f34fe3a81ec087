"""A Redis cache that degrades to "no cache" while Redis is unreachable instead of failing.

Django's ``RedisCache`` raises when Redis is down, and a cache that raises takes every page
with it. ``ResilientRedisCache`` answers a miss instead (``get`` returns the default,
``add``/``delete``/``touch``/``has_key`` return False, ``set_many`` reports every key as not
stored, ``incr`` raises ``ValueError`` as for a key that is not there) and logs a warning at
most once every ``WARN_EVERY`` seconds, so the site keeps serving pages, uncached, and says
why. After a failure it leaves Redis alone for ``RETRY_AFTER`` seconds (every call in the
meantime is a miss at once, so a Redis host that drops packets costs one request per
process per interval the socket timeout, not every request), then tries again; the first
call that succeeds ends the outage, with a log line. ``probe()`` always asks Redis, for
the health check.

Options, beside the ``redis`` connection options (``OPTIONS``): ``WARN_EVERY`` (seconds,
default 60) and ``RETRY_AFTER`` (seconds, default 1). Socket timeouts default to half a
second instead of redis-py's "wait for ever".

Django makes one backend object per thread; the outage is kept per server address for the
whole process, so threads share one warning and one retry clock.
"""

import logging
import threading
import time
from urllib.parse import urlsplit

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("dateline.cache")

# BusyLoadingError (Redis reading its dump after a restart) is a ConnectionError too.
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError)

DEFAULT_SOCKET_TIMEOUT = 0.5
DEFAULT_WARN_EVERY = 60.0
DEFAULT_RETRY_AFTER = 1.0


class Outage:
    """What one process knows about one Redis server being unreachable."""

    def __init__(self, where, warn_every, retry_after):
        self.where = where
        self.warn_every = warn_every
        self.retry_after = retry_after
        self.down_since = None  # time.time() of the first failure, None while it works
        self.last_error = ""
        self.failures = 0
        self._retry_at = 0.0
        self._warned_at = None
        self._lock = threading.Lock()

    @property
    def is_down(self):
        return self.down_since is not None

    def should_skip(self):
        return self.down_since is not None and time.monotonic() < self._retry_at

    def failed(self, error):
        now = time.monotonic()
        with self._lock:
            if self.down_since is None:
                self.down_since = time.time()
            self.failures += 1
            self.last_error = f"{type(error).__name__}: {error}"
            self._retry_at = now + self.retry_after
            warn = self._warned_at is None or now - self._warned_at >= self.warn_every
            if warn:
                self._warned_at = now
                failures, self.failures = self.failures, 0
        if warn:
            logger.warning("Redis cache at %s is unavailable (%s); serving without the cache "
                           "(%d failed calls since the last warning)",
                           self.where, self.last_error, failures)

    def succeeded(self):
        if self.down_since is None:
            return
        with self._lock:
            if self.down_since is None:
                return
            lasted = time.time() - self.down_since
            self.down_since, self._warned_at, self.failures = None, None, 0
        logger.warning("Redis cache at %s is reachable again after %.1f s", self.where, lasted)

    def as_dict(self):
        return {"down_since": self.down_since, "error": self.last_error}


_outages = {}
_outages_lock = threading.Lock()


def _outage_for(where, warn_every, retry_after):
    with _outages_lock:
        if where not in _outages:
            _outages[where] = Outage(where, warn_every, retry_after)
        return _outages[where]


def _describe(servers):
    """host:port/db of each server, without user names or passwords, for the log."""
    described = []
    for server in servers:
        parts = urlsplit(server)
        host = parts.hostname or parts.path or server
        port = f":{parts.port}" if parts.port else ""
        db = parts.path if parts.hostname and parts.path not in ("", "/") else ""
        described.append(f"{host}{port}{db}")
    return ",".join(described)


_NOT_REACHED = object()


class ReusingRedisCacheClient(RedisCacheClient):
    """Django builds a new ``redis.Redis`` for every call (hundreds of microseconds spent
    filling its table of reply handlers); one per connection pool is enough, since it is
    thread-safe and the pool does the connecting."""

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        if id(pool) not in clients:
            clients[id(pool)] = self._client(connection_pool=pool)
        return clients[id(pool)]


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        warn_every = float(options.pop("WARN_EVERY", DEFAULT_WARN_EVERY))
        retry_after = float(options.pop("RETRY_AFTER", DEFAULT_RETRY_AFTER))
        options.setdefault("socket_connect_timeout", DEFAULT_SOCKET_TIMEOUT)
        options.setdefault("socket_timeout", DEFAULT_SOCKET_TIMEOUT)
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = ReusingRedisCacheClient
        self.outage = _outage_for(_describe(self._servers), warn_every, retry_after)

    def _guarded(self, operation, fallback, *args, **kwargs):
        if self.outage.should_skip():
            return fallback
        try:
            result = operation(*args, **kwargs)
        except UNAVAILABLE as error:
            self.outage.failed(error)
            return fallback
        self.outage.succeeded()
        return result

    def probe(self):
        """Ask Redis now, whatever the retry clock says: (reachable, error text)."""
        try:
            self._cache.get_client(write=True).ping()
        except UNAVAILABLE as error:
            self.outage.failed(error)
            return False, self.outage.last_error
        self.outage.succeeded()
        return True, ""

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(super().add, False, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._guarded(super().get, default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(super().set, None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(super().touch, False, key, timeout, version)

    def delete(self, key, version=None):
        return self._guarded(super().delete, False, key, version)

    def get_many(self, keys, version=None):
        return self._guarded(super().get_many, {}, keys, version)

    def has_key(self, key, version=None):
        return self._guarded(super().has_key, False, key, version)

    def incr(self, key, delta=1, version=None):
        result = self._guarded(super().incr, _NOT_REACHED, key, delta, version)
        if result is _NOT_REACHED:
            raise ValueError(f"Key '{key}' not found (the cache is unavailable).")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(super().set_many, list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._guarded(super().delete_many, None, keys, version)

    def clear(self):
        return self._guarded(super().clear, False)
