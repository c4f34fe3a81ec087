from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReachConfig(AppConfig):
    name = "dateline.reach"
    label = "reach"
    verbose_name = _("Reach")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from dateline.newsroom.scheduling import FAST_TASKS

        from . import outbox, websub

        outbox.connect()
        outbox.register(websub.WebSub())
        if outbox.send_due not in FAST_TASKS:
            FAST_TASKS.append(outbox.send_due)
