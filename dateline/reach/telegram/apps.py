from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TelegramConfig(AppConfig):
    name = "dateline.reach.telegram"
    label = "telegram"
    verbose_name = _("Telegram")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from dateline.reach import outbox

        from . import client
        from .channel import Telegram

        outbox.register(Telegram())
        client.redact_logs()
