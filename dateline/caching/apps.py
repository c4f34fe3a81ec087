from django.apps import AppConfig


class CachingConfig(AppConfig):
    name = "dateline.caching"
    label = "caching"
    verbose_name = "Page cache"

    def ready(self):
        from dateline.newsroom.scheduling import WORKER_TASKS

        from . import invalidation
        from .tasks import purge_newly_visible

        invalidation.connect()
        if purge_newly_visible not in WORKER_TASKS:
            WORKER_TASKS.append(purge_newly_visible)
