"""Failed sign-ins, counted per username and per client address in the shared cache.

``DATELINE_LOGIN_FAILURES_PER_USER`` failures for one username (whatever the address, and
whatever the letter case) lock that username; ``DATELINE_LOGIN_FAILURES_PER_IP`` failures
from one address (whatever the usernames) lock that address. A lock lasts
``DATELINE_LOGIN_LOCKOUT`` seconds after the last counted failure; attempts during a lock
are refused before the password is checked, and not counted. A successful sign-in clears
its username's count only: an attacker who also holds one real account cannot wipe the
count of their address by signing in to it.

The counts live in the default cache, which must be shared by every worker (Redis in
production, ``REDIS_URL``); with the in-process cache each worker counts on its own.
"""

import hashlib
from ipaddress import ip_address, ip_network
from math import ceil

from django.core.cache import cache
from django.utils.translation import ngettext

from . import conf

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
    counts = cache.get_many([user_key, ip_key])
    return (counts.get(user_key, 0) >= conf.login_failures_per_user()
            or counts.get(ip_key, 0) >= conf.login_failures_per_ip())


def record_failure(request, username):
    for key in (_user_key(username), _ip_key(request)):
        _count(key, conf.login_lockout())


def record_success(request, username):
    cache.delete(_user_key(username))


def _count(key, timeout):
    cache.add(key, 0, timeout)
    try:
        cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout)
    cache.touch(key, timeout)


def locked_message():
    minutes = ceil(conf.login_lockout() / 60)
    return ngettext(
        "Too many failed sign-in attempts. Sign-in is paused; try again in %(minutes)d minute.",
        "Too many failed sign-in attempts. Sign-in is paused; try again in %(minutes)d minutes.",
        minutes) % {"minutes": minutes}
