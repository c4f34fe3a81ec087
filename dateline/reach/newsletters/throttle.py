"""Sign-ups counted per client address and per e-mail address in Django's cache: a form
on every page must not become a way to mail-bomb an inbox or fill the table."""

import hashlib

from django.core.cache import cache

from dateline.security.throttle import client_ip

PER_IP = 10  # sign-ups from one client address per window
PER_ADDRESS = 3  # confirmation mails to one address per window
WINDOW = 3600  # seconds


def _key(kind, value):
    return f"dateline-newsletters:{kind}:{hashlib.sha256(value.encode()).hexdigest()}"


def _count(key):
    cache.add(key, 0, WINDOW)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, WINDOW)
        return 1


def ip_allowed(request):
    """Count one sign-up from the request's client; False once it has had too many."""
    return _count(_key("ip", client_ip(request))) <= PER_IP


def address_allowed(email):
    """Count one confirmation mail to ``email``; False once it has had too many."""
    return _count(_key("address", email.lower())) <= PER_ADDRESS
