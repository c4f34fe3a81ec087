from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IngestConfig(AppConfig):
    name = "dateline.ingest"
    label = "ingest"
    verbose_name = _("Ingest")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from dateline.newsroom.scheduling import WORKER_TASKS

        from .sources import run_due_sources

        if run_due_sources not in WORKER_TASKS:
            WORKER_TASKS.append(run_due_sources)
