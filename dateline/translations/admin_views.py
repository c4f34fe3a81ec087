"""The translation's sync screen on the desk: what changed in the source since the
translation last followed it (old and new, paragraph by paragraph, the changed words
marked), the source beside the translation, and "Mark as synced"."""

from django import forms
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.defaults import permission_denied
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.permissions import policy_registry

from dateline.newsroom.admin_views import DeskScreen
from dateline.newsroom.desk_lists import local_time
from dateline.newsroom.models import Article, Edition, Section

from . import diff, queue, sync
from .actions import AssignTranslationAction, MarkSyncedAction, StartTranslationAction

NAMESPACE = "translation_sync"


def sync_url(article_pk):
    return reverse(f"{NAMESPACE}:sync", args=[article_pk])


def may_edit(user, article):
    return policy_registry.get_by_type(Article).user_has_permission_for_instance(
        user, "change", article)


class SyncView(DeskScreen, TemplateView):
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


class QueueForm(forms.Form):
    into = forms.ModelChoiceField(Edition.objects.all(), label=gettext_lazy("Into"),
                                  empty_label=None)
    age = forms.ChoiceField(label=gettext_lazy("Published within"), initial=queue.DEFAULT_AGE,
                            choices=[("6h", gettext_lazy("6 hours")),
                                     ("24h", gettext_lazy("24 hours")),
                                     ("7d", gettext_lazy("7 days")),
                                     ("30d", gettext_lazy("30 days"))])
    section = forms.ModelChoiceField(Section.objects.select_related("edition"), required=False,
                                     label=gettext_lazy("Section"))


class QueueView(DeskScreen, TemplateView):
    """Published articles without a version in the chosen edition yet: start one (the
    structure copied, tags and section mapped), or give it to a translator."""

    template_name = "translations/admin/queue.html"
    page_title = gettext_lazy("Translation queue")
    header_icon = "globe"
    http_method_names = ["get", "post"]
    shown = 100

    def dispatch(self, request):
        if not policy_registry.get_by_type(Article).user_has_permission(request.user, "add"):
            return permission_denied(request, PermissionDenied())
        data = request.GET.copy()
        data.setdefault("into", str(Edition.objects.order_by("-is_default", "pk")
                                    .values_list("pk", flat=True).last() or ""))
        data.setdefault("age", queue.DEFAULT_AGE)
        self.form = QueueForm(data)
        return super().dispatch(request)

    def get_context_data(self, **kwargs):
        rows, into = [], None
        if self.form.is_valid():
            into = self.form.cleaned_data["into"]
            articles = list(queue.untranslated(into, self.form.cleaned_data["age"],
                                               self.form.cleaned_data["section"])[:self.shown])
            tasks = queue.tasks_for(articles, into)
            rows = [{"article": a, "task": tasks.get(a.pk),
                     "published": local_time(a.first_published_at, a.edition)}
                    for a in articles]
        return super().get_context_data(form=self.form, rows=rows, into=into,
                                         translators=_translators(), **kwargs)

    def post(self, request):
        source = get_object_or_404(Article, pk=_number(request.POST.get("article")))
        into = get_object_or_404(Edition, pk=_number(request.POST.get("into")))
        try:
            if "assign" in request.POST:
                translator = _translators().filter(pk=request.POST.get("translator")).first()
                AssignTranslationAction(source, into, translator, user=request.user).execute()
                messages.success(request, _("Assigned."))
                return redirect(request.get_full_path())
            article = StartTranslationAction(source, into, user=request.user).execute()
        except (PermissionDenied, ValidationError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
            return redirect(request.get_full_path())
        return redirect("wagtailsnippets_newsroom_article:edit", article.pk)


def _number(value):
    """``value`` as an id, or 0 (which names nothing) when it is not one."""
    return int(value) if str(value or "").isdigit() else 0


def _translators():
    """Who can be given a translation: active users who may add articles."""
    return User.objects.filter(is_active=True).filter(
        Q(is_superuser=True) | Q(groups__permissions__codename="add_article")
        | Q(user_permissions__codename="add_article")).distinct().order_by("username")
