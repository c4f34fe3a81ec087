"""Settings shared by every deployment; everything that differs is read from the environment.

Environment variables:

- ``DATELINE_DATA_DIR``: where the SQLite database, media and the demo secret live
  (default ``./data``).
- ``DATABASE_URL``: e.g. ``postgres://user@127.0.0.1:5432/dateline``; default a SQLite
  file in the data directory, in WAL mode.
- ``DATABASE_REPLICA_URLS``: PostgreSQL streaming replicas (comma-separated) for the
  anonymous public's reads (``dateline/replicas``, ``docs/scaling.md``); default none.
- ``REDIS_URL``: the shared cache; without it a local in-process cache.
- ``SECRET_KEY``, ``ALLOWED_HOSTS`` (comma-separated), ``DEBUG`` (off unless ``1``/``true``).
- ``DATELINE_BASE_URL``: the public address of the site, which every absolute link names
  (canonical, hreflang, feeds, sitemaps, robots.txt, the API, e-mails); default
  ``http://HOST:PORT``, the address ``dateline serve`` listens on (``HOST`` 127.0.0.1 and
  ``PORT`` 8000 unless set). Production requires it (``production.py``).
- ``EMAIL_HOST``, ``EMAIL_PORT``, ``EMAIL_HOST_USER``, ``EMAIL_HOST_PASSWORD``,
  ``EMAIL_USE_TLS``, ``DEFAULT_FROM_EMAIL``: the SMTP server for newsletters, password
  resets and review notifications (Django's defaults: localhost:25); ``EMAIL_BACKEND``
  another mail backend; the demo writes mail to files in ``DATA_DIR/mail``.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DATA_DIR = Path(os.environ.get("DATELINE_DATA_DIR", Path.cwd() / "data")).resolve()

DEBUG = env_bool("DEBUG")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    "dateline.newsroom",
    "dateline.live",
    "dateline.breaking",
    "dateline.infopages",
    "dateline.mostread",
    "dateline.reach",
    "dateline.reach.newsletters",
    "dateline.reach.push",
    "dateline.reach.telegram",
    "dateline.translations",
    "dateline.search",
    "dateline.site",
    "dateline.syndication",
    "dateline.demo",
    "dateline.ingest",
    "dateline.api",
    "dateline.health",
    "dateline.backups",
    "dateline.caching",
    "dateline.security",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.locales",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # The API docs page serves Swagger UI from our static files, not a CDN with inline script.
    "ninja",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the page cache: cached pages get the policy too.
    "dateline.security.middleware.ContentSecurityPolicyMiddleware",
    # Before the session: a cached page is answered without touching it.
    "dateline.caching.middleware.PageCacheMiddleware",
    "dateline.replicas.middleware.ReplicaMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "dateline.security.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "dateline.urls"
WSGI_APPLICATION = "dateline.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dateline.site.context_processors.editions",
            ],
        },
    },
]


def database_from_env(url=None):
    default = f"sqlite:///{DATA_DIR / 'dateline.sqlite3'}"
    config = dj_database_url.parse(url or os.environ.get("DATABASE_URL") or default,
                                   conn_max_age=60)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers go on while the worker writes; IMMEDIATE takes the write
        # lock at BEGIN so two writers queue up instead of failing with "locked".
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    else:
        config["CONN_HEALTH_CHECKS"] = True
    return config


DATABASES = {
    "default": database_from_env(),
    **{f"replica{number}": {**database_from_env(url), "TEST": {"MIRROR": "default"}}
       for number, url in enumerate(env_list("DATABASE_REPLICA_URLS"), start=1)},
}
DATABASE_ROUTERS = ["dateline.replicas.router.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "dateline.caching.backends.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "dateline",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The page cache (dateline/caching): beside the default cache in Redis; without Redis, in
# files, which every process of the demo shares (a purge must reach all of them).
if REDIS_URL:
    CACHES["pages"] = {**CACHES["default"], "KEY_PREFIX": "dateline-pages"}
else:
    CACHES["pages"] = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(DATA_DIR / "page-cache"),
        "OPTIONS": {"MAX_ENTRIES": 50_000},
    }
DATELINE_PAGE_CACHE = env_bool("DATELINE_PAGE_CACHE", True)
DATELINE_PAGE_CACHE_TTL = int(os.environ.get("DATELINE_PAGE_CACHE_TTL", "3600"))
# A page begun less than this many seconds after a purge is not trusted: it covers clock
# differences between machines and, with replicas, how far they may lag behind.
DATELINE_PAGE_CACHE_PURGE_MARGIN = 1.0 if env_list("DATABASE_REPLICA_URLS") else 0.05
# What shared caches (a CDN, Varnish) may keep, in seconds; a publish purges them sooner.
DATELINE_SHARED_MAX_AGE = int(os.environ.get("DATELINE_SHARED_MAX_AGE", "3600"))
DATELINE_STALE_WHILE_REVALIDATE = 30
DATELINE_STALE_IF_ERROR = 86_400
DATELINE_FRONTEND_REPURGE_DELAYS = (0.5, 2.0)
# Varnish in front (deploy/varnish/dateline.vcl), purged by surrogate key.
WAGTAILFRONTENDCACHE = {}
if os.environ.get("DATELINE_VARNISH_URL"):
    WAGTAILFRONTENDCACHE["varnish"] = {
        "BACKEND": "dateline.caching.frontend.VarnishXkeyBackend",
        "LOCATION": os.environ["DATELINE_VARNISH_URL"],
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Interface languages; each edition picks one of them for its content.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("uk", _("Ukrainian"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Serve uploads from the app server (demo); production leaves it to the reverse proxy.
DATELINE_SERVE_MEDIA = env_bool("DATELINE_SERVE_MEDIA")

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "Dateline"


def served_address():
    """``http://HOST:PORT`` as ``dateline serve`` listens (a wildcard host named 127.0.0.1)."""
    host = os.environ.get("HOST", "").strip() or "127.0.0.1"
    if host in ("0.0.0.0", "::", "[::]"):  # noqa: S104  (read, not bound)
        host = "127.0.0.1"
    elif ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{os.environ.get('PORT', '').strip() or '8000'}"


