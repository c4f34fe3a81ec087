"""The content API, version 1, mounted at ``/api/v1/``.

Every operation passes through ``_envelope``: unknown query parameters and text the
database cannot hold are refused with a 400 naming the field, an over-long body with a
413, a token on a public read is checked, and the response gets its cache headers:
anonymous reads carry an ETag (``If-None-Match`` answers 304) and are left to the page
cache, which makes them public and purges them on publish (docs/caching.md); anything
answered for a token is ``private, no-store``; errors are ``no-store``.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.http import HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags
from ninja import NinjaAPI
from ninja.params.models import PathModel, QueryModel

from . import errors
from .auth import optional_token
from .errors import ApiError, error_response

MAX_BODY_BYTES = 2 * 1024 * 1024
MAX_ID = 2**63 - 1

api = NinjaAPI(
    title="Dateline content API",
    version="1.0",
    description=(
        "Published articles, authors, tags, sections and editions of a Dateline newsroom, "
        "as JSON or ninjs 2.x; and, with an API token, writing articles through the "
        "newsroom's editorial actions. Errors have one shape: "
        "`{\"error\": {\"code\", \"message\", \"field\"}}`."),
    urls_namespace="dateline_api",
    openapi_url="/openapi.json",
    docs_url="/docs/",
)
errors.register(api)


def cached(view):
    """Mark a read as the same for every anonymous client: the page cache may keep it."""
    view.cache_policy = True
    return view


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


def _envelope(run):
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


api.add_decorator(_envelope, mode="view")


def _cache_headers(request, response, policy):
    patch_vary_headers(response, ["Accept", "Authorization"])
    if response.status_code >= 400:
        response["Cache-Control"] = "no-store"
        return response
    if getattr(request, "auth", None) is not None or request.method != "GET" or not policy:
        response["Cache-Control"] = "private, no-store"
        return response
    etag = 'W/"%s"' % hashlib.sha256(response.content).hexdigest()[:40]
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


from . import views  # noqa: E402,F401  (registers the operations)
