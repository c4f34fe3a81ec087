"""One error shape for every failure: ``{"error": {"code", "message", "field"}}``.

Bad input is a 400 that names the field; an unknown id a 404; a missing or bad token a
401; a denied action a 403; a state that forbids the action a 409; a request body over
the limit a 413. Nothing a client sends is allowed to become a 500.
"""

import json

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpResponse
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from dateline.newsroom.actions import ArticleLocked
from dateline.newsroom.edits import Conflict

CODES = {400: "invalid", 401: "unauthorized", 403: "forbidden", 404: "not_found",
         405: "method_not_allowed", 409: "conflict", 413: "too_large"}


class ErrorDetail(Schema):
    code: str
    message: str
    field: str | None = None


class ErrorOut(Schema):
    error: ErrorDetail


class ApiError(Exception):
    def __init__(self, status, message, field=None, code=None):
        super().__init__(message)
        self.status, self.message, self.field = status, message, field
        self.code = code or CODES.get(status, "error")


def error_response(status, message, field=None, code=None):
    body = {"error": {"code": code or CODES.get(status, "error"), "message": message,
                      "field": field}}
    response = HttpResponse(json.dumps(body), status=status, content_type="application/json")
    response["Cache-Control"] = "no-store"
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="dateline"'
    return response


def _field_of(location):
    """The client's name for a ninja/pydantic error location."""
    parts = [str(part) for part in location]
    if parts and parts[0] == "body":
        parts = parts[2:] if len(parts) > 2 else parts[1:]  # drop "body" and the argument
    elif parts and parts[0] in ("query", "path", "header"):
        parts = parts[1:]
    return ".".join(parts) or None


def register(api):
    @api.exception_handler(ApiError)
    def api_error(request, exc):
        return error_response(exc.status, exc.message, exc.field, exc.code)

    @api.exception_handler(NinjaValidationError)
    def validation_error(request, exc):
        first = exc.errors[0] if exc.errors else {}
        field = _field_of(first.get("loc", ()))
        message = first.get("msg", "Invalid value.")
        if first.get("type") == "missing":
            message = "This value is required."
        elif first.get("type") == "extra_forbidden":
            message = "Unknown field."
        elif first.get("type") == "string_pattern_mismatch":
            message = "This value is blank or has characters that are not allowed here."
        return error_response(400, message, field)

    @api.exception_handler(AuthenticationError)
    def authentication_error(request, exc):
        return error_response(401, "A valid API token is required (Authorization: Bearer ...).")

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        if exc.status_code == 400 and "request body" in str(exc):
            return error_response(400, "The request body is not valid JSON.", "body")
        return error_response(exc.status_code, str(exc))

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return error_response(404, str(exc) or "Not found.")

    @api.exception_handler(PermissionDenied)
    def permission_denied(request, exc):
        if not getattr(request, "user", None) or not request.user.is_authenticated:
            return error_response(401, "A valid API token is required.")
        return error_response(403, str(exc) or "Your token's role may not do this.",
                              getattr(exc, "field", None))

    @api.exception_handler(RequestDataTooBig)
    def too_big(request, exc):
        return error_response(413, "The request body is too large.")

    @api.exception_handler(ArticleLocked)
    def locked(request, exc):
        return error_response(409, str(exc))

    @api.exception_handler(DjangoValidationError)
    def model_validation_error(request, exc):
        return _refused(400, exc)

    @api.exception_handler(Conflict)
    def conflict(request, exc):
        return _refused(409, exc)


def _refused(status, exc):
    """A ``ValidationError`` from the newsroom: its first message, naming its field."""
    if hasattr(exc, "message_dict"):
        field, messages = next(iter(exc.message_dict.items()))
        return error_response(status, " ".join(messages), None if field == "__all__" else field)
    return error_response(status, " ".join(exc.messages))
