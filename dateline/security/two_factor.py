"""Two-step verification with an authenticator app: TOTP devices of django-otp.

A user has at most one confirmed app. Setting one up makes an unconfirmed device (kept
until confirmed, so reloading the page shows the same secret) and confirms it with the
first right code. ``TwoFactorMiddleware`` holds sessions that have not entered a code.
"""

from base64 import b32encode
from urllib.parse import quote, urlencode

import segno
from django.conf import settings
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import conf

VERIFY_URL_NAME = "dateline_two_factor_verify"
SETUP_URL_NAME = "dateline_two_factor"


def has_device(user):
    """Does ``user`` have a confirmed device (any kind django-otp knows)?"""
    return user_has_device(user, confirmed=True)


def confirmed_device(user):
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def is_required(user):
    """Is ``user`` in a group that ``DATELINE_REQUIRE_2FA_GROUPS`` names?"""
    groups = conf.require_2fa_groups()
    return bool(groups) and user.groups.filter(name__in=groups).exists()


def pending_device(user):
    """The unconfirmed device being set up for ``user``, made on first use."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app",
                                               confirmed=False)


def secret(device):
    """The device's key as authenticator apps take it when typed in: base32."""
    return b32encode(device.bin_key).decode()


def otpauth_url(device):
    """The ``otpauth://`` URI an authenticator app reads from the QR code."""
    issuer = str(settings.WAGTAIL_SITE_NAME).replace(":", "")
    label = quote(f"{issuer}:{device.user.get_username()}")
    params = urlencode({"secret": secret(device), "issuer": issuer, "algorithm": "SHA1",
                        "digits": device.digits, "period": device.step}, quote_via=quote)
    return f"otpauth://totp/{label}?{params}"


def qr_code(url):
    """``url`` as a QR code, an SVG ``data:`` URI for an ``<img>``."""
    return segno.make(url, error="m").svg_data_uri(scale=5, border=2)
