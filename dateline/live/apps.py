from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiveConfig(AppConfig):
    name = "dateline.live"
    label = "live"
    verbose_name = _("Live coverage")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from dateline.newsroom.scheduling import WORKER_TASKS

        from .scheduled import announce_due_entries

        if announce_due_entries not in WORKER_TASKS:
            WORKER_TASKS.append(announce_due_entries)
