"""Tells the router whether this request may read from a replica, and pins writers.

Place it above ``SessionMiddleware``: the session is saved on the way out, and that write
must count.
"""

import math
import time

from django.conf import settings

from . import RequestRouting, current, pick_replica

PIN_COOKIE = "dateline_primary"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def pin_seconds():
    return getattr(settings, "DATELINE_REPLICA_PIN_SECONDS", 5)


def is_pinned(request):
    """The client wrote in the last few seconds (the cookie holds the pin's end, Unix time)."""
    try:
        return float(request.COOKIES.get(PIN_COOKIE, "0")) > time.time()
    except ValueError:
        return False


def needs_primary(request):
    """Signed-in people, token holders, writers and recent writers read from the primary."""
    return (request.method not in SAFE_METHODS
            or settings.SESSION_COOKIE_NAME in request.COOKIES
            or "HTTP_AUTHORIZATION" in request.META
            or is_pinned(request))


class ReplicaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        replica = pick_replica()
        if replica is None:  # no replicas: one database, nothing to do
            return self.get_response(request)
        routing = RequestRouting(replica=None if needs_primary(request) else replica)
        token = current.set(routing)
        try:
            response = self.get_response(request)
        finally:
            current.reset(token)
        if routing.wrote:
            seconds = pin_seconds()
            response.set_cookie(PIN_COOKIE, f"{time.time() + seconds:.3f}",
                                max_age=max(1, math.ceil(seconds)), httponly=True,
                                samesite="Lax", secure=request.is_secure())
        return response
