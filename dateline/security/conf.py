"""The app's settings, each with its default; read on every use so tests can override them.

- ``DATELINE_REQUIRE_2FA_GROUPS``: names of groups (roles) whose members must use two-step
  verification; a member without an authenticator app is sent to set one up (default none).
- ``DATELINE_LOGIN_FAILURES_PER_USER``: failed sign-ins for one username before it is
  locked (5).
- ``DATELINE_LOGIN_FAILURES_PER_IP``: failed sign-ins from one address, whatever the
  usernames, before it is locked (20).
- ``DATELINE_LOGIN_LOCKOUT``: seconds a lock lasts after the last failure, and how long a
  failure is remembered (900).
- ``DATELINE_LOGIN_THROTTLE_STORE``: where failures are counted: ``"cache"`` (the default
  cache; every process must share it: Redis) or ``"database"``. Default: the cache when it
  is shared, the database when the default cache lives in each process (no ``REDIS_URL``).
- ``DATELINE_TRUSTED_PROXIES``: addresses of the reverse proxies whose ``X-Forwarded-For``
  names the client (production: ``FORWARDED_ALLOW_IPS``, the list gunicorn trusts; default
  none, so the peer address is the client).
- ``DATELINE_CSP_FRAME_SRC``: origins article embeds may load in frames (YouTube).
"""

from django.conf import settings

# Caches that live inside one process: what one worker counts there, no other sees.
PROCESS_LOCAL_CACHES = ("django.core.cache.backends.locmem.LocMemCache",
                        "django.core.cache.backends.dummy.DummyCache")
THROTTLE_STORES = ("cache", "database")
DEFAULT_FRAME_SRC = ("https://www.youtube.com", "https://www.youtube-nocookie.com")


def require_2fa_groups():
    return list(getattr(settings, "DATELINE_REQUIRE_2FA_GROUPS", []))


def login_failures_per_user():
    return getattr(settings, "DATELINE_LOGIN_FAILURES_PER_USER", 5)


def login_failures_per_ip():
    return getattr(settings, "DATELINE_LOGIN_FAILURES_PER_IP", 20)


def login_lockout():
    return getattr(settings, "DATELINE_LOGIN_LOCKOUT", 900)


def default_cache_is_shared():
    return settings.CACHES["default"]["BACKEND"] not in PROCESS_LOCAL_CACHES


def login_throttle_store():
    chosen = getattr(settings, "DATELINE_LOGIN_THROTTLE_STORE", None)
    if chosen is None:
        return "cache" if default_cache_is_shared() else "database"
    return chosen


def trusted_proxies():
    return list(getattr(settings, "DATELINE_TRUSTED_PROXIES", []))


def csp_frame_src():
    return list(getattr(settings, "DATELINE_CSP_FRAME_SRC", DEFAULT_FRAME_SRC))
