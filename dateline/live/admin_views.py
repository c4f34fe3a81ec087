"""The live composer on the desk: one live article's entries, posted and tended in one screen.

Every write goes through the live actions (``actions.py``), which decide who may do what,
keep the history and purge the pages; these views only ask "may this user open the
composer at all" (whoever may change the article) and turn the actions' refusals into form
errors and messages. Nothing here takes or respects the article's lock: several editors
post at once while one of them has the article's form open.

The composer works as plain forms (post, redirect back, a message). Its script
(``live/composer.js``) posts the same form by ``fetch`` asking for JSON, and gets back the
errors or the fresh list of entries; it also reloads that list now and then, so that what
other editors post appears.

The views run in the desk's zone for this article (``newsroom/zones.py``: the editor's
chosen zone, else the article's edition's), so a time is typed and shown as on the
article's own screens.
"""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.defaults import permission_denied
from django.views.generic import TemplateView, View
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import HeaderButton
from wagtail.permissions import policy_registry

from dateline.newsroom import zones
from dateline.newsroom.desk_lists import STATUS_LABELS, for_desk, status
from dateline.newsroom.models import Article

from .actions import (
    DeleteEntryAction,
    EditEntryAction,
    EndCoverageAction,
    EntryChanges,
    PostEntryAction,
    PublishEntryAction,
)
from .forms import ComposerForm, EditEntryForm
from .models import Entry

NAMESPACE = "live_composer"
SHOWN = 200  # entries in the composer's list: the newest, enough for a long day


def composer_url(article_pk):
    return reverse(f"{NAMESPACE}:composer", args=[article_pk])


def may_compose(user, article):
    """Whoever may change the article may open its composer (the actions decide the rest)."""
    return article.is_live_coverage and policy_registry.get_by_type(
        Article).user_has_permission_for_instance(user, "change", article)


def refusal(form, error, denied=None):
    """Put an action's refusal on ``form``: field errors on their fields, the rest on top."""
    if isinstance(error, PermissionDenied):  # Wagtail's own words name the action's code
        form.add_error(None, denied or _("You may not do this to this live coverage."))
    elif hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def run(action, form, denied=None):
    """``action`` executed, or None with its refusal put on ``form`` (``denied``: what to
    say when the user may not)."""
    try:
        return action.execute()
    except (PermissionDenied, ValidationError) as error:
        refusal(form, error, denied)
        return None


def refusals():
    """A form that only collects refusals, for the buttons that send no fields."""
    holder = forms.Form({})
    holder.full_clean()
    return holder


def wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


class ComposerMixin:
    """One live article's composer: refused (403) to users who may not change it, and run
    in the desk's zone for it."""

    http_method_names = ["get", "post"]

    def dispatch(self, request, article_id, **kwargs):
        self.article = get_object_or_404(Article, pk=article_id)
        if not self.article.is_live_coverage:
            raise Http404(_("This article is not live coverage."))
        if not may_compose(request.user, self.article):
            # A plain 403: Wagtail would turn a raised one into a redirect home.
            return permission_denied(request, PermissionDenied())
        with timezone.override(zones.desk_zone(request, self.article.pk)):
            response = super().dispatch(request, **kwargs)
            if hasattr(response, "render"):  # its times, too, in the zone
                response.render()
        return response

    def back(self, entry=None):
        return redirect(composer_url(self.article.pk) + (f"#{entry.anchor}" if entry else ""))

    def entries(self, edit_form=None):
        """The entries the composer lists (deleted ones hidden), each with its edit form."""
        rows = (self.article.live_entries.exclude(status=Entry.Status.DELETED)
                .newest_first().select_related("author")[:SHOWN])
        now = timezone.now()
        return [{
            "entry": entry,
            "scheduled": entry.status == Entry.Status.PUBLISHED and entry.posted_at > now,
            "form": (edit_form if edit_form is not None and edit_form.entry.pk == entry.pk
                     else EditEntryForm(entry=entry)),
        } for entry in rows]

    def entries_html(self):
        return render_to_string("live/admin/entries.html",
                                {"entries": self.entries(), "article": self.article},
                                request=self.request)


