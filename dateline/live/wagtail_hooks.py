from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button, HeaderButton

from dateline.newsroom.models import Article

from . import admin_views


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action("dateline.live.post", _("Post live entry"), _("Live entry posted"))
    actions.register_action("dateline.live.edit", _("Edit live entry"), _("Live entry edited"))
    actions.register_action("dateline.live.publish", _("Publish live entry"),
                            _("Live entry published"))
    actions.register_action("dateline.live.delete", _("Delete live entry"),
                            _("Live entry deleted"))
    actions.register_action("dateline.live.end", _("End live coverage"),
                            _("Live coverage end set"))


@hooks.register("register_admin_urls")
def composer_urls():
    patterns = [
        path("<int:article_id>/", admin_views.ComposerView.as_view(), name="composer"),
        path("<int:article_id>/coverage/", admin_views.CoverageView.as_view(), name="coverage"),
        path("<int:article_id>/entries/<int:entry_id>/<slug:operation>/",
             admin_views.EntryView.as_view(), name="entry"),
    ]
    return [path("live/", include((patterns, "live"), namespace=admin_views.NAMESPACE))]


def _composer_shown(article, user):
    return isinstance(article, Article) and admin_views.may_compose(user, article)


@hooks.register("register_snippet_listing_buttons")
def composer_listing_button(instance, user, next_url=None):
    """ "Live composer" in the row of a live article in the desk's list."""
    if not _composer_shown(instance, user):
        return []
    return [Button(_("Live composer"), icon_name="radio-full", priority=5,
                   url=admin_views.composer_url(instance.pk))]


@hooks.register("register_article_header_buttons")
def composer_header_button(article, user):
    """ "Live composer" in the header of a live article's editor."""
    if not _composer_shown(article, user):
        return []
    return [HeaderButton(_("Live composer"), icon_name="radio-full",
                         url=admin_views.composer_url(article.pk))]
