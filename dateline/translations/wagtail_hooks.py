from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets import HeaderButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from dateline.newsroom.desk_lists import local_time, visible_articles

from . import admin_views, sync
from .actions import ASSIGNED, MARKED_SYNCED
from .models import SectionCounterpart, TagCounterpart


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action(MARKED_SYNCED, _("Mark as synced"), _("Marked as synced"))
    actions.register_action(ASSIGNED, _("Assign translation"), _("Translation assigned"))


class QueueMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("newsroom.add_article")


@hooks.register("register_admin_menu_item")
def queue_menu_item():
    return QueueMenuItem(_("Translation queue"), reverse("translation_sync:queue"),
                         icon_name="globe", order=280)


class TagCounterpartViewSet(SnippetViewSet):
    model = TagCounterpart
    icon = "tag"
    menu_label = _("Tag counterparts")
    list_display = ["one", "other"]


class SectionCounterpartViewSet(SnippetViewSet):
    model = SectionCounterpart
    icon = "folder-open-inverse"
    menu_label = _("Section counterparts")
    list_display = ["one", "other"]


register_snippet(TagCounterpartViewSet)
register_snippet(SectionCounterpartViewSet)


@hooks.register("register_admin_urls")
def sync_urls():
    patterns = [path("<int:article_id>/", admin_views.SyncView.as_view(), name="sync"),
                path("queue/", admin_views.QueueView.as_view(), name="queue")]
    return [path("translations/", include((patterns, admin_views.NAMESPACE)))]


@hooks.register("register_article_header_buttons")
def sync_button(article, user):
    """On a translation's editor: "Source changed: compare" when it is out of date, else
    "Source side by side"."""
    state = getattr(article, "sync", None) if article.pk else None
    if state is None:
        return []
    label = _("Source changed: compare") if state.is_out_of_date else _("Source side by side")
    return [HeaderButton(label, icon_name="globe", url=admin_views.sync_url(article.pk),
                         classname="button-secondary" if not state.is_out_of_date else "")]


class OutOfDatePanel(Component):
    """The translations the reader may edit whose source moved on, oldest first."""

    name = "dateline_translations_out_of_date"
    order = 58
    template_name = "translations/admin/out_of_date_panel.html"
    limit = 10

    def __init__(self, rows, more):
        self.rows, self.more = rows, more

    def get_context_data(self, parent_context=None):
        return {"rows": self.rows, "more": self.more,
                "list_url": reverse("wagtailsnippets_newsroom_article:list")
                + "?status=translation_out_of_date"}


@hooks.register("construct_homepage_panels")
def add_out_of_date_panel(request, panels):
    states = list(sync.out_of_date().filter(
        translation__in=visible_articles(request.user).values("pk"))[:OutOfDatePanel.limit + 1])
    if states:
        rows = [{"sync": s, "url": admin_views.sync_url(s.translation_id),
                 "since": local_time(s.out_of_date_since, s.translation.edition)}
                for s in states[:OutOfDatePanel.limit]]
        panels.insert(1, OutOfDatePanel(rows, len(states) > OutOfDatePanel.limit))
