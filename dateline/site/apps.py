from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "dateline.site"
    label = "dateline_site"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from dateline.caching import frontend, shows

        from .feed import Chunk, RenderedChunk
        from .headlines import Headline
        from .latest import Latest
        from .stories import Story

        # What the site's pages hold in their context, and which articles that shows.
        shows.register(Headline, lambda h: [shows.ShownArticle(h.pk, h.edition.pk, h.expire_at),
                                            shows.Until(h.badge_until)])
        shows.register(Chunk, lambda chunk: chunk.items)
        shows.register(RenderedChunk, lambda chunk: chunk.shown)
        shows.register(Latest, lambda latest: latest.chunk.items)
        shows.register(Story, lambda story: story.shown)
        if first_pages not in frontend.URL_SOURCES:
            frontend.URL_SOURCES.append(first_pages)


def first_pages(edition):
    """The edition's pages that show its latest news, for proxies that purge by URL."""
    from dateline.newsroom.addresses import page_url

    return [page_url(edition, "home"), page_url(edition, "news")]
