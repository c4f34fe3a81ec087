"""The desk's screens of ``reach``: "Send out" for one article (choose, confirm, queued) and
the outbox (what was sent where, when, to how many, and what failed).

Sending out asks twice: the first POST shows what would go where and to how many readers,
the second (``confirm``) queues it through ``SendOutAction``, which decides who may."""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.defaults import permission_denied
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.permissions import policy_registry

from dateline.newsroom.admin_views import DeskScreen
from dateline.newsroom.desk_lists import local_time
from dateline.newsroom.models import Article

from .actions import SendAgainAction, SendOutAction, already_queued, available_choices
from .models import OutboxMessage
from .outbox import CHANNELS

NAMESPACE = "reach"
PER_PAGE = 50


def send_out_url(article_pk):
    return reverse(f"{NAMESPACE}:send_out", args=[article_pk])


def may_send_out(user, article):
    return bool(available_choices()) and policy_registry.get_by_type(
        Article).user_has_permission_for_instance(user, "publish", article)


def may_see_outbox(user):
    return policy_registry.get_by_type(Article).user_has_permission(user, "publish")


class SendOutForm(forms.Form):
    choices = forms.MultipleChoiceField(label=gettext_lazy("Send to"),
                                        widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, taken=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["choices"].choices = [(c.value, c.label) for c in available_choices()
                                          if c.value not in taken]


class SendOutView(DeskScreen, TemplateView):
    template_name = "reach/admin/send_out.html"
    page_title = gettext_lazy("Send out")
    header_icon = "mail"
    http_method_names = ["get", "post"]

    def dispatch(self, request, article_id):
        self.article = get_object_or_404(Article, pk=article_id)
        if not may_send_out(request.user, self.article):
            return permission_denied(request, PermissionDenied())
        self.queued = already_queued(self.article)
        return super().dispatch(request)

    def get_page_subtitle(self):
        return self.article.headline

    def taken(self):
        """The choices whose message exists: each goes once per article."""
        keys = set(self.queued)
        return {c.value for c in available_choices()
                if (c.channel, c.key_for(self.article)) in keys}

    def get_context_data(self, form=None, confirming=False, **kwargs):
        form = form or SendOutForm(taken=self.taken())
        return super().get_context_data(
            article=self.article, form=form, confirming=confirming,
            chosen=self.chosen(form) if confirming else [],
            queued=sorted(self.queued.values(), key=lambda m: m.created_at),
            outbox_url=reverse(f"{NAMESPACE}:outbox"), **kwargs)

    def chosen(self, form):
        """Each chosen place with its audience (as many readers as its channel can tell)."""
        rows = []
        for choice in available_choices():
            if choice.value in form.cleaned_data["choices"]:
                audience = getattr(CHANNELS[choice.channel], "audience", None)
                rows.append({"choice": choice, "audience": audience(
                    self.article.edition, choice.action) if audience else None})
        return rows

    def post(self, request):
        form = SendOutForm(request.POST, taken=self.taken())
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        if not request.POST.get("confirm"):
            return self.render_to_response(self.get_context_data(form=form, confirming=True))
        action = SendOutAction(self.article, form.cleaned_data["choices"], user=request.user)
        try:
            queued = action.execute()
        except (PermissionDenied, ValidationError) as error:
            form.add_error(None, error.messages if hasattr(error, "messages") else str(error))
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, _("Queued: %(places)s.") % {
            "places": ", ".join(str(c.label) for c in action.choices)} if queued
            else _("Nothing new to send."))
        return redirect(send_out_url(self.article.pk))


class OutboxView(DeskScreen, TemplateView):
    """Every message, newest first, by channel and state: when it was queued and sent, to how
    many, how many failed, and the last error."""

    template_name = "reach/admin/outbox.html"
    page_title = gettext_lazy("Outbox")
    header_icon = "mail"

    def dispatch(self, request):
        if not may_see_outbox(request.user):
            return permission_denied(request, PermissionDenied())
        return super().dispatch(request)

    def get_context_data(self, **kwargs):
        channel = self.request.GET.get("channel", "")
        state = self.request.GET.get("state", "")
        messages_ = OutboxMessage.objects.select_related("article", "edition")
        if channel in CHANNELS:
            messages_ = messages_.filter(channel=channel)
        if state in OutboxMessage.State.values:
            messages_ = messages_.filter(state=state)
        page = Paginator(messages_, PER_PAGE).get_page(self.request.GET.get("p"))
        rows = [{"message": m, "channel": CHANNELS.get(m.channel),
                 "queued": local_time(m.created_at, m.edition),
                 "sent": local_time(m.sent_at, m.edition) if m.sent_at else None,
                 "again": m.state in SendAgainAction.AGAIN}
                for m in page]
        return super().get_context_data(
            rows=rows, page=page, channel=channel, state=state,
            channels=[(name, c.label) for name, c in CHANNELS.items()],
            states=OutboxMessage.State.choices, **kwargs)


@require_POST
def send_again(request, message_id):
    """The outbox's "Send again" on a failed or unsent message."""
    message = get_object_or_404(OutboxMessage.objects.select_related("article"), pk=message_id)
    try:
        SendAgainAction(message, user=request.user).execute()
    except PermissionDenied:
        return permission_denied(request, PermissionDenied())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Queued again: it goes out within seconds."))
    return redirect(_back_to_outbox(request))


def _back_to_outbox(request):
    """The outbox page the button was pressed on (its filters), never another site."""
    back = request.POST.get("next", "")
    outbox_url = reverse(f"{NAMESPACE}:outbox")
    return back if back.startswith(outbox_url) else outbox_url
