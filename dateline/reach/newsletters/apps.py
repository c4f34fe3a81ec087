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
        _announce_list_changes(self.get_model("NewsletterList"))
        if digest.queue_due_digests not in WORKER_TASKS:
            WORKER_TASKS.append(digest.queue_due_digests)


def _announce_list_changes(model):
    """The sign-up form on every page of an edition names its lists: a list created,
    renamed, switched off or deleted is a change of the edition's furniture (the page
    cache purges the edition's pages, ``caching/invalidation.py``)."""
    from django.db.models.signals import post_delete, post_save

    from dateline.newsroom.signals import furniture_changed

    def changed(sender, instance, **kwargs):
        furniture_changed.send(sender=sender, instance=instance, action="change")

    post_save.connect(changed, sender=model, weak=False, dispatch_uid="dateline-newsletter-lists")
    post_delete.connect(changed, sender=model, weak=False,
                        dispatch_uid="dateline-newsletter-lists-delete")
