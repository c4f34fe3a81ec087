from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BreakingConfig(AppConfig):
    name = "dateline.breaking"
    label = "breaking"
    verbose_name = _("Breaking news")
    default_auto_field = "django.db.models.BigAutoField"
