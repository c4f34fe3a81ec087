from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MostReadConfig(AppConfig):
    name = "dateline.mostread"
    label = "mostread"
    verbose_name = _("Most read")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from dateline.newsroom.scheduling import WORKER_TASKS

        from . import fold

        if fold.fold_when_due not in WORKER_TASKS:
            WORKER_TASKS.append(fold.fold_when_due)
