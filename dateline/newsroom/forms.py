from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from . import zones
from .models import ArticleUpdate

SCHEDULE_FIELDS = ("go_live_at", "expire_at", "embargo_until")


class ArticleAdminForm(WagtailAdminModelForm):
    """The article editor: keeps everything an article links to inside its own edition."""

    # Not stored: it says how this publish is announced (``signals.minor_change``).
    minor_change = forms.BooleanField(
        label=_("Minor change"), required=False,
        help_text=_("A typo or a broken link: published with this ticked, the article's "
                    "translations stay in sync. Leave it unticked for any change of fact."))

    class Media:
        # Names the editor's tab in every post (see ``autosaves``).
        js = ["newsroom/desk/tab.js"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.name_the_time_zone()

    def name_the_time_zone(self):
        """Say beside go-live and expiry which clock they are typed in (the desk's zone)."""
        for name in SCHEDULE_FIELDS:
            if name in self.fields:
                self.fields[name].help_text = zones.current()

    def clean(self):
        cleaned = super().clean()
        edition = cleaned.get("edition")
        if edition is None:
            return cleaned
        for label in cleaned.get("labels") or []:
            if label.edition_id != edition.pk:
                self.add_error("labels", _("“%(label)s” belongs to another edition.")
                               % {"label": label})
        for name, field in (("tag_links", "tag"), ("related_links", "related")):
            formset = self.formsets.get(name)
            if formset is None or not formset.is_valid():
                continue  # its own errors are shown already
            for form in formset.forms:
                target = form.cleaned_data.get(field)
                if form.cleaned_data.get("DELETE") or target is None:
                    continue
                if target.edition_id != edition.pk:
                    form.add_error(field, _("Choose one from this article's edition."))
                if field == "related" and self.instance.pk and target.pk == self.instance.pk:
                    form.add_error(field, _("An article cannot be its own “Read also”."))
        return cleaned

    def save(self, commit=True):
        if self.instance.owner_id is None and self.for_user is not None:
            self.instance.owner = self.for_user
        return super().save(commit=commit)


class UpdateNoteForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ArticleUpdate.Kind.choices,
                             widget=forms.RadioSelect, initial=ArticleUpdate.Kind.UPDATE)
    text = forms.CharField(label=_("Public note"), widget=forms.Textarea(attrs={"rows": 3}),
                           max_length=2000,
                           help_text=_("Readers see this under the article, with the time."))


class RetractForm(forms.Form):
    note = forms.CharField(label=_("Why is it retracted?"), max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def clean_note(self):
        note = self.cleaned_data["note"].strip()
        if not note:
            raise ValidationError(_("Say why the article is retracted."))
        return note
