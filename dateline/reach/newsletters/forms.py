from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MAX_EMAIL_LENGTH, NewsletterList


class SignupForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=MAX_EMAIL_LENGTH)
    lists = forms.ModelMultipleChoiceField(
        label=_("Newsletters"), queryset=NewsletterList.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one newsletter."),
                        "invalid_choice": _("Choose among the newsletters offered."),
                        "invalid_pk_value": _("Choose among the newsletters offered.")})

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lists"].queryset = offered(edition)


class ManageForm(forms.Form):
    lists = forms.ModelMultipleChoiceField(
        label=_("Newsletters"), queryset=NewsletterList.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose among the newsletters offered."),
                        "invalid_pk_value": _("Choose among the newsletters offered.")})

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lists"].queryset = offered(edition)


def offered(edition):
    return NewsletterList.objects.filter(edition=edition, active=True).order_by("kind", "pk")
