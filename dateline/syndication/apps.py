from django.apps import AppConfig


class SyndicationConfig(AppConfig):
    name = "dateline.syndication"
    label = "syndication"
    verbose_name = "Syndication"

    def ready(self):
        from dateline.caching import frontend, keys, shows

        from . import (
            checks,  # noqa: F401  (registers the start-up checks)
            sitemaps,
        )
        from .links import edition_feed_urls

        # A sitemap row leaves when its article expires; a change of an article changes
        # the sitemap pages that list it and its translations; URL-only proxies are told
        # the edition's feeds.
        shows.register(sitemaps.Entry, lambda entry: [shows.Until(entry.expire_at)])
        if sitemaps.pages_listing not in keys.ARTICLE_KEY_SOURCES:
            keys.ARTICLE_KEY_SOURCES.append(sitemaps.pages_listing)
            frontend.URL_SOURCES.append(edition_feed_urls)
