"""Purges to front-end caches (Varnish, a CDN) through Wagtail's frontend-cache backends
(``WAGTAILFRONTENDCACHE``).

A backend with ``purge_keys`` (ours for Varnish with the xkey vmod) is purged by surrogate
key: exactly the pages the app's own cache purges. The others (Cloudflare, CloudFront, a
plain HTTP PURGE) only know URLs, so they get the addresses of the changed articles and of
their editions' first pages and feeds, which the apps that own those pages register in
``URL_SOURCES``; every other page expires by ``s-maxage``.

A response rendered from the data before the change can still reach the proxy, and be
stored, just after the purge: the page cache refuses to make public a response whose keys
were purged while it rendered, but one checked an instant before the purge may still be on
its way. So every purge is sent again a moment later, and once more later still
(``DATELINE_FRONTEND_REPURGE_DELAYS``, seconds): after that, nothing older than the change is
left even on a starved machine.
"""

import logging
import threading
from urllib.error import URLError
from urllib.parse import urlunsplit
from urllib.request import urlopen

from django.conf import settings
from wagtail.contrib.frontend_cache.backends.http import HTTPBackend, PurgeRequest
from wagtail.contrib.frontend_cache.utils import get_backends

from dateline.newsroom.addresses import article_url
from dateline.newsroom.models import Article, Edition

logger = logging.getLogger(__name__)

# Callables taking an edition and giving the absolute URLs of its pages that show its news
# (registered in ``ready()`` by the apps that own them: the site's first pages, the feeds).
URL_SOURCES = []


class VarnishXkeyBackend(HTTPBackend):
    """Varnish running ``deploy/varnish/dateline.vcl``: ``PURGE`` with an ``xkey-purge``
    header removes every object carrying one of the keys."""

    def purge_keys(self, keys):
        request = PurgeRequest(
            url=urlunsplit([self.cache_scheme, self.cache_netloc, "/", "", ""]),
            headers={"xkey-purge": " ".join(sorted(keys))})
        try:
            urlopen(request, timeout=5).close()  # noqa: S310 (the scheme is the operator's setting)
        except (URLError, OSError) as exc:
            logger.error("Could not purge %d keys from %s: %s", len(keys), self.cache_netloc, exc)


def purge(keys):
    backends = get_backends()
    if not backends:
        return
    _send(backends, keys)
    for delay in settings.DATELINE_FRONTEND_REPURGE_DELAYS:
        threading.Timer(delay, _send, (backends, keys)).start()


def _send(backends, keys):
    urls = None
    for backend in backends.values():
        if hasattr(backend, "purge_keys"):
            backend.purge_keys(keys)
        else:
            urls = _urls(keys) if urls is None else urls
            backend.purge_batch(urls)


def _urls(keys):
    """The absolute URLs the keys name that can be listed: articles, editions' first pages
    and feeds."""
    article_ids, edition_ids = set(), set()
    for key in keys:
        if key.startswith("article-"):
            article_ids.add(int(key.removeprefix("article-")))
        elif key.startswith("list-edition-"):
            edition_ids.add(int(key.removeprefix("list-edition-")))
    urls = [article_url(article.edition, article.slug) for article in
            Article.objects.filter(pk__in=article_ids).select_related("edition")]
    for edition in Edition.objects.filter(pk__in=edition_ids):
        for source in URL_SOURCES:
            urls += source(edition)
    return urls
