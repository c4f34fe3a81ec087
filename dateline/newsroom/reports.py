"""The desk's reports show only what their reader may see.

Wagtail's site history report lists every log entry of every model its reader holds any
permission on: a reporter (who may add and view articles) read there who scheduled,
published or rejected other reporters' articles, and their headlines, although each of
those articles' own history is refused to them. Here an article's entries are listed only
to those who may open its history, as on the article's own history page (the newsroom's
policy, ``change``); so are the names in the report's "User" filter. It is served at
Wagtail's address (``dateline/urls.py`` puts it before Wagtail's).

Wagtail's other reports (locked pages, workflows, workflow tasks, aging pages, page types)
check page permissions, which no newsroom role holds: they are refused to every role but
superusers (``dateline/newsroom/tests/test_access_matrix.py``).
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from wagtail.admin.views.reports.audit_logging import (
    LogEntriesView,
    SiteHistoryReportFilterSet,
)
from wagtail.log_actions import registry as log_registry

from .desk_lists import visible_articles
from .models import Article


def only_openable(log_entries, user):
    """``log_entries`` (any log model's queryset) without those of articles whose history
    ``user`` may not open."""
    openable = visible_articles(user)
    if ((not openable.query.has_filters() and not openable.query.is_empty())
            or "object_id" not in {field.name for field in log_entries.model._meta.fields}):
        return log_entries  # every article, or a log of pages
    article_type = ContentType.objects.get_for_model(Article)
    ids = openable.order_by().annotate(text_pk=Cast("pk", CharField())).values("text_pk")
    return log_entries.exclude(Q(content_type=article_type) & ~Q(object_id__in=ids))


class DeskSiteHistoryFilterSet(SiteHistoryReportFilterSet):
    def get_user_choices(self):
        """Only the users named in entries the reader may see."""
        user = self.request.user
        ids = set()
        for log_model in log_registry.get_log_entry_models():
            ids.update(only_openable(log_model.objects.viewable_by_user(user), user)
                       .get_user_ids())
        return super().get_user_choices().filter(pk__in=ids)


class DeskSiteHistoryView(LogEntriesView):
    filterset_class = DeskSiteHistoryFilterSet

    def filter_queryset(self, queryset):
        """Each log model's entries, as Wagtail filters them, less those of articles the
        reader may not open."""
        return only_openable(super().filter_queryset(queryset), self.request.user)


def urlpatterns():
    """The report at Wagtail's addresses, to be put before Wagtail's admin URLs."""
    from django.urls import path
    from django.views.decorators.cache import never_cache
    from wagtail.admin.auth import require_admin_access

    def view(**options):
        return never_cache(require_admin_access(DeskSiteHistoryView.as_view(**options)))

    return [
        path("admin/reports/site-history/", view(), name="dateline_site_history"),
        path("admin/reports/site-history/results/", view(results_only=True),
             name="dateline_site_history_results"),
    ]
