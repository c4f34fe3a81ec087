from django.urls import path, reverse
from django.utils.translation import gettext as _
from wagtail import hooks

from . import two_factor, views


@hooks.register("register_admin_urls")
def two_factor_urls():
    return [
        path("two-factor/", views.TwoFactorView.as_view(), name=two_factor.SETUP_URL_NAME),
        path("two-factor/verify/", views.VerifyView.as_view(),
             name=two_factor.VERIFY_URL_NAME),
    ]


@hooks.register("register_account_menu_item")
def two_factor_menu_item(request):
    on = two_factor.has_device(request.user)
    return {
        "url": reverse(two_factor.SETUP_URL_NAME),
        "label": _("Two-step verification"),
        "help_text": _("On: you enter a code from your app after your password.") if on
        else _("Off: set up an authenticator app, so a stolen password is not enough."),
    }
