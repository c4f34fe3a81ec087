"""The lists the desk scans all day: the article list, the "Scheduled" list and what they show.

Every row's status, go-live time, edition, section, authors and lock come from one query
plus one for the authors, whatever the page holds (``for_desk``); times are shown in the
article's edition's time zone.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.admin.utils import quote
from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    BooleanField,
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
)
from django.db.models.functions import Cast, Coalesce, Now
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.utils import get_user_display_name
from wagtail.admin.widgets import BaseButton, Button, ButtonWithDropdown
from wagtail.models import Locale, Revision, WorkflowState
from wagtail.permissions import policy_registry
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Article, ArticleAuthor

DRAFT, IN_REVIEW, SCHEDULED = "draft", "in_review", "scheduled"
PUBLISHED, CHANGED, EXPIRED, RETRACTED = "published", "changed", "expired", "retracted"

STATUS_LABELS = {
    DRAFT: _("Draft"),
    IN_REVIEW: _("In review"),
    SCHEDULED: _("Scheduled"),
    PUBLISHED: _("Published"),
    CHANGED: _("Published + draft changes"),
    EXPIRED: _("Expired"),
    RETRACTED: _("Retracted"),
}


@dataclass(frozen=True)
class DeskFlag:
    """A state other apps show on the desk's article lists: a badge beside the status and a
    choice of the status filter. ``condition()`` is a boolean expression on an article row."""

    name: str
    label: str
    condition: Callable


# Registered by other apps in their ready() (translations: "out of date"); the newsroom
# imports none of them.
DESK_FLAGS = {}


def register_desk_flag(name, label, condition):
    DESK_FLAGS[name] = DeskFlag(name, label, condition)


def _embargoed():
    return ExpressionWrapper(Q(embargo_until__gt=Now()), output_field=BooleanField())


def flags_of(article):
    """The labels of the flags a ``for_desk`` row carries."""
    return [flag.label for flag in DESK_FLAGS.values() if getattr(article, f"flag_{flag.name}",
                                                                  False)]


def _of_article(model, **conditions):
    """``model`` rows (revisions, workflow states) of the outer query's article."""
    return model.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Article),
        object_id=Cast(OuterRef("pk"), CharField()), **conditions)


def scheduled_ids(until=None):
    """The articles with a revision approved to go live (at or before ``until``): a few at
    any time, read from the revisions' own index, so that a list of a million articles is
    narrowed to them at once instead of asking each article (docs/desk.md)."""
    revisions = Revision.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Article),
        approved_go_live_at__isnull=False)
    if until is not None:
        revisions = revisions.filter(approved_go_live_at__lte=until)
    return [int(pk) for pk in revisions.values_list("object_id", flat=True)]


def in_review_ids():
    """The articles with a review in progress (a few, as ``scheduled_ids``)."""
    states = WorkflowState.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Article),
        status=WorkflowState.STATUS_IN_PROGRESS)
    return [int(pk) for pk in states.values_list("object_id", flat=True)]


def for_desk(queryset):
    """``queryset`` with everything a desk list shows, in a fixed number of queries.

    ``scheduled_at``: when the approved scheduled revision goes live (at most one revision
    of an article is scheduled); ``go_live``: that, else the first publication;
    ``in_review``: a review is in progress.
    """
    scheduled = _of_article(Revision, approved_go_live_at__isnull=False)
    translations = (Article.objects.filter(translation_key=OuterRef("translation_key"))
                    .order_by().values("translation_key")
                    .annotate(n=Count("locale_id", distinct=True)).values("n"))
    return (
        queryset.select_related("edition", "section", "locked_by")
        .prefetch_related(Prefetch("author_links",
                                   queryset=ArticleAuthor.objects.select_related("author")))
        .annotate(
            scheduled_at=Subquery(scheduled.values("approved_go_live_at")[:1]),
            in_review=Exists(_of_article(WorkflowState,
                                         status=WorkflowState.STATUS_IN_PROGRESS)),
            translated_into=Subquery(translations),
        )
        .annotate(go_live=Coalesce(F("scheduled_at"), F("first_published_at")),
                  **{f"flag_{flag.name}": flag.condition() for flag in DESK_FLAGS.values()})
    )


def status(article):
    """The article's state in the desk's words (``article`` comes from ``for_desk``)."""
    if article.retracted_at:
        return RETRACTED
    if article.live:
        return CHANGED if article.has_unpublished_changes else PUBLISHED
    if article.expired:
        return EXPIRED
    if article.scheduled_at:
        return SCHEDULED
    if article.in_review:
        return IN_REVIEW
    return DRAFT


def local_time(value, edition):
    """``value`` as the edition's readers' clocks show it, with the zone's abbreviation."""
    if value is None:
        return ""
    local = value.astimezone(edition.tz)
    return f"{formats.date_format(local, 'j M Y, H:i')} {local.tzname()}"


def authors(article):
    return ", ".join(link.author.name for link in article.author_links.all())


def visible_articles(user, action="change"):
    """The articles ``user`` may open on the desk (by the newsroom's policy)."""
    return policy_registry.get_by_type(Article).instances_user_has_any_permission_for(
        user, [action])


OVERDUE_LABEL = _("Overdue")


