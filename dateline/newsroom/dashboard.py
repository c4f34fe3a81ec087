"""The desk's dashboard: shortcuts (a news in brief, the scheduled list, the home pages), the reader's drafts, what is in review, what goes live next and what
went live last.

Each panel lists only articles its reader may open (edit) by the newsroom's policy: a
reporter sees their own articles, an editor the whole desk. Each is one or two queries.
"""

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component
from wagtail.admin.utils import get_user_display_name
from wagtail.models import TaskState, WorkflowState
from wagtail.permissions import policy_registry

from .admin_views import may_arrange_front_pages
from .desk_lists import for_desk, in_review_ids, local_time, scheduled_ids, visible_articles
from .models import Article, Edition


class DeskPanel(Component):
    """A list of up to ``limit`` articles with one time each, or a line saying there are
    none."""

    template_name = "newsroom/admin/desk_panel.html"
    limit = 8
    heading = empty = time_label = None
    more_url_name = None

    def __init__(self, request):
        self.request = request
        self.user = request.user

    def articles(self):
        return for_desk(visible_articles(self.user))

    def rows(self):
        """(article, time, note) for each row."""
        raise NotImplementedError

    def get_context_data(self, parent_context=None):
        rows = [{"article": article, "time": local_time(time, article.edition),
                 "note": note} for article, time, note in self.rows()]
        return {"panel": self, "rows": rows, "heading": self.heading, "empty": self.empty,
                "time_label": self.time_label, "id": self.name}


class MyDraftsPanel(DeskPanel):
    name = "dateline_my_drafts"
    order = 60
    heading = _("My drafts")
    empty = _("You have no drafts.")
    time_label = _("Last saved")

    def rows(self):
        drafts = (self.articles().filter(owner=self.user, live=False, expired=False,
                                         first_published_at__isnull=True,
                                         retracted_at__isnull=True, scheduled_at__isnull=True,
                                         in_review=False)
                  .select_related("latest_revision").order_by("-latest_revision__created_at",
                                                              "-pk"))
        return [(article, article.latest_revision.created_at if article.latest_revision
                 else article.created_at, "") for article in drafts[:self.limit]]


class InReviewPanel(DeskPanel):
    """Articles waiting for a review, the longest-waiting first; those the reader may
    approve are marked."""

    name = "dateline_in_review"
    order = 70
    heading = _("In review")
    empty = _("Nothing is waiting for review.")
    time_label = _("Submitted")

    def rows(self):
        articles = list(self.articles().filter(pk__in=in_review_ids())[:200])
        states = {
            int(state.object_id): state for state in WorkflowState.objects.filter(
                base_content_type=ContentType.objects.get_for_model(Article),
                status=WorkflowState.STATUS_IN_PROGRESS,
                object_id__in=[str(article.pk) for article in articles],
            ).select_related("requested_by", "current_task_state")
        }
        awaiting = set(TaskState.objects.reviewable_by(self.user).filter(
            pk__in=[state.current_task_state_id for state in states.values()]
        ).values_list("pk", flat=True))
        articles.sort(key=lambda article: (states[article.pk].created_at, article.pk))
        rows = []
        for article in articles[:self.limit]:
            state = states[article.pk]
            note = (_("awaits your review") if state.current_task_state_id in awaiting
                    else _("by %(user)s") % {
                        "user": get_user_display_name(state.requested_by)}
                    if state.requested_by else "")
            rows.append((article, state.created_at, note))
        return rows


class ScheduledNextPanel(DeskPanel):
    name = "dateline_scheduled_next"
    order = 80
    heading = _("Scheduled next")
    empty = _("Nothing is scheduled.")
    time_label = _("Goes live")

    def rows(self):
        scheduled = self.articles().filter(pk__in=scheduled_ids()).order_by(
            "scheduled_at", "pk")
        return [(article, article.scheduled_at, "") for article in scheduled[:self.limit]]


class RecentlyPublishedPanel(DeskPanel):
    name = "dateline_recently_published"
    order = 90
    heading = _("Recently published")
    empty = _("Nothing has been published yet.")
    time_label = _("Published")

    def rows(self):
        published = self.articles().filter(live=True, last_published_at__isnull=False
                                           ).order_by("-last_published_at", "-pk")
        return [(article, article.last_published_at, "") for article in published[:self.limit]]


class QuickPanel(Component):
    """The desk's shortcuts, first on the dashboard: a news in brief in each edition (for
    whoever may publish), the scheduled and overdue list, and what is on the home pages."""

    name = "dateline_quick"
    order = 40
    template_name = "newsroom/admin/quick_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        user = self.request.user
        policy = policy_registry.get_by_type(Article)
        briefs = []
        if policy.user_has_permission(user, "add") and policy.user_has_permission(user, "publish"):
            briefs = [(edition, reverse("wagtailsnippets_newsroom_article:brief",
                                        args=[edition.pk])) for edition in Edition.objects.all()]
        return {"briefs": briefs,
                "scheduled": policy.user_has_any_permission(user, {"add", "change", "delete",
                                                                   "view"}),
                "front_pages": may_arrange_front_pages(user)}


PANELS = (QuickPanel, MyDraftsPanel, InReviewPanel, ScheduledNextPanel, RecentlyPublishedPanel)

# Wagtail's own review panels, which "In review" replaces (they would list the same
# articles a second time).
REPLACED = {"user_objects_in_workflow_moderation", "workflow_objects_to_moderate"}
