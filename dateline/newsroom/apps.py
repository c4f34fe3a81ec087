from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class NewsroomConfig(AppConfig):
    name = "dateline.newsroom"
    label = "newsroom"
    verbose_name = _("Newsroom")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.permissions import register_permission_policy
        from wagtail.signals import published, unpublished

        from . import zones
        from .models import Article
        from .permissions import ArticlePermissionPolicy
        from .signals import article_changed

        register_permission_policy(Article, ArticlePermissionPolicy(Article))
        zones.install()  # the desk in the newsroom's time zone
        # After every app, since each app creates its own permissions in post_migrate.
        post_migrate.connect(_administrators_hold_every_permission,
                             dispatch_uid="dateline-admin-permissions")

        def relay(action):
            def receiver(sender, instance, **kwargs):
                article_changed.send(sender=Article, instance=instance, action=action)
            return receiver

        # Wagtail's actions already fire these for every publish and unpublish (ours call
        # them too); relaying them gives listeners one signal to watch.
        self._relays = [relay("publish"), relay("unpublish")]
        published.connect(self._relays[0], sender=Article, dispatch_uid="dateline-publish")
        unpublished.connect(self._relays[1], sender=Article, dispatch_uid="dateline-unpublish")


def _administrators_hold_every_permission(using="default", **kwargs):
    """Permissions appear after migrations too (post_migrate); give them all to admins."""
    from django.contrib.auth.models import Group, Permission

    from .roles import ROLE_ADMIN

    group = Group.objects.using(using).filter(name=ROLE_ADMIN).first()
    if group is not None:
        group.permissions.set(Permission.objects.using(using).all())
