"""Desk views for the editorial actions Wagtail has no screen for: update notes and retraction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.contrib.admin.utils import unquote
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.permissions import policy_registry

from .actions import AddUpdateNoteAction, RetractAction
from .forms import RetractForm, UpdateNoteForm
from .models import Article


class BaseArticleActionView(WagtailAdminTemplateMixin, FormView):
    """Show a small form for one action on one article; on POST run the action."""

    template_name = "newsroom/admin/article_action.html"
    header_icon = "doc-full"
    http_method_names = ["get", "post"]
    success_message = None

    def dispatch(self, request, pk):
        self.article = get_object_or_404(Article, pk=pk)
        policy = policy_registry.get(self.article)
        if not policy.user_has_permission_for_instance(request.user, self.permission,
                                                       self.article):
            raise PermissionDenied
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return self.article.headline

    def get_context_data(self, **kwargs):
        return super().get_context_data(article=self.article, submit_label=self.submit_label,
                                        **kwargs)

    def form_valid(self, form):
        try:
            self.make_action(form.cleaned_data).execute()
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message % {"headline": self.article})
        return redirect("wagtailsnippets_newsroom_article:edit", self.article.pk)


class AddUpdateNoteView(BaseArticleActionView):
    form_class = UpdateNoteForm
    page_title = _("Add an update note")
    submit_label = _("Publish the note")
    success_message = _("Update note published on “%(headline)s”.")

    permission = AddUpdateNoteAction.permission_policy_action

    def make_action(self, data):
        return AddUpdateNoteAction(self.article, text=data["text"], kind=data["kind"],
                                   user=self.request.user)


class RetractView(BaseArticleActionView):
    form_class = RetractForm
    page_title = _("Retract article")
    submit_label = _("Retract")
    success_message = _("“%(headline)s” was retracted.")

    permission = RetractAction.permission_policy_action

    def make_action(self, data):
        return RetractAction(self.article, note=data["note"], user=self.request.user)


def checked_per_article(view_class, action):
    """``view_class``, refusing users who may not do ``action`` to *this* article.

    Wagtail's generic views check the model permission only ("may edit articles"); the
    newsroom also needs the per-article answer (a reporter edits only their own drafts).
    """

    class View(view_class):
        def dispatch(self, request, *args, **kwargs):
            article = get_object_or_404(Article, pk=unquote(str(kwargs["pk"])))
            policy = policy_registry.get_by_type(Article)
            if not policy.user_has_permission_for_instance(request.user, action, article):
                raise PermissionDenied
            return super().dispatch(request, *args, **kwargs)

    View.__name__ = View.__qualname__ = view_class.__name__
    return View
