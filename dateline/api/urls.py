"""``/api/v1/``: the ninja API, plus JSON errors for unknown paths and methods."""

from functools import wraps

from django.urls import re_path

from .api import api
from .errors import error_response


def _json_method_errors(view):
    """405s in the API's error shape; HEAD answered wherever GET is (the operations are
    declared for GET only; the server sends the head without the body)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "HEAD":
            request.method = "GET"
            try:
                return wrapper(request, *args, **kwargs)
            finally:
                request.method = "HEAD"
        response = view(request, *args, **kwargs)
        if response.status_code == 405:
            allowed = response.get("Allow", "")
            response = error_response(405, f"Use {allowed}." if allowed else "Method not allowed.")
            response["Allow"] = allowed
        return response

    return wrapper


def not_found(request, path=""):
    return error_response(404, "No such API address.")


_patterns, _app_name, _namespace = api.urls
for _pattern in _patterns:
    _pattern.callback = _json_method_errors(_pattern.callback)

urlpatterns = [
    *_patterns,
    re_path(r"^(?P<path>.*)$", not_found),
]
app_name = _namespace  # ninja reverses "<namespace>:api-root"
