from django.apps import AppConfig


class SyndicationConfig(AppConfig):
    name = "dateline.syndication"
    label = "syndication"
    verbose_name = "Syndication"

    def ready(self):
        from . import checks  # noqa: F401  (registers the start-up checks)
