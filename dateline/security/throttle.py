"""Failed sign-ins, counted per username and per client address in the shared cache.

``DATELINE_LOGIN_FAILURES_PER_USER`` failures for one username (whatever the address, and
whatever the letter case) lock that username; ``DATELINE_LOGIN_FAILURES_PER_IP`` failures
from one address (whatever the usernames) lock that address. A lock lasts
``DATELINE_LOGIN_LOCKOUT`` seconds after the last counted failure; attempts during a lock
are refused before the password is checked, and not counted. A successful sign-in clears
its username's count only: an attacker who also holds one real account cannot wipe the
count of their address by signing in to it.

Every worker process must see the same counts. They live in the default cache when it is
shared (Redis, ``REDIS_URL``), and in the database (``LoginFailureCount``, one atomic
statement per failure) when the default cache is each process's own: the demo, or
production without Redis; ``DATELINE_LOGIN_THROTTLE_STORE`` chooses explicitly.
"""

import hashlib
from datetime import timedelta
from ipaddress import ip_address, ip_network
from math import ceil

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone
from django.utils.translation import ngettext

from . import conf
from .models import LoginFailureCount

PREFIX = "dateline-login-failures"


def client_ip(request):
    """The client's address: the peer's, unless the peer is a trusted proxy
    (``DATELINE_TRUSTED_PROXIES``: addresses, networks, or ``*``); then the last address in
    ``X-Forwarded-For`` that is not one (the one the first proxy saw; those before it are
    the client's word)."""
    peer = request.META.get("REMOTE_ADDR", "")
    trusted = conf.trusted_proxies()
    if "*" not in trusted and not _is_trusted(peer, trusted):
        return peer
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    return next((hop for hop in reversed(hops) if hop and not _is_trusted(hop, trusted)), peer)


def _is_trusted(address, trusted):
    try:
        address = ip_address(address)
    except ValueError:
        return False
    for entry in trusted:
        try:
            if address in ip_network(entry, strict=False):
                return True
        except ValueError:  # "*" or a typo
            continue
    return False


def _key(kind, value):
    return f"{PREFIX}:{kind}:{hashlib.sha256(value.encode()).hexdigest()}"


def _user_key(username):
    return _key("user", username.strip().casefold())


def _ip_key(request):
    return _key("ip", client_ip(request))


def is_locked(request, username):
    user_key, ip_key = _user_key(username), _ip_key(request)
    counts = _store().counts([user_key, ip_key])
    return (counts.get(user_key, 0) >= conf.login_failures_per_user()
            or counts.get(ip_key, 0) >= conf.login_failures_per_ip())


def record_failure(request, username):
    store = _store()
    for key in (_user_key(username), _ip_key(request)):
        store.count(key, conf.login_lockout())


def record_success(request, username):
    _store().forget(_user_key(username))


def _store():
    return DatabaseStore if conf.login_throttle_store() == "database" else CacheStore


class CacheStore:
    """The default cache; correct only when every process shares it (Redis)."""

    @staticmethod
    def counts(keys):
        return cache.get_many(keys)

    @staticmethod
    def count(key, timeout):
        cache.add(key, 0, timeout)
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, timeout)
        cache.touch(key, timeout)

    @staticmethod
    def forget(key):
        cache.delete(key)


class DatabaseStore:
    """The primary database, which every process shares. A failure is counted in one
    INSERT ... ON CONFLICT statement (SQLite and PostgreSQL), so parallel failures in
    several processes each count; rows past their time count as none and are deleted."""

    @staticmethod
    def counts(keys):
        rows = LoginFailureCount.objects.using(DEFAULT_DB_ALIAS).filter(
            key__in=keys, expires_at__gt=timezone.now())
        return dict(rows.values_list("key", "failures"))

    @staticmethod
    def count(key, timeout):
        now = timezone.now()
        connection = connections[DEFAULT_DB_ALIAS]
        table, key_, failures, expires = (connection.ops.quote_name(name) for name in (
            LoginFailureCount._meta.db_table, "key", "failures", "expires_at"))
        adapt = connection.ops.adapt_datetimefield_value
        # Our own table's and columns' names, quoted; the values are parameters.
        sql = (f"INSERT INTO {table} ({key_}, {failures}, {expires}) VALUES (%s, 1, %s) "  # noqa: S608
               f"ON CONFLICT ({key_}) DO UPDATE SET {failures} = CASE WHEN "
               f"{table}.{expires} > %s THEN {table}.{failures} + 1 ELSE 1 END, "
               f"{expires} = excluded.{expires}")
        with connection.cursor() as cursor:
            cursor.execute(sql, [key, adapt(now + timedelta(seconds=timeout)), adapt(now)])
        LoginFailureCount.objects.using(DEFAULT_DB_ALIAS).filter(expires_at__lte=now).delete()

    @staticmethod
    def forget(key):
        LoginFailureCount.objects.using(DEFAULT_DB_ALIAS).filter(key=key).delete()


def locked_message():
    minutes = ceil(conf.login_lockout() / 60)
    return ngettext(
        "Too many failed sign-in attempts. Sign-in is paused; try again in %(minutes)d minute.",
        "Too many failed sign-in attempts. Sign-in is paused; try again in %(minutes)d minutes.",
        minutes) % {"minutes": minutes}
