"""Tests: the database from DATABASE_URL (SQLite by default), fast hashing, no real outside world."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import STORAGES

SECRET_KEY = "test-secret-key-not-for-production-" + "x" * 30
DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost", "global.testserver"]
# Fixed, whatever DATELINE_BASE_URL, HOST or PORT the shell running the tests has.
WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
DATA_DIR = Path(tempfile.mkdtemp(prefix="dateline-test-data-"))
MEDIA_ROOT = DATA_DIR / "media"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir()
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Room for everything a test stores: LocMemCache's default (300 entries) culls a third at
# random when full, and a purge time culled counts as "purged just now".
_ROOMY = {"MAX_ENTRIES": 1_000_000}
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": _ROOMY},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages",
              "OPTIONS": _ROOMY},
}
DATELINE_SEARCH_INDEXING = "inline"

from .base import DATABASES  # noqa: E402

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not an in-memory database: the concurrency tests open real parallel
    # connections, which must see each other's commits and wait on each other's locks.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.mkdtemp(prefix="dateline-test-db-")) / "test.sqlite3")
    }

# One machine, one clock: a page rendered right after a purge counts (see docs/caching.md).
DATELINE_PAGE_CACHE_PURGE_MARGIN = 0
# Push endpoints on loopback: the tests run a push service of their own on 127.0.0.1.
DATELINE_PUSH_ALLOW_LOOPBACK = True
