"""Start-up checks of the deployment: what would break the site, said with its fix.

Both are deployment checks (``dateline check --deploy``), which ``dateline serve`` runs
before it starts the app server (``dateline/cli.py``):

- ``dateline.E001``: the static files were never collected (or were collected before an
  upgrade brought new ones). Whitenoise's manifest storage then fails every page that names
  one with a bare 500; ``dateline serve`` refuses to start instead.
- ``dateline.W001``: production (``DATELINE_SHARED_CACHE_REQUIRED``) without a shared cache
  (``REDIS_URL``): the default cache is each process's own. Sign-in throttling counts in
  the database then (``dateline/security/throttle.py``), so it still holds; but the page
  cache lives in files in ``DATELINE_DATA_DIR``, which only the processes of this one
  machine share, and anything else kept in the default cache is kept per process.
"""

import json

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import ManifestFilesMixin
from django.core.checks import Error, Warning, register
from django.core.files.storage import storages

from dateline.security import conf as security_conf

TAG = "dateline"
COLLECT = "Run `dateline collectstatic --noinput` (again after every upgrade), then start the site."


def uncollected_static_files():
    """(manifest path, names the finders know that the manifest lacks), or (path, None)
    when there is no manifest at all; (None, []) for a storage without a manifest."""
    storage = storages["staticfiles"]
    if not isinstance(storage, ManifestFilesMixin):
        return None, []
    path = storage.path(storage.manifest_name)
    try:
        with open(path, encoding="utf-8") as file:
            collected = set(json.load(file).get("paths", {}))
    except FileNotFoundError:
        return path, None
    except ValueError:
        return path, None  # unreadable: as good as missing
    found = {name for finder in finders.get_finders()
             for name, _storage in finder.list(ignore_patterns=["CVS", ".*", "*~"])}
    return path, sorted(found - collected)


@register(TAG, deploy=True)
def check_static_files(app_configs=None, **kwargs):
    path, missing = uncollected_static_files()
    if missing is None:
        return [Error(
            f"The static files were never collected: there is no {path}. Every page would "
            "answer with a bare “Server Error (500)”.",
            hint=COLLECT, id="dateline.E001")]
    if missing:
        shown = ", ".join(missing[:3]) + (", ..." if len(missing) > 3 else "")
        return [Error(
            f"{len(missing)} static file(s) are missing from the collected set in "
            f"{settings.STATIC_ROOT} ({shown}): pages naming them would answer with a bare "
            "“Server Error (500)”.",
            hint=COLLECT, id="dateline.E001")]
    return []


def runs_without_shared_cache():
    return (getattr(settings, "DATELINE_SHARED_CACHE_REQUIRED", False)
            and not security_conf.default_cache_is_shared())


@register(TAG, deploy=True)
def check_shared_cache(app_configs=None, **kwargs):
    if not runs_without_shared_cache():
        return []
    throttle = ("Sign-in throttling counts in the database meanwhile."
                if security_conf.login_throttle_store() == "database" else
                "Sign-in throttling counts in each process: DATELINE_LOGIN_THROTTLE_STORE "
                "should be \"database\" without Redis.")
    return [Warning(
        "Running without a shared cache (REDIS_URL is not set): each worker process keeps "
        "its own default cache, and the page cache lives in files in "
        f"{settings.CACHES['pages'].get('LOCATION', settings.DATA_DIR / 'page-cache')}, "
        f"shared only by the processes of this machine. {throttle}",
        hint="Set REDIS_URL (e.g. redis://127.0.0.1:6379/0) for one cache shared by every "
             "process and machine; on a single machine this warning may be accepted.",
        id="dateline.W001")]