class ComposerView(ComposerMixin, WagtailAdminTemplateMixin, TemplateView):
    """The composer: the article's state, the Post form and the entries, newest first."""

    template_name = "live/admin/composer.html"
    page_title = gettext_lazy("Live composer")
    header_icon = "radio-full"

    def get_page_subtitle(self):
        return self.article.headline

    @cached_property
    def header_buttons(self):
        buttons = [HeaderButton(_("Edit article"), icon_name="edit", url=reverse(
            "wagtailsnippets_newsroom_article:edit", args=[self.article.pk]))]
        if self.article.live:
            buttons.append(HeaderButton(_("View live"), icon_name="link-external",
                                        url=self.article.get_absolute_url()))
        return buttons

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items,
                {"url": reverse("wagtailsnippets_newsroom_article:list"),
                 "label": _("Articles")},
                {"url": reverse("wagtailsnippets_newsroom_article:edit",
                                args=[self.article.pk]), "label": self.article.headline},
                {"url": "", "label": _("Live composer")}]

    def get_context_data(self, form=None, edit_form=None, **kwargs):
        desk = for_desk(Article.objects.filter(pk=self.article.pk)).get()
        return super().get_context_data(
            article=self.article, status=STATUS_LABELS[status(desk)],
            coverage_open=self.article.coverage_open(), form=form or ComposerForm(),
            entries=self.entries(edit_form), **kwargs)

    def get(self, request, **kwargs):
        if request.GET.get("part") == "entries":  # the script's reload of the list
            return JsonResponse({"entries": self.entries_html()})
        return super().get(request, **kwargs)

    def post(self, request, **kwargs):
        form = ComposerForm(request.POST)
        draft = form.is_valid() and form.cleaned_data["draft"]
        entry = form.is_valid() and run(
            PostEntryAction(self.article, form.changes(), user=request.user, publish=not draft),
            form, None if draft else _("You may not publish entries here: tick “Save as "
                                       "draft” to keep this one for an editor."))
        if wants_json(request):
            return self.json_answer(form, entry)
        if not entry:
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, posted_message(entry))
        return self.back()

    def json_answer(self, form, entry):
        if not entry:
            return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
        return JsonResponse({"message": posted_message(entry), "entry": entry.anchor,
                             "entries": self.entries_html()})


def posted_message(entry):
    if entry.status == Entry.Status.DRAFT:
        return _("Entry saved as a draft.")
    if not entry.is_public:
        return _("Entry scheduled for %(time)s.") % {
            "time": timezone.localtime(entry.posted_at).strftime("%Y-%m-%d %H:%M")}
    return _("Entry posted.")


class EntryView(ComposerMixin, View):
    """One entry's buttons: edit, publish, pin, key event, delete (each a POST)."""

    http_method_names = ["post"]
    SUCCESS = {
        "edit": gettext_lazy("Entry saved."),
        "publish": gettext_lazy("Entry published."),
        "delete": gettext_lazy("Entry deleted."),
        "pin": gettext_lazy("Entry pinned."),
        "unpin": gettext_lazy("Entry unpinned."),
        "key": gettext_lazy("Entry marked as a key event."),
        "unkey": gettext_lazy("Entry no longer a key event."),
    }
    FLAGS = {"pin": {"pinned": True}, "unpin": {"pinned": False},
             "key": {"key_event": True}, "unkey": {"key_event": False}}

    def post(self, request, entry_id, operation):
        if operation not in self.SUCCESS:
            raise Http404
        self.entry = get_object_or_404(Entry, pk=entry_id, article=self.article)
        form = (EditEntryForm(request.POST, entry=self.entry) if operation == "edit"
                else refusals())
        if operation == "edit" and not form.is_valid():
            return self.refused(form)
        if run(self.action(operation, form), form) is None:
            return self.refused(form)
        messages.success(request, self.SUCCESS[operation])
        return self.back(None if operation == "delete" else self.entry)

    def action(self, operation, form):
        user = self.request.user
        if operation == "edit":
            return EditEntryAction(self.entry, form.changes(), user=user)
        if operation == "publish":
            return PublishEntryAction(self.entry, user=user)
        if operation == "delete":
            return DeleteEntryAction(self.entry, user=user)
        return EditEntryAction(self.entry, EntryChanges(**self.FLAGS[operation]), user=user)

    def refused(self, form):
        """An edit comes back in its form with the errors; any other refusal as messages
        (their forms are single buttons)."""
        if isinstance(form, EditEntryForm):
            view = ComposerView()
            view.setup(self.request, article_id=self.article.pk)
            view.article = self.article
            return view.render_to_response(view.get_context_data(edit_form=form))
        for error in form.non_field_errors():
            messages.error(self.request, error)
        return self.back(self.entry)


class CoverageView(ComposerMixin, View):
    """End the coverage now, or reopen it."""

    http_method_names = ["post"]

    def post(self, request):
        reopen = bool(request.POST.get("reopen"))
        form = refusals()
        action = EndCoverageAction(self.article, user=request.user, reopen=reopen)
        if run(action, form) is None:
            for error in form.non_field_errors():
                messages.error(request, error)
        elif reopen:
            messages.success(request, _("Live coverage reopened."))
        else:
            messages.success(request, _("Live coverage ended."))
        return self.back()
