"""The addresses of the reader's newsletter pages, absolute on the edition's site (they go
out in mail), built from the public base URL like every other link (``addresses.py``)."""

from urllib.parse import urlsplit

from django.urls import reverse

from dateline.newsroom.addresses import absolute, base_url

from . import tokens


def path(edition, name, *args):
    if edition.path_prefix:
        return reverse(f"newsletters-edition:{name}", args=[edition.path_prefix, *args])
    return reverse(f"newsletters:{name}", args=args)


def url(edition, name, *args):
    return absolute(path(edition, name, *args))


def confirm_url(edition, subscriber, newsletters):
    return url(edition, "confirm", tokens.make(tokens.CONFIRM, subscriber, newsletters))


def manage_url(edition, subscriber):
    return url(edition, "manage", tokens.make(tokens.MANAGE, subscriber))


def unsubscribe_url(edition, subscriber, newsletter):
    return url(edition, "unsubscribe", tokens.make(tokens.UNSUBSCRIBE, subscriber,
                                                   [newsletter.pk]))


def mail_domain():
    """The site's host name: the right-hand side of the Message-IDs and List-Ids."""
    return urlsplit(base_url()).hostname or "localhost"
