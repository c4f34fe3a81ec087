from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import (
    FieldPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
    MultipleChooserPanel,
    ObjectList,
    PublishingPanel,
    TabbedInterface,
)
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets import Button
from wagtail.permissions import policy_registry
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import autosaves, dashboard, scheduling
from .admin_views import (
    AddUpdateNoteView,
    ArticleEditView,
    ArticleHistoryView,
    ArticleUnpublishView,
    ChooserCreateView,
    FrontPagesNowView,
    MoveFrontPageSlotView,
    NewsInBriefView,
    PinFrontPageSlotView,
    RetractView,
    TranslateArticleView,
    checked_per_article,
    may_arrange_front_pages,
)
from .choosers import (
    ArticleCreateView,
    EditionScopedChooserViewSet,
    SearchableChooserViewSet,
    TagChooserViewSet,
)
from .desk_lists import ArticleIndexView, ScheduledArticlesView, desk_columns, visible_articles
from .filters import ArticleFilterSet
from .forms import ArticleAdminForm
from .models import Article, Author, Edition, FrontPage, Label, Section, Tag


class NewsroomChooserViewSet(SnippetChooserViewSet):
    create_view_class = ChooserCreateView


class NewsroomSnippetViewSet(SnippetViewSet):
    """The newsroom's snippets: their choosers offer no "create" they cannot serve."""

    chooser_viewset_class = NewsroomChooserViewSet


class ArticleViewSet(NewsroomSnippetViewSet):
    model = Article
    icon = "doc-full"
    menu_label = _("Articles")
    index_view_class = ArticleIndexView
    add_view_class = ArticleCreateView
    list_display = desk_columns()
    list_export = ["headline", "edition", "kind", "first_published_at", "live"]
    filterset_class = ArticleFilterSet
    ordering = ["-created_at"]
    list_per_page = 50
    copy_view_enabled = False

    edit_view_class = checked_per_article(ArticleEditView, "change")
    delete_view_class = checked_per_article(SnippetViewSet.delete_view_class, "delete")
    unpublish_view_class = checked_per_article(ArticleUnpublishView, "publish")
    lock_view_class = checked_per_article(SnippetViewSet.lock_view_class, "lock")
    unlock_view_class = checked_per_article(SnippetViewSet.unlock_view_class, "unlock")
    history_view_class = checked_per_article(ArticleHistoryView, "change")
    usage_view_class = checked_per_article(SnippetViewSet.usage_view_class, "change")
    revisions_view_class = checked_per_article(SnippetViewSet.revisions_view_class, "change")
    revisions_compare_view_class = checked_per_article(
        SnippetViewSet.revisions_compare_view_class, "change")
    revisions_unschedule_view_class = checked_per_article(
        SnippetViewSet.revisions_unschedule_view_class, "publish")
    preview_on_edit_view_class = checked_per_article(
        SnippetViewSet.preview_on_edit_view_class, "change")
    # The review screens: the task decides who acts, but only on an article one may edit.
    workflow_action_view_class = checked_per_article(
        SnippetViewSet.workflow_action_view_class, "change")
    collect_workflow_action_data_view_class = checked_per_article(
        SnippetViewSet.collect_workflow_action_data_view_class, "change")
    confirm_workflow_cancellation_view_class = checked_per_article(
        SnippetViewSet.confirm_workflow_cancellation_view_class, "change")
    workflow_preview_view_class = checked_per_article(
        SnippetViewSet.workflow_preview_view_class, "change")
    workflow_history_view_class = checked_per_article(
        SnippetViewSet.workflow_history_view_class, "change")
    workflow_history_detail_view_class = checked_per_article(
        SnippetViewSet.workflow_history_detail_view_class, "change")

    edit_handler = TabbedInterface([
        ObjectList([
            FieldPanel("edition"),
            FieldPanel("headline"),
            FieldPanel("lead"),
            FieldPanel("body"),
            MultiFieldPanel([
                FieldPanel("main_image"),
                FieldPanel("main_image_caption"),
                FieldPanel("main_image_credit"),
            ], heading=_("Main image")),
            HelpPanel(template="newsroom/admin/update_notes_panel.html",
                      heading=_("Update notes and corrections")),
            FieldPanel("minor_change"),
        ], heading=_("Content")),
        ObjectList([
            FieldPanel("kind"),
            FieldPanel("section"),
            FieldPanel("labels"),
            MultipleChooserPanel("author_links", chooser_field_name="author",
                                 heading=_("Authors"), label=_("Author")),
            MultipleChooserPanel("tag_links", chooser_field_name="tag", heading=_("Tags"),
                                 label=_("Tag")),
            MultipleChooserPanel("related_links", chooser_field_name="related",
                                 heading=_("Read also"), label=_("Article")),
        ], heading=_("Classification")),
        ObjectList([
            FieldPanel("slug"),
            FieldPanel("seo_title"),
            FieldPanel("seo_description"),
            FieldPanel("embargo_until"),
            PublishingPanel(),
        ], heading=_("Publishing")),
    ], base_form_class=ArticleAdminForm)

    def scheduled_view(self, results_only=False):
        return self.construct_view(ScheduledArticlesView, **self.get_index_view_kwargs(
            default_ordering="scheduled_at",
            index_url_name=self.get_url_name("scheduled"),
            index_results_url_name=self.get_url_name("scheduled_results"),
            results_only=results_only))

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("scheduled/", self.scheduled_view(), name="scheduled"),
            path("scheduled/results/", self.scheduled_view(results_only=True),
                 name="scheduled_results"),
            path("update-note/<int:pk>/", AddUpdateNoteView.as_view(), name="update_note"),
            path("retract/<int:pk>/", RetractView.as_view(), name="retract"),
            path("brief/<int:edition>/", NewsInBriefView.as_view(), name="brief"),
        ]


