"""The headers and cookies of production, with the values production settings really have
(read from ``dateline.settings.production`` in a separate process, as an operator runs it)."""

import json
import os
import subprocess
import sys

import pytest

from .conftest import LOGIN, sign_in

pytestmark = pytest.mark.django_db

NAMES = [
    "SECURE_PROXY_SSL_HEADER", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY", "SECURE_CROSS_ORIGIN_OPENER_POLICY", "X_FRAME_OPTIONS",
    "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE", "CSRF_COOKIE_HTTPONLY", "CSRF_COOKIE_SAMESITE",
    "LANGUAGE_COOKIE_SECURE", "LANGUAGE_COOKIE_HTTPONLY", "LANGUAGE_COOKIE_SAMESITE",
    "DATELINE_TRUSTED_PROXIES", "DATELINE_REQUIRE_2FA_GROUPS",
]
HTTPS = {"HTTP_X_FORWARDED_PROTO": "https"}


@pytest.fixture(scope="module")
def production_values(tmp_path_factory):
    code = ("import json; from django.conf import settings; "
            f"print(json.dumps({{name: getattr(settings, name) for name in {NAMES!r}}}))")
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env.update(SECRET_KEY="k" * 20 + "0123456789abcdefghijklmnopqrstuvwxyz",
               DATELINE_DATA_DIR=str(tmp_path_factory.mktemp("production")),
               DATELINE_BASE_URL="https://news.example.org",
               DATELINE_REQUIRE_2FA_GROUPS="Chief editor,Administrator")
    env.pop("FORWARDED_ALLOW_IPS", None)
    result = subprocess.run([sys.executable, "-m", "dateline.cli", "shell", "-c", code],
                            env=env, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return values


@pytest.fixture
def production(settings, production_values):
    for name, value in production_values.items():
        setattr(settings, name, value)
    return production_values


def test_production_reads_its_security_settings_from_the_environment(production):
    """Roles that must use two-step verification and the trusted proxy come from the
    environment (FORWARDED_ALLOW_IPS, the list gunicorn trusts, defaults to 127.0.0.1)."""
    assert production["DATELINE_REQUIRE_2FA_GROUPS"] == ["Chief editor", "Administrator"]
    assert production["DATELINE_TRUSTED_PROXIES"] == ["127.0.0.1"]


def test_pages_over_https_carry_every_security_header(client, production, main_edition):
    """HSTS for a year with subdomains, nosniff, strict-origin-when-cross-origin referrers,
    a same-origin opener policy, no framing, and the content security policy."""
    response = client.get("/", **HTTPS)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    desk = client.get(LOGIN, **HTTPS)
    for header in ("Strict-Transport-Security", "X-Content-Type-Options", "Referrer-Policy",
                   "Cross-Origin-Opener-Policy", "Content-Security-Policy"):
        assert desk.has_header(header), header


def test_plain_http_is_sent_to_https(client, production, main_edition):
    """The proxy says the request came over HTTP: a permanent redirect to HTTPS."""
    response = client.get("/global/news/?cursor=1", HTTP_X_FORWARDED_PROTO="http")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/global/news/?cursor=1"


def test_cookies_are_secure_http_only_and_same_site(client, production, editor):
    """The CSRF cookie (from the sign-in page) and the session cookie (from signing in)
    go over HTTPS only, are hidden from scripts, and stay off cross-site requests."""
    client.get(LOGIN, **HTTPS)
    csrf = client.cookies["csrftoken"]
    sign_in(client, editor, **HTTPS)
    session = client.cookies["sessionid"]
    for cookie in (csrf, session):
        assert cookie["secure"] is True and cookie["httponly"] is True, cookie.key
        assert cookie["samesite"] == "Lax", cookie.key
