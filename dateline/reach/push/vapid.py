"""The VAPID key (RFC 8292) that signs every push, so push services know the pushes are ours.

Browsers bind each subscription to the public half of this key (the
``applicationServerKey`` the page subscribes with): a new key orphans every subscription.
So the key is either given (``DATELINE_VAPID_PRIVATE_KEY``, base64url raw or PEM) or made
once and kept in the data directory (``vapid_private.pem``), like a secret that stays;
two processes starting at once keep whichever was written first.
"""

import base64
import functools
import os
import re
import tempfile
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from py_vapid import Vapid02

FILE_NAME = "vapid_private.pem"
# What push services accept as the JWT's "sub" (py_vapid's own rule, stricter than RFC 8292).
SUBJECT = re.compile(r"^(mailto:[^@\s]+@[^@\s]+|https://[\w.-]+)$", re.IGNORECASE)


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text):
    text = text.strip()
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@functools.cache
def key():
    """The private key, as py_vapid's ``Vapid02`` (what ``pywebpush.webpush`` signs with)."""
    given = settings.DATELINE_VAPID_PRIVATE_KEY.strip()
    if given:
        try:
            return _parse(given)
        except (ValueError, TypeError) as error:
            raise ImproperlyConfigured(
                "DATELINE_VAPID_PRIVATE_KEY is not a P-256 private key: give the 32-byte key "
                "in base64url (as `vapid --gen` or `openssl ecparam -name prime256v1 "
                f"-genkey` make it), or its PEM ({error})") from error
    return _parse(_kept_key(Path(settings.DATA_DIR) / FILE_NAME))


def _parse(text):
    if "-----BEGIN" in text:
        private = serialization.load_pem_private_key(text.encode(), password=None)
        if not isinstance(private, ec.EllipticCurvePrivateKey) or private.curve.name != "secp256r1":
            raise ValueError("the PEM key is not a P-256 (prime256v1) EC key")
        return Vapid02(private)
    if len(b64url_decode(text)) != 32:
        raise ValueError("a raw key is 32 bytes")
    return Vapid02.from_raw(text.encode())


def _kept_key(path):
    """The PEM at ``path``, made first if there is none."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        pem = ec.generate_private_key(ec.SECP256R1()).private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption())
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".vapid-")
        try:
            with os.fdopen(descriptor, "wb") as file:
                file.write(pem)
            os.link(temporary, path)  # fails if another process got there first
        except FileExistsError:
            pass
        finally:
            os.unlink(temporary)
    return path.read_text()


def public_key():
    """The public key, base64url, as browsers take it for ``applicationServerKey``."""
    return b64url(key().public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint))


def subject():
    """The "sub" claim: ``DATELINE_VAPID_SUBJECT``, else the site's https address, else the
    sender address of our mail."""
    given = settings.DATELINE_VAPID_SUBJECT.strip()
    if given:
        if not SUBJECT.match(given):
            raise ImproperlyConfigured(
                f"DATELINE_VAPID_SUBJECT is {given!r}: give a contact push services can "
                "reach, as mailto:news@example.org or https://example.org")
        return given
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    if SUBJECT.match(base):
        return base
    return f"mailto:{settings.DEFAULT_FROM_EMAIL}"


def _forget(setting, **kwargs):
    if setting in ("DATELINE_VAPID_PRIVATE_KEY", "DATA_DIR"):
        key.cache_clear()


setting_changed.connect(_forget, dispatch_uid="dateline-push-vapid")
