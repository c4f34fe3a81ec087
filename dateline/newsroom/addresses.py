"""Public addresses: an edition's pages, an article's page, and absolute URLs.

The main edition lives at ``/``, the others under ``/prefix/``. Every absolute URL is
built from the configured public base URL (``WAGTAILADMIN_BASE_URL``, from the
environment's ``DATELINE_BASE_URL``), never from the request's Host header, so a forged
header cannot put another site's address into a page, a feed, a sitemap or the API.
"""

from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings
from django.core.signals import setting_changed
from django.urls import get_script_prefix, reverse
from django.utils.encoding import iri_to_uri


def base_url():
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def absolute(path_or_url):
    """An absolute, percent-encoded URL for a site path (or an already absolute URL)."""
    if not path_or_url:
        return ""
    if path_or_url.startswith(("http://", "https://")):
        return iri_to_uri(path_or_url)
    if path_or_url.startswith("//"):
        return iri_to_uri(f"{urlsplit(base_url()).scheme}:{path_or_url}")
    return iri_to_uri(base_url() + path_or_url)


def edition_url(edition, name, *args):
    """The path of the edition's page ``name`` (a name in ``site/urls.py``)."""
    # A page links to a dozen or more of these (sections, tags, feeds); reversing each
    # costs more than the rest of the link.
    return _reversed(get_script_prefix(), edition.path_prefix, name, args)


@lru_cache(maxsize=10_000)
def _reversed(script_prefix, path_prefix, name, args):
    if path_prefix:
        return reverse(f"edition:{name}", args=[path_prefix, *args])
    return reverse(f"main:{name}", args=args)


def _forget(setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _reversed.cache_clear()


setting_changed.connect(_forget, dispatch_uid="dateline-addresses")


def page_url(edition, name, *args):
    return absolute(edition_url(edition, name, *args))


def article_path(edition, slug):
    """The public path of the article of ``edition`` with ``slug``, without a model
    instance (lists of thousands read as values need it)."""
    return f"{edition.root_path}news/{slug}/"


def article_url(edition, slug):
    return absolute(article_path(edition, slug))
