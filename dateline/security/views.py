"""Sign-in (Wagtail's, throttled), the code prompt, and setting up an authenticator app."""

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from django_otp import devices_for_user
from django_otp import login as otp_login
from wagtail.admin.views import account
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import two_factor
from .forms import CodeForm, throttled


def safe_next(request, default="wagtailadmin_home"):
    """The ``next`` address of the request if it stays on this site, else ``default``."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return url
    return reverse(default)


class LoginView(account.LoginView):
    """Wagtail's sign-in with failed attempts throttled; a lock answers 429."""

    def get_form_class(self):
        return throttled(super().get_form_class())

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.has_error(NON_FIELD_ERRORS, "locked"):
            response.status_code = 429
        return response


class VerifyView(FormView):
    """After the password: the code from the authenticator app, once per session."""

    template_name = "security/verify.html"
    form_class = CodeForm

    def dispatch(self, request, *args, **kwargs):
        self.device = two_factor.confirmed_device(request.user)
        if self.device is None or request.user.is_verified():
            return redirect(safe_next(request))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "device": self.device}

    def get_context_data(self, **kwargs):
        return super().get_context_data(next=safe_next(self.request), **kwargs)

    def form_valid(self, form):
        otp_login(self.request, form.device)
        return redirect(safe_next(self.request))


class TwoFactorView(WagtailAdminTemplateMixin, FormView):
    """The account's two-step verification: set up an app (scan, then confirm with a code),
    or turn it off with a code unless the user's role requires it."""

    template_name = "security/two_factor.html"
    form_class = CodeForm
    page_title = _("Two-step verification")
    header_icon = "key"

    def dispatch(self, request, *args, **kwargs):
        self.device = two_factor.confirmed_device(request.user)
        self.required = two_factor.is_required(request.user)
        if self.device is None:
            self.pending = two_factor.pending_device(request.user)
        elif request.method == "POST" and self.required:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items,
                {"url": reverse("wagtailadmin_account"), "label": _("Account")},
                {"url": "", "label": self.get_page_title()}]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "device": self.device or self.pending}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(device=self.device, required=self.required,
                                           next=safe_next(self.request, "wagtailadmin_account"),
                                           **kwargs)
        if self.device is None:
            url = two_factor.otpauth_url(self.pending)
            context.update(otpauth_url=url, qr_code=two_factor.qr_code(url),
                           secret=two_factor.secret(self.pending))
        return context

    def form_valid(self, form):
        if self.device is None:
            device = form.device
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(self.request, device)
            messages.success(self.request, _("Two-step verification is on. From now on you "
                                             "enter a code from your app after your password."))
            return redirect(safe_next(self.request, "wagtailadmin_account"))
        for device in devices_for_user(self.request.user, confirmed=None):
            device.delete()
        messages.success(self.request, _("Two-step verification is off."))
        return redirect("wagtailadmin_account")
