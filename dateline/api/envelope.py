"""What every operation of the content API passes through (``envelope``).

Unknown query parameters and text the database cannot hold are refused with a 400 naming
the field, an over-long body with a 413, a token on a public read is checked, and the
response gets its cache headers: anonymous reads carry an ETag (``If-None-Match`` answers
304) and are left to the page cache, which makes them public and purges them on publish
(docs/caching.md); anything answered for a token is ``private, no-store``; errors are
``no-store``.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.http import HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags
from ninja.params.models import PathModel, QueryModel

from dateline.caching.shows import shows

from .auth import optional_token
from .errors import ApiError, error_response

MAX_BODY_BYTES = 2 * 1024 * 1024
MAX_ID = 2**63 - 1


def cached(*declarations):
    """Mark a read as the same for every anonymous client: the page cache may keep it, and
    purges it by what ``declarations`` say it shows (``caching.shows``). The view returns
    ``Showing(data, context)``, or plain data when it shows only the site's furniture."""

    def decorate(view):
        view = shows(*declarations)(view)
        view.cache_policy = True
        return view

    return decorate


def _parameter_names(operation):
    query, path = set(), set()
    for model in operation.models:
        names = set(getattr(model, "__ninja_flatten_map__", None) or model.model_fields)
        if issubclass(model, QueryModel):
            query |= names
        elif issubclass(model, PathModel):
            path |= names
    return query, path


def _check_request(request, allowed, path_values):
    for name, values in request.GET.lists():
        if name not in allowed:
            raise ApiError(400, f"Unknown parameter “{name[:50]}”.", name[:100],
                           code="unknown_parameter")
        if any("\x00" in value for value in values):
            raise ApiError(400, "NUL characters are not allowed.", name)
    for name, value in path_values.items():
        if isinstance(value, str) and "\x00" in value:
            raise ApiError(400, "NUL characters are not allowed.", name)
    length = request.META.get("CONTENT_LENGTH") or "0"
    limit = getattr(settings, "DATELINE_API_MAX_BODY_BYTES", MAX_BODY_BYTES)
    if length.isdigit() and int(length) > limit:
        raise ApiError(413, f"The request body is over {limit} bytes.")


def envelope(run):
    """Wrap one operation (ninja's "view" mode: before its input is validated)."""
    operation = run.__self__
    allowed, _path = _parameter_names(operation)
    public = not operation.auth_callbacks
    policy = getattr(operation.view_func, "cache_policy", None)

    @wraps(run)
    def wrapper(request, *args, **kwargs):
        try:
            _check_request(request, allowed, kwargs)
            if public:
                optional_token(request)
        except ApiError as exc:
            response = error_response(exc.status, exc.message, exc.field, exc.code)
        else:
            response = run(request, *args, **kwargs)
        return _cache_headers(request, response, policy)

    return wrapper



def _cache_headers(request, response, policy):
    patch_vary_headers(response, ["Accept", "Authorization"])
    if response.status_code >= 400:
        response["Cache-Control"] = "no-store"
        return response
    if getattr(request, "auth", None) is not None or request.method != "GET" or not policy:
        response["Cache-Control"] = "private, no-store"
        return response
    etag = f'W/"{hashlib.sha256(response.content).hexdigest()[:40]}"'
    response["ETag"] = etag
    wanted = request.headers.get("If-None-Match")
    if wanted and (wanted.strip() == "*" or _opaque(etag) in
                   {_opaque(tag) for tag in parse_etags(wanted)}):
        not_modified = HttpResponseNotModified()
        for header in ("ETag", "Vary"):
            not_modified[header] = response[header]
        return not_modified
    return response


def _opaque(tag):
    return tag[2:] if tag.startswith("W/") else tag
