from functools import cache

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_otp import verify_token

from . import throttle


class ThrottledLoginFormMixin:
    """A sign-in form that refuses locked usernames and addresses and counts failures
    (see ``throttle``). Mixed into whichever form Wagtail's sign-in uses."""

    def clean(self):
        username, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
        if not (username and password):
            return super().clean()
        if throttle.is_locked(self.request, username):
            raise ValidationError(throttle.locked_message(), code="locked")
        try:
            cleaned_data = super().clean()
        except ValidationError:
            if self.user_cache is None:  # wrong password, unknown or inactive user
                throttle.record_failure(self.request, username)
            raise
        throttle.record_success(self.request, username)
        return cleaned_data


@cache
def throttled(form_class):
    return type(f"Throttled{form_class.__name__}", (ThrottledLoginFormMixin, form_class), {})


class CodeForm(forms.Form):
    """One code from the authenticator app, checked against ``device``."""

    code = forms.CharField(
        label=_("Code"), max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                      "autofocus": ""}))

    def __init__(self, device, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        allowed, _why = self.device.verify_is_allowed()
        if not allowed:
            raise ValidationError(_("Too many wrong codes in a row. Wait a little, then "
                                    "enter the code your app shows now."), code="throttled")
        verified = code.isdigit() and verify_token(self.device.user, self.device.persistent_id,
                                                   code)
        if not verified:
            raise ValidationError(_("That code is not right or has expired. Enter the code "
                                    "your app shows now."), code="invalid")
        self.device = verified
        return code