WAGTAILADMIN_BASE_URL = os.environ.get("DATELINE_BASE_URL", "").strip() or served_address()
WAGTAILIMAGES_IMAGE_MODEL = "newsroom.NewsImage"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 64_000_000
WAGTAILDOCS_EXTENSIONS = ["pdf", "csv", "txt", "docx", "xlsx", "odt"]
# Articles are searched in Dateline's own index (dateline/search), the rest of Wagtail's
# models in its database backend; a broken index cannot fail a save.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "dateline.search.backend"}}
# Search ranks relevance blended with recency: relevance / (1 + age in days / this);
# 0 ranks by relevance alone (docs/search.md).
DATELINE_SEARCH_RECENCY_DAYS = float(os.environ.get("DATELINE_SEARCH_RECENCY_DAYS", "30"))
# "thread": after the commit, in the background of the process that saved (and the
# worker catches up); "inline": at once, inside the saving transaction (tests).
DATELINE_SEARCH_INDEXING = os.environ.get("DATELINE_SEARCH_INDEXING", "thread")
# A reporter's submission stays in review when an editor publishes another revision.
WAGTAIL_WORKFLOW_CANCEL_ON_PUBLISH = True
WAGTAILADMIN_LOGIN_URL = "wagtailadmin_login"
# No Gravatar: the desk would load every editor's picture from gravatar.com (broken
# offline, and it hands out a hash of each editor's e-mail). An uploaded avatar is shown;
# otherwise Wagtail's default picture.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
LOGIN_URL = "wagtailadmin_login"
# Uploads are checked for what they are (dateline/newsroom/uploads.py); documents are
# always downloaded (attachment, nosniff), never shown in the browser.
WAGTAILIMAGES_IMAGE_FORM_BASE = "dateline.newsroom.uploads.ImageForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "dateline.newsroom.uploads.DocumentForm"
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILDOCS_INLINE_CONTENT_TYPES = []

# Editions use the Kyiv clock unless set otherwise.
DATELINE_DEFAULT_TIME_ZONE = "Europe/Kyiv"
# How often the worker looks for due work, in seconds; it must stay well under 60.
# A translation behind its source tells its readers so (docs/translations.md).
DATELINE_TRANSLATION_NOTICE = env_bool("DATELINE_TRANSLATION_NOTICE")
# The WebSub hub every feed names and every publish pings (empty: none; docs/reach.md).
DATELINE_WEBSUB_HUB = os.environ.get("DATELINE_WEBSUB_HUB", "")
# The Telegram bot's token from @BotFather (empty: nothing goes to Telegram); never stored or logged.
DATELINE_TELEGRAM_BOT_TOKEN = os.environ.get("DATELINE_TELEGRAM_BOT_TOKEN", "")
# The Bot API's address: Telegram's own, or a local Bot API server (docs/reach-telegram.md).
DATELINE_TELEGRAM_API = os.environ.get("DATELINE_TELEGRAM_API", "https://api.telegram.org")
# Web push's VAPID private key (base64url raw or PEM); empty: made once in the data directory.
DATELINE_VAPID_PRIVATE_KEY = os.environ.get("DATELINE_VAPID_PRIVATE_KEY", "")
# Whom push services may contact about our pushes ("mailto:..." or an https URL).
DATELINE_VAPID_SUBJECT = os.environ.get("DATELINE_VAPID_SUBJECT", "")
# Accept push endpoints on http://127.0.0.1 (tests, the bench, local development only).
DATELINE_PUSH_ALLOW_LOOPBACK = env_bool("DATELINE_PUSH_ALLOW_LOOPBACK", DEBUG)
# How many pushes are in flight at once (threads, each with its own keep-alive connection).
DATELINE_PUSH_THREADS = int(os.environ.get("DATELINE_PUSH_THREADS", "16"))
# How long a push service keeps a push for a device that is offline, in seconds.
DATELINE_PUSH_TTL = int(os.environ.get("DATELINE_PUSH_TTL", "14400"))
DATELINE_WORKER_INTERVAL = float(os.environ.get("DATELINE_WORKER_INTERVAL", "10"))

# Mail (newsletters, password resets, review notifications): SMTP, from the environment.
# EMAIL_BACKEND names another Django mail backend, e.g. an API provider's through
# django-anymail ("anymail.backends.mailgun.EmailBackend"; docs/reach-newsletters.md).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "dateline": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    },
}
