"""The composer's forms: what an editor types, read into ``EntryChanges``.

The forms only read input (the time in the desk's zone, the flags); whether the entry may
be posted, and whether its text is enough, is the actions' to say (``actions.py``), so a
refusal comes back from there and is shown on these forms.
"""

import re

from bs4 import BeautifulSoup
from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateTimeInput

from dateline.newsroom import zones
from dateline.newsroom.edits import KEEP

from .actions import EntryChanges


class TextField(forms.CharField):
    """Text as the browser sends it (CRLF), compared and stored as typed here (LF)."""

    def to_python(self, value):
        return super().to_python(value).replace("\r\n", "\n")


class BaseEntryForm(forms.Form):
    text = TextField(label=_("What happened"), required=False,
                           widget=forms.Textarea(attrs={"rows": 4}),
                           help_text=_("Blank lines separate paragraphs."))
    title = forms.CharField(label=_("Title"), required=False, max_length=255)
    key_event = forms.BooleanField(label=_("Key event"), required=False)
    pinned = forms.BooleanField(label=_("Pinned"), required=False)
    posted_at = forms.DateTimeField(label=_("Time"), required=False,
                                    widget=AdminDateTimeInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Typed, and shown, in the desk's zone (the view runs inside it): say which.
        self.fields["posted_at"].help_text = zones.current()

    def changes(self):
        data = self.cleaned_data
        return EntryChanges(text=data["text"], title=data["title"],
                            key_event=data["key_event"], pinned=data["pinned"],
                            posted_at=data["posted_at"] or KEEP)


class ComposerForm(BaseEntryForm):
    """One text box and Post; a time ahead schedules the entry."""

    draft = forms.BooleanField(label=_("Save as draft"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].widget.attrs["autofocus"] = True
        self.fields["posted_at"].help_text = _("Empty: now. A time ahead schedules the "
                                               "entry. %(zone)s") % {"zone": zones.current()}


class EditEntryForm(BaseEntryForm):
    """The same fields, filled with the entry's paragraphs; unchanged text is kept as it is
    stored, changed text replaces the paragraphs around the entry's other blocks (pictures,
    quotes, embeds: ``actions.merged_body``), which are never lost."""

    def __init__(self, *args, entry, **kwargs):
        initial = {"text": entry_text(entry), "title": entry.title,
                   "key_event": entry.key_event, "pinned": entry.pinned,
                   "posted_at": entry.posted_at}
        super().__init__(*args, initial=initial, prefix=f"entry-{entry.pk}", **kwargs)
        self.entry = entry

    def changes(self):
        changes = super().changes()
        if "text" not in self.changed_data:
            changes.text = KEEP
        # The field shows minutes: the same minute sent back is the time left alone.
        if changes.posted_at == self.entry.posted_at.replace(second=0, microsecond=0):
            changes.posted_at = KEEP
        return changes


def entry_text(entry):
    """The entry's paragraphs as the composer's plain text (blank lines between them)."""
    paragraphs = []
    for block in entry.body:
        if block.block_type != "paragraph":
            continue
        html = re.sub(r"<br\s*/?>", "\n", block.value.source)
        paragraphs.append(BeautifulSoup(html, "html.parser").get_text().strip())
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)
