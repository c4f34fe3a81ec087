import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from .desk_lists import DESK_FLAGS, scheduled_ids
from .models import Article, Author, Edition, Label, Section
from .scheduling import OVERDUE_AFTER_SECONDS


def _scheduled(until=None):
    """Has a revision approved to go live (at or before ``until``, when given)."""
    return Q(pk__in=scheduled_ids(until))


class ArticleFilterSet(WagtailFilterSet):
    """The desk's article list: by edition, status, date, label, section and author."""

    STATUSES = [
        ("draft", _("Draft")),
        ("scheduled", _("Scheduled")),
        ("overdue", _("Overdue")),
        ("live", _("Published")),
        ("changed", _("Published, with unpublished changes")),
        ("expired", _("Expired")),
        ("retracted", _("Retracted")),
    ]

    edition = django_filters.ModelChoiceFilter(queryset=Edition.objects.all(),
                                               label=_("Edition"))
    status = django_filters.ChoiceFilter(choices=STATUSES, method="filter_status",
                                         label=_("Status"), widget=forms.RadioSelect,
                                         empty_label=_("All"))
    first_published_at = django_filters.DateFromToRangeFilter(
        label=_("Published"), widget=DateRangePickerWidget)
    labels = django_filters.ModelChoiceFilter(queryset=Label.objects.select_related("edition"),
                                              label=_("Label"))
    section = django_filters.ModelChoiceFilter(
        queryset=Section.objects.select_related("edition"), label=_("Section"))
    author = django_filters.ModelChoiceFilter(queryset=Author.objects.all(), label=_("Author"),
                                              field_name="author_links__author")

    class Meta:
        model = Article
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The flags other apps register (``desk_lists.DESK_FLAGS``) filter here too.
        self.filters["status"].extra["choices"] = self.STATUSES + [
            (flag.name, flag.label) for flag in DESK_FLAGS.values()]

    def filter_status(self, queryset, name, value):
        if value in DESK_FLAGS:
            return queryset.filter(DESK_FLAGS[value].condition())
        overdue_before = timezone.now() - timezone.timedelta(seconds=OVERDUE_AFTER_SECONDS)
        return queryset.filter({
            "draft": Q(live=False, first_published_at__isnull=True, retracted_at__isnull=True)
            & ~_scheduled(),
            "scheduled": _scheduled(),
            "overdue": _scheduled(until=overdue_before),
            "live": Q(live=True),
            "changed": Q(live=True, has_unpublished_changes=True),
            "expired": Q(expired=True),
            "retracted": Q(retracted_at__isnull=False),
        }[value])
