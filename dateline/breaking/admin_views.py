"""The desk's "Breaking news…" screen of a published story: mark it for a span, or take
the edition's banner down."""

from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail.admin import messages

from dateline.newsroom.admin_views import BaseArticleActionView

from .actions import SPANS, EndBreakingAction, MarkBreakingAction
from .models import BreakingNews

SPAN_LABELS = {"30m": _("30 minutes"), "1h": _("1 hour"), "3h": _("3 hours"),
               "6h": _("6 hours"), "12h": _("12 hours")}


class BreakingForm(forms.Form):
    span = forms.ChoiceField(label=_("Show the banner for"), initial="1h",
                             choices=[(key, SPAN_LABELS[key]) for key in SPANS],
                             widget=forms.RadioSelect)


class BreakingView(BaseArticleActionView):
    form_class = BreakingForm
    template_name = "breaking/admin/breaking.html"
    page_title = _("Breaking news")
    submit_label = _("Show the banner")
    success_message = _("“%(headline)s” is in the breaking-news banner on every page.")
    header_icon = "warning"
    permission = MarkBreakingAction.permission_policy_action

    def current(self):
        return (BreakingNews.objects.filter(edition_id=self.article.edition_id)
                .select_related("article").first())

    def get_context_data(self, **kwargs):
        return super().get_context_data(current=self.current(), **kwargs)

    def post(self, request, *args, **kwargs):
        current = self.current()
        if request.POST.get("end") and current is not None:
            try:
                EndBreakingAction(current, user=request.user).execute()
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("The breaking-news banner is down."))
            return redirect("wagtailsnippets_newsroom_article:edit", self.article.pk)
        return super().post(request, *args, **kwargs)

    def make_action(self, data):
        return MarkBreakingAction(self.article, data["span"], user=self.request.user)