def is_overdue(scheduled_at, now=None):
    """Past its go-live time by more than the worker's minute, and still not live (the
    same rule as ``scheduling.overdue`` and the dashboard's warning)."""
    from .scheduling import OVERDUE_AFTER_SECONDS

    limit = (now or timezone.now()) - timedelta(seconds=OVERDUE_AFTER_SECONDS)
    return scheduled_at is not None and scheduled_at <= limit


class StatusColumn(Column):
    cell_template_name = "newsroom/admin/tables/status_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        key = status(instance)
        flags = flags_of(instance)
        late = key == SCHEDULED and is_overdue(instance.scheduled_at)
        if late:
            flags.insert(0, OVERDUE_LABEL)
        context.update(status=key, value=STATUS_LABELS[key], overdue=late,
                       primary=key in (PUBLISHED, CHANGED), flags=flags)
        return context


class LocalTimeColumn(Column):
    """A time in the row's edition's time zone (``<time>`` carries the exact instant)."""

    cell_template_name = "newsroom/admin/tables/local_time_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["local"] = local_time(context["value"], instance.edition)
        return context


def desk_columns():
    return [
        "headline",
        StatusColumn("status", label=_("Status")),
        LocalTimeColumn("go_live", label=_("Go-live"), sort_key="go_live"),
        LocalTimeColumn("expire_at", label=_("Expiry"), sort_key="expire_at"),
        Column("edition", label=_("Edition"), accessor="edition.name", sort_key="edition"),
        Column("section", label=_("Section"), accessor="section.name", sort_key="section"),
        Column("authors", label=_("Authors"), accessor=authors),
        Column("locked_by", label=_("Locked by"), accessor=lambda article: (
            get_user_display_name(article.locked_by) if article.locked_by else "")),
    ]


def _is_simple_translation_button(hook):
    # Named, not imported: importing simple_translation's hooks from here would register
    # them before the newsroom's own (whose "Translate" address must come first).
    return (getattr(hook, "__module__", "") == "wagtail.contrib.simple_translation.wagtail_hooks"
            and hook.__name__ == "register_snippet_listing_buttons")


class CappedPaginator(WagtailPaginator):
    """Counts the list's rows up to ``CAP``: an exact count of a million articles took
    0.65 s on each page of the list (docs/desk.md), and past ten thousand an editor
    narrows the list rather than pages through it. The count's query selects ids only,
    not what the rows show."""

    CAP = 10_000

    @cached_property
    def count(self):
        return self.object_list.values("pk").order_by()[:self.CAP + 1].count()

    @cached_property
    def items_count_label(self):
        if self.count > self.CAP:
            return f"{formats.number_format(self.CAP, force_grouping=True)}+ {self.verbose_name_plural}"
        return super().items_count_label


class ArticleIndexView(SnippetViewSet.index_view_class):
    """The article list (``for_desk`` rows)."""

    paginator_class = CappedPaginator

    def get_base_queryset(self):
        return for_desk(super().get_base_queryset())

    @cached_property
    def locale_count(self):
        return Locale.objects.count()

    def get_list_buttons(self, instance):
        """Wagtail's buttons, except that "Translate" is decided from the row's
        ``translated_into`` rather than by simple_translation's query per row."""
        more_buttons = list(self.get_list_more_buttons(instance))
        for hook in hooks.get_hooks("register_snippet_listing_buttons"):
            if not _is_simple_translation_button(hook):
                more_buttons.extend(hook(instance, self.request.user, self.request.path))
        if (self.request.user.has_perm("simple_translation.submit_translation")
                and instance.translated_into < self.locale_count):
            more_buttons.append(MenuItem(_("Translate"), reverse(
                "simple_translation:submit_snippet_translation",
                args=["newsroom", "article", quote(instance.pk)]), icon_name="globe",
                priority=100))
        list_buttons, dropdown = [], []
        for button in more_buttons:
            if isinstance(button, BaseButton) and not button.allow_in_dropdown:
                list_buttons.append(button)
            elif isinstance(button, MenuItem):
                if button.is_shown(self.request.user):
                    dropdown.append(Button.from_menu_item(button))
            elif button.show:
                dropdown.append(button)
        for hook in hooks.get_hooks("construct_snippet_listing_buttons"):
            hook(dropdown, instance, self.request.user)
        if dropdown:
            list_buttons.append(ButtonWithDropdown(
                buttons=dropdown, icon_name="dots-horizontal",
                attrs={"aria-label": _("More options for '%(title)s'") % {"title": instance}}))
        return list_buttons


class ScheduledArticlesView(ArticleIndexView):
    """Every article with a scheduled publication, the soonest first."""

    page_title = _("Scheduled")

    def get_base_queryset(self):
        return super().get_base_queryset().filter(pk__in=scheduled_ids())

    def get_page_title(self):
        return self.page_title

    def get_valid_orderings(self):
        return [*super().get_valid_orderings(), "scheduled_at", "-scheduled_at"]

    def order_queryset(self, queryset):
        if self.ordering in ("scheduled_at", "-scheduled_at"):
            return queryset.order_by(self.ordering, "pk")
        return super().order_queryset(queryset)


# Under embargo: the desk sees it at a glance, whatever the state (a published article too).
register_desk_flag("embargoed", _("Embargoed"), _embargoed)
