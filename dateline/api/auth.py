"""API tokens: Wagtail's ``APIToken`` (one per client, belonging to a user).

The token's user acts with the permissions of their groups (Reporter, Editor, Chief
editor, Administrator), through the same permission policy and actions as the admin.
Tokens are made in the admin (Settings → Users → API tokens) or with
``dateline api_tokens create --user NAME --name CLIENT``. Session cookies never count.
"""

from django.contrib.auth.models import AnonymousUser
from ninja.security import HttpBearer
from wagtail.api.v3.auth import BearerTokenAuth

from .errors import ApiError

_bearer = BearerTokenAuth()


class TokenAuth(HttpBearer):
    """Required token, for writes and the desk's views."""

    def authenticate(self, request, token):
        return _bearer.authenticate(request, token.strip())


def optional_token(request):
    """For public reads: no header is anonymous; a header with a bad token is refused."""
    header = request.headers.get("Authorization")
    request.auth = None
    if header is None:
        request.user = AnonymousUser()
        return None
    scheme, _space, token = header.partition(" ")
    api_token = None
    if scheme.lower() == "bearer" and token.strip():
        api_token = _bearer.authenticate(request, token.strip())
    if api_token is None:
        raise ApiError(401, "This API token is not valid.")
    request.auth = api_token
    return api_token
