"""The translation's sync screen on the desk: what changed in the source since the
translation last followed it (old and new, paragraph by paragraph, the changed words
marked), the source beside the translation, and "Mark as synced"."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.defaults import permission_denied
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.permissions import policy_registry

from dateline.newsroom.desk_lists import local_time
from dateline.newsroom.models import Article

from . import diff, sync
from .actions import MarkSyncedAction

NAMESPACE = "translation_sync"


def sync_url(article_pk):
    return reverse(f"{NAMESPACE}:sync", args=[article_pk])


def may_edit(user, article):
    return policy_registry.get_by_type(Article).user_has_permission_for_instance(
        user, "change", article)


class SyncView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "translations/admin/sync.html"
    page_title = gettext_lazy("Translation and source")
    header_icon = "globe"
    http_method_names = ["get", "post"]

    def dispatch(self, request, article_id):
        self.translation = get_object_or_404(Article.objects.select_related("edition"),
                                             pk=article_id)
        if not may_edit(request.user, self.translation):
            return permission_denied(request, PermissionDenied())
        self.state = sync.track(self.translation)
        if self.state is None:
            messages.error(request, _("This article is not a translation."))
            return redirect("wagtailsnippets_newsroom_article:edit", article_id)
        return super().dispatch(request)

    def get_page_subtitle(self):
        return self.translation.headline

    def get_context_data(self, **kwargs):
        source, state = self.state.source, self.state
        current = sync.followed_revision(source)
        return super().get_context_data(
            translation=self.translation, source=source, state=state,
            synced_at=local_time(state.synced_at, self.translation.edition),
            out_of_date_since=local_time(state.out_of_date_since, self.translation.edition),
            changes=diff.changes(state.synced_revision, current) if state.is_out_of_date
            else [],
            side_by_side=diff.side_by_side(current, self.translation.latest_revision),
            edit_url=reverse("wagtailsnippets_newsroom_article:edit",
                             args=[self.translation.pk]),
            source_url=reverse("wagtailsnippets_newsroom_article:edit", args=[source.pk]),
            **kwargs)

    def post(self, request):
        try:
            MarkSyncedAction(self.translation, user=request.user).execute()
        except (PermissionDenied, ValidationError):
            return permission_denied(request, PermissionDenied())
        messages.success(request, _("Marked as synced with the source as published now."))
        return redirect(sync_url(self.translation.pk))
