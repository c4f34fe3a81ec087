from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save, pre_delete
from django.utils.translation import gettext_lazy as _

from .signals import announce, current_kind, furniture_changed


class NewsroomConfig(AppConfig):
    name = "dateline.newsroom"
    label = "newsroom"
    verbose_name = _("Newsroom")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from . import zones
        from .models import Article
        from .permissions import ArticlePermissionPolicy

        register_permission_policy(Article, ArticlePermissionPolicy(Article))
        zones.install()  # the desk in the newsroom's time zone
        # After every app, since each app creates its own permissions in post_migrate.
        post_migrate.connect(_administrators_hold_every_permission,
                             dispatch_uid="dateline-admin-permissions")
        _relay_changes()


def _relay_changes():
    """Turn what Wagtail and the ORM announce into the newsroom's two signals (signals.py),
    so that listeners hear every change, whoever made it, in one vocabulary."""
    from wagtail.signals import published, unpublished

    from .models import (
        Article,
        Author,
        AuthorName,
        Edition,
        FrontPage,
        FrontPageSlot,
        Label,
        NewsImage,
        Section,
        Tag,
    )

    uid = "dateline-relay-"
    published.connect(_published, sender=Article, dispatch_uid=uid + "publish")
    unpublished.connect(_unpublished, sender=Article, dispatch_uid=uid + "unpublish")
    # Before the delete: its tags and authors are still there to be read.
    pre_delete.connect(_deleted, sender=Article, dispatch_uid=uid + "delete")
    post_save.connect(_picture_saved, sender=NewsImage, dispatch_uid=uid + "image")
    for model in (Edition, Section, Tag, Label, Author, FrontPage, FrontPageSlot):
        post_save.connect(_furniture_saved, sender=model, dispatch_uid=uid + model.__name__)
        post_delete.connect(_furniture_deleted, sender=model,
                            dispatch_uid=uid + model.__name__ + "-delete")
    post_save.connect(_author_renamed, sender=AuthorName, dispatch_uid=uid + "author-name")
    post_delete.connect(_author_renamed, sender=AuthorName,
                        dispatch_uid=uid + "author-name-delete")


def _published(sender, instance, **kwargs):
    announce(instance, current_kind("publish"))


def _unpublished(sender, instance, **kwargs):
    announce(instance, current_kind("unpublish"))


def _deleted(sender, instance, **kwargs):
    announce(instance, "delete")


def _picture_saved(sender, instance, created=False, **kwargs):
    """A caption or credit edited in the library shows on the articles it illustrates."""
    from .models import Article

    if not created:
        for article in Article.objects.filter(main_image=instance).select_related("edition"):
            announce(article, "image")


def _furniture_saved(sender, instance, created=False, **kwargs):
    furniture_changed.send(sender=sender, instance=instance,
                           action="create" if created else "change")


def _author_renamed(sender, instance, **kwargs):
    """An edition's way of writing a name is a change of the author, wherever it shows."""
    from .models import Author

    furniture_changed.send(sender=Author, instance=Author(pk=instance.author_id),
                           action="change")


def _furniture_deleted(sender, instance, **kwargs):
    furniture_changed.send(sender=sender, instance=instance, action="delete")


def _administrators_hold_every_permission(using="default", **kwargs):
    """Permissions appear after migrations too (post_migrate); give them all to admins."""
    from django.contrib.auth.models import Group, Permission

    from .roles import ROLE_ADMIN

    group = Group.objects.using(using).filter(name=ROLE_ADMIN).first()
    if group is not None:
        group.permissions.set(Permission.objects.using(using).all())
