"""Addresses of an edition's pages: the main edition at /, the others under /prefix/."""

from django.urls import reverse

def edition_url(edition, name, *args):
    if edition.path_prefix:
        return reverse(f"edition:{name}", args=[edition.path_prefix, *args])
    return reverse(f"main:{name}", args=args)
