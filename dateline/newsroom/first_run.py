"""The desk's first-run screen: while the newsroom has no edition, the dashboard greets
whoever signs in with a form for the first one (as a fresh Ghost or WordPress asks for the
site's title), or, to those who may not create editions, says who can.

The same form (``provisioning.EditionForm``) and rules as ``dateline newsroom init``. The
hooks are registered from the end of ``wagtail_hooks.py``.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .models import Edition
from .provisioning import EditionForm

PERMISSION = "newsroom.add_edition"


def may_create(user):
    return user.has_perm(PERMISSION)


def first_values():
    """The form's first guesses: code "main", the language the desk speaks to this user."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    codes = [code for code, _name in settings.LANGUAGES]
    return {"code": "main", "language": language if language in codes else codes[0]}


class FirstRunPanel(Component):
    """The dashboard's greeting, first of its panels while there is no edition."""

    name = "dateline_first_run"
    order = 10
    template_name = "newsroom/admin/first_run_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        can_create = may_create(self.user)
        return {
            "form": EditionForm(first=True, initial=first_values()) if can_create else None,
            "action": reverse("dateline_first_edition"),
            "csrf_token": parent_context.get("csrf_token") if parent_context else None,
        }


@hooks.register("construct_homepage_panels")
def greet_a_new_newsroom(request, panels):
    if not Edition.objects.exists():
        panels.append(FirstRunPanel(request.user))


class FirstEditionView(WagtailAdminTemplateMixin, FormView):
    """The first edition, made the main one; once there is an edition, this address leads
    to the editions' list (more are added there)."""

    template_name = "newsroom/admin/first_edition.html"
    page_title = _("Create your newsroom's first edition")
    header_icon = "site"
    form_class = EditionForm

    def dispatch(self, request, *args, **kwargs):
        if not may_create(request.user):
            raise PermissionDenied
        if Edition.objects.exists():
            return redirect("wagtailsnippets_newsroom_edition:list")
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "first": True}

    def get_initial(self):
        return first_values()

    def form_valid(self, form):
        with transaction.atomic():
            if Edition.objects.select_for_update().exists():  # made meanwhile, elsewhere
                return redirect("wagtailsnippets_newsroom_edition:list")
            edition = form.save()
        messages.success(self.request, _(
            "The edition “%(name)s” is ready at %(address)s. Next: labels, sections and "
            "authors under Newsroom, then your first article.") % {
                "name": edition.name, "address": edition.root_path})
        return redirect("wagtailadmin_home")


@hooks.register("register_admin_urls")
def first_edition_url():
    return [path("first-edition/", FirstEditionView.as_view(), name="dateline_first_edition")]
