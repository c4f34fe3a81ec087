from django.apps import AppConfig


class HealthConfig(AppConfig):
    name = "dateline.health"
    label = "health"

    def ready(self):
        from . import checks  # noqa: F401  (registers the deployment checks)
