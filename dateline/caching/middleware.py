"""The page cache in front of every public view, and the cache headers of every response.

Only anonymous GET and HEAD requests are looked up or stored: a request with the session
cookie or an ``Authorization`` header never is, whatever it asks for. A response is stored
only when it is a 200 that sets no cookie and did not mark itself private. Everything
stored also tells browsers to revalidate (``max-age=0`` with an ``ETag``) and shared caches
to keep it (``s-maxage``), since a publish purges both; everything else is
``private, no-store``.
"""

import hashlib
import time

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, parse_http_date_safe

from . import keys as surrogate
from . import store
from .shows import collecting

# Paths the page cache never answers: the desk, and files served by their own rules.
PRIVATE_PREFIXES = ("/admin/", "/documents/", "/images/", "/media/", "/static/")
# Headers a stored response may vary on: the ones that never reach the store (cookie,
# authorization) and the ones that are part of the entry key.
VARY_OK = {"cookie", "authorization", "accept", "accept-encoding"}
SURROGATE_HEADER = "xkey"
STATUS_HEADER = "X-Page-Cache"
OVERTAKEN_HEADER = "X-Dateline-Overtaken"
# How many entries' keys a process remembers, so that a hit reads the entry and its keys'
# purge times in one round trip (``store.get``): a few hundred bytes each.
KNOWN_KEYS_SIZE = 20_000


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.known_keys = {}  # entry key -> the surrogate keys it carried

    def _remember(self, key, entry_keys):
        # Forgotten all at once when full: rare, costs a second read per page once, and
        # needs no lock between a worker's threads (one dict operation each).
        if len(self.known_keys) >= KNOWN_KEYS_SIZE:
            self.known_keys = {}
        self.known_keys[key] = entry_keys

    def __call__(self, request):
        if not _anonymous_read(request):
            return _private(self.get_response(request), request)
        key = _entry_key(request)
        if settings.DATELINE_PAGE_CACHE:
            entry = store.get(key, self.known_keys.get(key))
            if entry is not None:
                if self.known_keys.get(key) != entry.keys:
                    self._remember(key, entry.keys)
                return _from_entry(request, entry)
        begun_at = time.time()
        with collecting() as collected:
            response = self.get_response(request)
        if not _storable(response):
            return _private(response, request)
        purged = store.purge_times(collected.keys)
        if store.purged_since(purged, begun_at):
            # A publish committed while this rendered: it may show the old version. The
            # reader gets it, but no cache may keep it (a proxy would store it after the
            # purge it was sent, and serve it until the next one). The shipped VCL reads
            # OVERTAKEN_HEADER so as not to make it a two-minute hit-for-miss, in which
            # every reader's request would reach the app uncoalesced.
            response["Cache-Control"] = "private, no-store"
            response[OVERTAKEN_HEADER] = "1"
            return response
        _make_public(response, collected.keys, begun_at, collected.valid_until)
        if settings.DATELINE_PAGE_CACHE and len(collected.keys) <= surrogate.MAX_KEYS:
            entry = _to_entry(response, collected, begun_at)
            store.put(key, entry, purged)
            self._remember(key, entry.keys)
            response[STATUS_HEADER] = "miss"
        return _conditional(request, response)


def _anonymous_read(request):
    return (request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "HTTP_AUTHORIZATION" not in request.META
            and not request.path.startswith(PRIVATE_PREFIXES))


def _entry_key(request):
    parts = [request.scheme, request.get_host(), request.path, request.META.get("QUERY_STRING", "")]
    if request.path.startswith("/api/"):
        # The API answers ninjs or its own JSON by the Accept header.
        parts.append(request.headers.get("Accept", ""))
    return store.entry_key(*parts)


def _storable(response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    control = response.get("Cache-Control", "")
    if any(word in control for word in ("private", "no-store", "no-cache")):
        return False
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    return vary <= VARY_OK


def _make_public(response, keys, begun_at, valid_until):
    shared_max_age = settings.DATELINE_SHARED_MAX_AGE
    if valid_until is not None:
        # Counted from when the response began, as a cache counts it: a copy served later
        # from the page cache says its ``Age``, which the proxy subtracts. Counted from
        # now, the age was taken off twice and a short-lived response (the live stream,
        # 2 s) reached Varnish already expired: every reader's poll went to the app.
        shared_max_age = max(0, min(shared_max_age, int(valid_until - begun_at)))
    response["Cache-Control"] = (
        f"public, max-age=0, s-maxage={shared_max_age}, "
        f"stale-while-revalidate={settings.DATELINE_STALE_WHILE_REVALIDATE}, "
        f"stale-if-error={settings.DATELINE_STALE_IF_ERROR}")
    if not response.has_header("ETag"):
        response["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
    if not response.has_header("Last-Modified"):
        response["Last-Modified"] = http_date(begun_at)
    response[SURROGATE_HEADER] = " ".join(sorted(keys))


def _private(response, request):
    # A 304 answers for the stored version; its policy stays the one the reader holds.
    if response.status_code != 304 and not response.has_header("Cache-Control"):
        response["Cache-Control"] = "private, no-store"
    return response


def _to_entry(response, collected, begun_at):
    headers = tuple((name, value) for name, value in response.items()
                    if name.lower() != STATUS_HEADER.lower())
    return store.Entry(begun_at=begun_at, keys=tuple(sorted(collected.keys)),
                       status=response.status_code, headers=headers, body=response.content,
                       valid_until=collected.valid_until)


def _from_entry(request, entry):
    response = HttpResponse(entry.body, status=entry.status)
    for name, value in entry.headers:
        response[name] = value
    response["Age"] = str(max(0, int(time.time() - entry.begun_at)))
    response[STATUS_HEADER] = "hit"
    return _conditional(request, response)


def _conditional(request, response):
    """A 304 when the reader already holds this version."""
    return get_conditional_response(
        request, etag=response["ETag"],
        last_modified=parse_http_date_safe(response["Last-Modified"]),
        response=response) or response
