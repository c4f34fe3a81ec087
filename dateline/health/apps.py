from django.apps import AppConfig


class HealthConfig(AppConfig):
    name = "dateline.health"
    label = "health"