class EditionViewSet(NewsroomSnippetViewSet):
    model = Edition
    icon = "site"
    list_display = ["name", "code", "language", "time_zone", "is_default"]


class AuthorViewSet(NewsroomSnippetViewSet):
    model = Author
    icon = "user"
    chooser_viewset_class = SearchableChooserViewSet
    list_display = ["name", "role", "is_columnist"]
    search_fields = ["name"]
    panels = [
        FieldPanel("name"), FieldPanel("slug"), FieldPanel("role"), FieldPanel("bio"),
        FieldPanel("photo"), FieldPanel("is_columnist"), FieldPanel("user"),
        # One person, a name per edition: “Ірина Ковальчук” on the Ukrainian pages.
        InlinePanel("edition_names", heading=_("Names in the editions"),
                    label=_("Name in an edition"),
                    help_text=_("How an edition writes the name, role and biography; "
                                "empty: those above.")),
    ]


class EditionScopedViewSet(NewsroomSnippetViewSet):
    list_display = ["name", "edition", "slug"]
    list_filter = ["edition"]
    search_fields = ["name"]


class SectionViewSet(EditionScopedViewSet):
    model = Section
    chooser_viewset_class = EditionScopedChooserViewSet
    icon = "folder-open-inverse"
    list_display = ["name", "edition", "sort_order"]


class TagViewSet(EditionScopedViewSet):
    model = Tag
    chooser_viewset_class = TagChooserViewSet
    icon = "tag"


class LabelViewSet(EditionScopedViewSet):
    model = Label
    icon = "pick"


class FrontPageViewSet(NewsroomSnippetViewSet):
    model = FrontPage
    icon = "home"
    list_display = ["edition", "top_story"]
    panels = [
        FieldPanel("edition"),
        FieldPanel("top_story"),
        MultipleChooserPanel("slots", chooser_field_name="article",
                             heading=_("Featured articles"), label=_("Article")),
    ]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("now/", FrontPagesNowView.as_view(), name="now"),
            path("move/<int:pk>/", MoveFrontPageSlotView.as_view(), name="move_slot"),
            path("pin/<int:pk>/", PinFrontPageSlotView.as_view(), name="pin_slot"),
        ]


class ScheduledMenuItem(MenuItem):
    """The "Scheduled" list, shown to whoever may open the article list."""

    def is_shown(self, request):
        return policy_registry.get_by_type(Article).user_has_any_permission(
            request.user, {"add", "change", "delete", "view"})


class HomePageMenuItem(MenuItem):
    """ "On the home page", shown to whoever may arrange the front pages."""

    def is_shown(self, request):
        return may_arrange_front_pages(request.user)


