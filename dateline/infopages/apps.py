from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InfoPagesConfig(AppConfig):
    name = "dateline.infopages"
    label = "infopages"
    verbose_name = _("Info pages")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .models import InfoPage

        post_save.connect(_saved, sender=InfoPage, dispatch_uid="dateline-infopage-saved")
        post_delete.connect(_deleted, sender=InfoPage, dispatch_uid="dateline-infopage-deleted")


def _saved(sender, instance, created=False, **kwargs):
    """A page saved on the desk is a change of its edition's furniture: every page of the
    edition links to it from the footer. A new page is a change too when it is published
    at once (a draft shows nowhere)."""
    from dateline.newsroom.signals import furniture_changed

    action = "create" if created and not instance.live else "change"
    furniture_changed.send(sender=sender, instance=instance, action=action)


def _deleted(sender, instance, **kwargs):
    from dateline.newsroom.signals import furniture_changed

    furniture_changed.send(sender=sender, instance=instance, action="delete")
