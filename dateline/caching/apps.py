from django.apps import AppConfig


class CachingConfig(AppConfig):
    name = "dateline.caching"
    label = "caching"
    verbose_name = "Page cache"

    def ready(self):
        from . import invalidation

        invalidation.connect()