class NewsroomGroup(SnippetViewSetGroup):
    menu_label = _("Newsroom")
    menu_icon = "doc-full-inverse"
    menu_order = 100
    items = (ArticleViewSet, FrontPageViewSet, AuthorViewSet, TagViewSet, SectionViewSet,
             LabelViewSet, EditionViewSet)

    def get_submenu_items(self):
        """The viewsets' items, with "Scheduled" right under "Articles" and "On the home
        page" right under "Front pages"."""
        items = super().get_submenu_items()
        items.insert(1, ScheduledMenuItem(
            _("Scheduled"), reverse_lazy("wagtailsnippets_newsroom_article:scheduled"),
            name="scheduled-articles", icon_name="calendar-alt"))
        items.insert(3, HomePageMenuItem(
            _("On the home page"), reverse_lazy("wagtailsnippets_newsroom_frontpage:now"),
            name="on-the-home-page", icon_name="list-ol"))
        for order, item in enumerate(items, start=1):
            item.order = order
        return items


register_snippet(NewsroomGroup)


@hooks.register("register_snippet_listing_buttons")
def article_action_buttons(instance, user, next_url=None):
    if not isinstance(instance, Article):
        return []
    policy = policy_registry.get(instance)
    buttons = []
    if instance.live and policy.user_has_permission_for_instance(user, "publish", instance):
        buttons.append(Button(_("Add update note"), icon_name="edit", priority=50,
                              url=reverse("wagtailsnippets_newsroom_article:update_note",
                                          args=[instance.pk])))
    if not instance.retracted_at and policy.user_has_permission_for_instance(
            user, "retract", instance):
        buttons.append(Button(_("Retract"), icon_name="warning", priority=60,
                              url=reverse("wagtailsnippets_newsroom_article:retract",
                                          args=[instance.pk])))
    return buttons


@hooks.register("register_admin_urls")
def article_translation_url():
    """Put the newsroom's "Translate" (see ``TranslateArticleView``) at simple_translation's
    address for articles: the newsroom's hooks come first, so this pattern wins."""
    return [path("translation/submit/snippet/newsroom/article/<str:pk>/",
                 TranslateArticleView.as_view(),
                 {"app_label": "newsroom", "model_name": "article"})]


def _asks_for_superuser(request):
    return (request.method == "POST"
            and forms.CheckboxInput().value_from_datadict(request.POST, {}, "is_superuser"))


@hooks.register("before_create_user")
def refuse_making_superusers(request):
    """Wagtail lets whoever may manage users tick "Administrator" (Django's superuser); the
    newsroom's Administrator role manages roles, and only a superuser makes another."""
    if _asks_for_superuser(request) and not request.user.is_superuser:
        raise PermissionDenied


@hooks.register("before_edit_user")
def refuse_touching_superusers(request, user):
    """Nor may they promote a user to superuser, or change a superuser's account (its
    password is the superuser's powers)."""
    if (user.is_superuser or _asks_for_superuser(request)) and not request.user.is_superuser:
        raise PermissionDenied


@hooks.register("before_bulk_action")
def refuse_bulk_actions_on_superusers(request, action_type, objects, action_class_instance):
    if (action_class_instance.model is get_user_model() and not request.user.is_superuser
            and any(user.is_superuser for user in objects)):
        raise PermissionDenied


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action("dateline.update", _("Add update note"), _("Update note added"))
    actions.register_action("dateline.correction", _("Add correction"), _("Correction added"))
    actions.register_action("dateline.clarification", _("Add clarification"),
                            _("Clarification added"))
    actions.register_action("dateline.retract", _("Retract"), _("Retracted"))
    actions.register_action(autosaves.AUTOSAVE)(autosaves.AutosaveFormatter)


class SchedulePanel(Component):
    """The desk's warning board: scheduled items that are late (those the reader may open),
    and a silent worker."""

    name = "dateline_schedule"
    order = 50
    template_name = "newsroom/admin/schedule_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        beat = scheduling.last_heartbeat()
        overdue = scheduling.overdue().filter(
            pk__in=visible_articles(self.request.user).values("pk"))
        return {
            "overdue": list(overdue.select_related("edition")[:20]),
            "last_heartbeat": beat,
            "worker_silent": scheduling.worker_is_silent(beat),
        }


@hooks.register("construct_homepage_panels")
def add_desk_panels(request, panels):
    """The schedule warnings, then the reader's drafts, the review queue, what goes live
    next and what went live last (``dashboard``), in place of Wagtail's review panels."""
    panels[:] = [panel for panel in panels
                 if getattr(panel, "name", None) not in dashboard.REPLACED]
    panels.insert(0, SchedulePanel(request))
    panels.extend(panel(request) for panel in dashboard.PANELS)


from . import first_run  # noqa: E402, F401  (the first-run screen registers its own hooks)
