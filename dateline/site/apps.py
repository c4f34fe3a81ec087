from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "dateline.site"
    label = "dateline_site"
    default_auto_field = "django.db.models.BigAutoField"
