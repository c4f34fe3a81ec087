import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from . import zones
from .models import ArticleUpdate, Label

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


class NewsInBriefForm(forms.Form):
    """A short news item in one screen: headline, a few paragraphs, a label and a tag.

    The tag is typed (the edition's tags are offered as the editor types); a name the
    edition does not have yet becomes a new tag, as in the API (``edits.tag_named``)."""

    headline = forms.CharField(label=_("Headline"), max_length=255, widget=forms.TextInput(
        attrs={"autofocus": True, "autocomplete": "off"}))
    text = forms.CharField(
        label=_("Paragraphs"), max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("An empty line starts a new paragraph."))
    label = forms.ModelChoiceField(label=_("Label"), queryset=None, required=False,
                                   widget=forms.RadioSelect, blank=True,
                                   empty_label=_("No label"))
    tag = forms.CharField(label=_("Tag"), max_length=100, required=False,
                          widget=forms.TextInput(attrs={"list": "brief-tags",
                                                        "autocomplete": "off"}))

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.edition = edition
        self.fields["label"].queryset = Label.objects.filter(edition=edition).order_by("name")

    def paragraphs(self):
        """The text's paragraphs: split at empty lines, each one's lines joined."""
        blocks = [" ".join(line.strip() for line in chunk.splitlines() if line.strip())
                  for chunk in re.split(r"\n\s*\n", self.cleaned_data["text"])]
        return [block for block in blocks if block]

    def clean_text(self):
        text = self.cleaned_data["text"].replace("\r\n", "\n")
        if not text.strip():
            raise ValidationError(_("Write at least one paragraph."))
        return text
