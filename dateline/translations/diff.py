"""What changed in a source between two of its revisions, paragraph by paragraph, and the
source beside its translation: rows for the desk's side-by-side tables."""

import difflib
import html
import re

from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .sync import readers_see

_SPACE = re.compile(r"\s+")


def _plain(value):
    """A plain field's text (headline, lead, caption: what they say is what they show)."""
    return _SPACE.sub(" ", str(value or "")).strip()


def _text(value):
    """A body block's readable text (its rich text and structured values flattened)."""
    if value is None:
        return ""
    if isinstance(value, dict):
        return " — ".join(_text(v) for v in value.values() if isinstance(v, str | dict | list))
    if isinstance(value, list):
        return " ".join(_text(v) for v in value)
    return _plain(html.unescape(strip_tags(str(value))))


def paragraphs(seen):
    """[(label, text)] of what readers see of a revision, in reading order."""
    if seen is None:
        return []
    # The article form's own field names, so the desk reads the same words everywhere.
    rows = [(capfirst(_("headline")), _plain(seen["headline"])),
            (capfirst(_("lead")), _plain(seen["lead"]))]
    rows += [(_("Paragraph"), _text(value)) for _type, value in seen["body"]]
    rows += [(capfirst(_("caption")), _plain(seen["main_image_caption"])),
             (capfirst(_("credit")), _plain(seen["main_image_credit"]))]
    rows += [(_("Update note"), _plain(text)) for _kind, text, _at in seen["updates"]]
    return [(label, text) for label, text in rows if text]


def _marked(old, new):
    """The two texts as HTML with the words only one of them has in <del> / <ins>."""
    a, b = old.split(), new.split()
    left, right = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        removed, added = html.escape(" ".join(a[i1:i2])), html.escape(" ".join(b[j1:j2]))
        if op == "equal":
            left.append(removed)
            right.append(added)
            continue
        if removed:
            left.append(f"<del>{removed}</del>")
        if added:
            right.append(f"<ins>{added}</ins>")
    return mark_safe(" ".join(left)), mark_safe(" ".join(right))  # noqa: S308 (escaped above)


def changes(old_revision, new_revision):
    """Rows of what changed between two revisions of the source: ``kind`` is changed, added
    or removed; equal paragraphs are left out."""
    old, new = paragraphs(readers_see(old_revision)), paragraphs(readers_see(new_revision))
    matcher = difflib.SequenceMatcher(None, [t for _l, t in old], [t for _l, t in new],
                                      autojunk=False)
    rows = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        before, after = old[i1:i2], new[j1:j2]
        for n in range(max(len(before), len(after))):
            was = before[n] if n < len(before) else None
            now = after[n] if n < len(after) else None
            if was and now:
                marked_old, marked_new = _marked(was[1], now[1])
                rows.append({"kind": "changed", "label": now[0], "old": marked_old,
                             "new": marked_new})
            elif now:
                rows.append({"kind": "added", "label": now[0], "old": "",
                             "new": now[1]})
            else:
                rows.append({"kind": "removed", "label": was[0], "old": was[1], "new": ""})
    return rows


def side_by_side(source_revision, translation_revision):
    """Rows of the source and the translation, paragraph by paragraph, in order."""
    source = paragraphs(readers_see(source_revision))
    translation = paragraphs(readers_see(translation_revision))
    rows = []
    for n in range(max(len(source), len(translation))):
        left = source[n] if n < len(source) else ("", "")
        right = translation[n] if n < len(translation) else ("", "")
        rows.append({"label": left[0] or right[0], "source": left[1], "translation": right[1]})
    return rows
