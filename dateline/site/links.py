"""Addresses of an edition's pages: the main edition at /, the others under /prefix/."""

from functools import lru_cache

from django.core.signals import setting_changed
from django.urls import get_script_prefix, reverse


def edition_url(edition, name, *args):
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


setting_changed.connect(_forget, dispatch_uid="dateline-site-links")
