from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "dateline.security"
    label = "dateline_security"
    verbose_name = "Security"

    def ready(self):
        from . import checks  # noqa: F401  (registers the start-up checks)
