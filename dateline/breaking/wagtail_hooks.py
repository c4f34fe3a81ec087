from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import HeaderButton
from wagtail.permissions import policy_registry

from dateline.newsroom.models import Article

from . import admin_views
from .actions import ENDED, MARKED


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action(MARKED, _("Mark as breaking news"), _("Marked as breaking news"))
    actions.register_action(ENDED, _("End breaking news"), _("Breaking news ended"))


@hooks.register("register_admin_urls")
def breaking_urls():
    patterns = [path("<int:pk>/", admin_views.BreakingView.as_view(), name="mark")]
    return [path("breaking/", include((patterns, "breaking"), namespace="breaking"))]


@hooks.register("register_article_header_buttons")
def breaking_button(article, user):
    """ "Breaking news…" in the header of a published story's editor."""
    may = policy_registry.get_by_type(Article).user_has_permission_for_instance(
        user, "publish", article)
    if not (article.live and may):
        return []
    return [HeaderButton(_("Breaking news…"), icon_name="warning",
                         url=reverse("breaking:mark", args=[article.pk]))]
