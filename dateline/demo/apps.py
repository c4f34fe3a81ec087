from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "dateline.demo"
    label = "dateline_demo"
    default_auto_field = "django.db.models.BigAutoField"
