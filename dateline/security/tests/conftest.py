"""Every sign-in of these tests comes from 127.0.0.1 unless it says otherwise, so each test
starts and ends with no failures counted; and codes are made the way an app makes them."""

import pytest
from django.core.cache import cache
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from dateline.site.tests.conftest import newsroom  # noqa: F401  (a fixture)

LOGIN = "/admin/login/"
SETUP = "/admin/two-factor/"
VERIFY = "/admin/two-factor/verify/"


@pytest.fixture(autouse=True)
def no_failures_counted():
    cache.clear()
    yield
    cache.clear()


def app_for(user):
    """A confirmed authenticator app of ``user``."""
    return TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)


def code(key, offset=0):
    """The code an app holding ``key`` (bytes) shows now, or ``offset`` steps away."""
    totp = TOTP(key)
    totp.drift = offset
    return f"{totp.token():06d}"


def wrong_code(key):
    """A code that no step near now accepts."""
    near = {code(key, offset) for offset in (-2, -1, 0, 1, 2)}
    return next(f"{n:06d}" for n in range(0, 1_000_000, 111_111) if f"{n:06d}" not in near)


def sign_in(client, user, next_url="/admin/", **extra):
    return client.post(LOGIN, {"username": user.username, "password": "pw-" + user.username,
                               "next": next_url}, **extra)
