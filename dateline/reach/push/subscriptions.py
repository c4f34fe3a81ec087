"""What a browser may hand us as a subscription, checked before anything is stored.

The endpoint is where the worker will later send requests, so it is held to what push
services use: an https URL on a public host name (never an address on our own network);
plain http on 127.0.0.1 only when ``DATELINE_PUSH_ALLOW_LOOPBACK`` is on (tests, the
bench). The keys must be what RFC 8291 makes them: a P-256 public point (65 bytes) and a
16-byte auth secret.
"""

import binascii
import ipaddress
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.utils.translation import gettext as _

from dateline.newsroom.models import Edition

from .models import PushSubscription
from .vapid import b64url_decode

MAX_ENDPOINT = 1000
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


class BadSubscription(ValueError):
    """The message says what is wrong, for the reader's browser."""


def clean(data):
    """The fields of a ``PushSubscription`` from a subscription's JSON, or BadSubscription."""
    if not isinstance(data, dict):
        raise BadSubscription(_("Send the subscription as a JSON object."))
    keys = data.get("keys")
    keys = keys if isinstance(keys, dict) else {}
    edition = Edition.objects.filter(code=_text(data.get("edition"))).first()
    if edition is None:
        raise BadSubscription(_("Choose an edition to get alerts from."))
    scope = _text(data.get("scope")) or PushSubscription.Scope.BREAKING
    if scope not in PushSubscription.Scope.values:
        raise BadSubscription(_("Choose breaking news only or all top stories."))
    return {"endpoint": clean_endpoint(data.get("endpoint")),
            "p256dh": _key(keys.get("p256dh"), 65, _("The browser's public key is not valid.")),
            "auth": _key(keys.get("auth"), 16, _("The browser's auth secret is not valid.")),
            "edition": edition, "scope": scope}


def _text(value):
    return value.strip() if isinstance(value, str) else ""


def clean_endpoint(value):
    endpoint = _text(value)
    invalid = BadSubscription(_("The push endpoint is not a valid https address."))
    if not endpoint or len(endpoint) > MAX_ENDPOINT:
        raise invalid
    try:
        parts = urlsplit(endpoint)
        host, _port = parts.hostname or "", parts.port
    except ValueError:
        raise invalid from None
    if parts.username or parts.password or not host or any(c.isspace() for c in endpoint):
        raise invalid
    if parts.scheme == "http" and settings.DATELINE_PUSH_ALLOW_LOOPBACK and host in LOOPBACK_HOSTS:
        return endpoint
    if parts.scheme != "https" or host in LOOPBACK_HOSTS or "." not in host:
        raise invalid
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return endpoint  # a host name
    if not address.is_global:
        raise invalid
    return endpoint


def _key(value, length, message):
    text = _text(value)
    try:
        raw = b64url_decode(text) if text and len(text) < 200 else b""
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != length:
        raise BadSubscription(message)
    if length == 65:
        try:
            ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), raw)
        except ValueError:
            raise BadSubscription(message) from None
    return text
