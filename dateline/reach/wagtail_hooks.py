from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets import HeaderButton

from . import admin_views, outbox
from .actions import SEND_AGAIN, SEND_OUT, may_be_sent


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action(SEND_OUT, _("Send out"), _("Sent out"))
    actions.register_action(SEND_AGAIN, _("Send again"), _("Sent again"))


@hooks.register("register_admin_urls")
def reach_urls():
    patterns = [
        path("send/<int:article_id>/", admin_views.SendOutView.as_view(), name="send_out"),
        path("outbox/", admin_views.OutboxView.as_view(), name="outbox"),
        path("outbox/<int:message_id>/again/", admin_views.send_again, name="send_again"),
    ]
    return [path("reach/", include((patterns, "reach"), namespace=admin_views.NAMESPACE))]


@hooks.register("register_article_header_buttons")
def send_out_button(article, user):
    """ "Send out…" in the header of a published or scheduled article's editor."""
    if not (may_be_sent(article) and admin_views.may_send_out(user, article)):
        return []
    return [HeaderButton(_("Send out…"), icon_name="mail",
                         url=admin_views.send_out_url(article.pk))]


class OutboxMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.may_see_outbox(request.user)


@hooks.register("register_admin_menu_item")
def outbox_menu_item():
    return OutboxMenuItem(_("Outbox"), reverse("reach:outbox"), icon_name="mail", order=290)


class OutboxPanel(Component):
    """A warning on the dashboard when messages are overdue (shown only then)."""

    name = "dateline_outbox"
    order = 55
    template_name = "reach/admin/outbox_panel.html"

    def __init__(self, overdue):
        self.overdue = overdue

    def get_context_data(self, parent_context=None):
        return {"overdue": self.overdue, "url": reverse("reach:outbox")}


@hooks.register("construct_homepage_panels")
def add_outbox_panel(request, panels):
    if admin_views.may_see_outbox(request.user):
        overdue = outbox.overdue().count()
        if overdue:
            panels.insert(1, OutboxPanel(overdue))
