from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PushConfig(AppConfig):
    name = "dateline.reach.push"
    label = "push"
    verbose_name = _("Web push")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from dateline.reach import outbox

        from .channel import Push

        outbox.register(Push())
