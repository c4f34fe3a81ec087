from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewslettersConfig(AppConfig):
    name = "dateline.reach.newsletters"
    label = "newsletters"
    verbose_name = _("Newsletters")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from dateline.newsroom.scheduling import WORKER_TASKS
        from dateline.reach import outbox

        from . import channel, digest

        outbox.register(channel.Newsletters())
        if digest.queue_due_digests not in WORKER_TASKS:
            WORKER_TASKS.append(digest.queue_due_digests)
