"""Production: refuses to start without a real secret or its public address; secure cookies
and HSTS."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import SECRET_KEY, env_bool, env_list

if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured(
        "Set SECRET_KEY to a long random value (50+ characters), for example the output of "
        "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
    )

if not os.environ.get("DATELINE_BASE_URL", "").strip():
    raise ImproperlyConfigured(
        "Set DATELINE_BASE_URL to the site's public address, e.g. "
        "DATELINE_BASE_URL=https://news.example.org: every absolute link (canonical and "
        "hreflang links, feeds, sitemaps, robots.txt, the API's urls, e-mails) names it, and "
        "production does not guess it from the address it listens on."
    )

DEBUG = False
# Without Redis, the checks warn (dateline.W001) and `dateline serve` logs it at start-up.
DATELINE_SHARED_CACHE_REQUIRED = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Cookies only over HTTPS, out of scripts' reach, and not sent on cross-site requests
# (Lax: a link from an e-mail to the desk still arrives signed in). Wagtail reads the CSRF
# token from the page, never from the cookie.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# dateline/security (docs/security.md): the client address for sign-in throttling comes
# from X-Forwarded-For only when the peer is a proxy gunicorn trusts too.
DATELINE_TRUSTED_PROXIES = env_list("FORWARDED_ALLOW_IPS", "127.0.0.1")
DATELINE_REQUIRE_2FA_GROUPS = env_list("DATELINE_REQUIRE_2FA_GROUPS")
