"""The editorial actions for live coverage: every change of an entry, in one place.

As with the article actions (``newsroom/actions.py``), each action checks the acting user's
permission on the article, applies the change, writes the article's history and announces
it (``article_changed`` with kind ``entry``, which purges the article's pages and its live
stream); callers translate refusals into their own shape. Unlike them, an entry action
does not take or respect the article's lock: several editors post to one live article at
once while one of them may have its form open.

Who may do what follows the article's permission policy: whoever may publish the article
may post, publish, edit, pin and delete any entry of it; whoever may only change it (a
reporter, for their own article) may keep draft entries for an editor to publish.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.actions.base import BaseAction
from wagtail.log_actions import log

from dateline.newsroom.edits import KEEP, Conflict
from dateline.newsroom.sanitize import MAX_BODY_CHARS, body_blocks, text_to_html
from dateline.newsroom.signals import announce
from dateline.newsroom.text import clean_text

from .models import Entry


@dataclass
class EntryChanges:
    """What an entry action changes; a field left as ``KEEP`` keeps its value. The text is
    given once: as plain ``text`` (blank lines between paragraphs), as ``html`` (cut down
    to the body's allow-list), or as StreamField ``body`` data."""

    text: object = KEEP
    html: object = KEEP
    body: object = KEEP
    title: object = KEEP
    author: object = KEEP
    posted_at: object = KEEP
    key_event: object = KEEP
    pinned: object = KEEP

    def body_data(self):
        if self.body is not KEEP:
            return self.body
        if self.html is not KEEP:
            return body_blocks(self._checked(self.html or ""))
        if self.text is not KEEP:
            return body_blocks(text_to_html(self._checked(self.text or "")))
        return KEEP

    @staticmethod
    def _checked(text):
        if len(text) > MAX_BODY_CHARS:
            raise ValidationError({"text": _("The entry is too long.")})
        return clean_text(text)


class EntryAction(BaseAction):
    """An action on the entries of one live article: the article's permission, no lock."""

    permission_policy_action = "publish"
    log_name = None

    def __init__(self, article, user=None):
        super().__init__(article, user=user)
        self.article = article

    def check(self, skip_permission_checks=False):
        super().check(skip_permission_checks=skip_permission_checks)
        if not self.article.is_live_coverage:
            raise Conflict(_("Only live coverage has entries."))
        if self.article.retracted_at:
            raise Conflict(_("This article is retracted."))

    def may_publish(self):
        return not self.user or self.permission_policy.user_has_permission_for_instance(
            self.user, "publish", self.article)

    def done(self, entry, **data):
        log(instance=self.article, action=self.log_name, user=self.user,
            data={"entry": entry.pk, "title": entry.title, **data})
        announce(self.article, "entry")
        return entry


def merged_body(stored, paragraphs):
    """``stored`` (StreamField data) with its paragraphs replaced, in order, by
    ``paragraphs``; its other blocks stay where they were, paragraphs left over go at the
    end, paragraph places left over go."""
    new, merged = list(paragraphs), []
    for block in stored:
        if block["type"] != "paragraph":
            merged.append(block)
        elif new:
            merged.append(new.pop(0))
    return merged + new


def _apply(entry, changes):
    """Put ``changes`` onto ``entry``; say whether readers would see a difference."""
    before = {name: getattr(entry, name) for name in ("title", "posted_at", "key_event",
                                                      "pinned", "author_id")}
    before_body = entry.body.get_prep_value() if entry.pk else None
    body = changes.body_data()
    if body is not KEEP and changes.text is not KEEP and before_body:
        # Plain text holds only paragraphs: the entry's pictures, quotes and embeds stay.
        body = merged_body(before_body, body)
    if body is not KEEP:
        entry.body = body
    for name in ("title", "author", "posted_at", "key_event", "pinned"):
        value = getattr(changes, name)
        if value is not KEEP:
            setattr(entry, name, value if value is not None or name == "author"
                    else entry._meta.get_field(name).get_default())
    if not len(entry.body) and not (entry.title or "").strip():
        raise ValidationError({"text": _("Write what happened.")})
    after = {name: getattr(entry, name) for name in before}
    return before != after or before_body != entry.body.get_prep_value()


class PostEntryAction(EntryAction):
    """Add an entry to the live article: published at once (or at its time, when that is
    ahead), or kept as a draft with ``publish=False``."""

    action_name = "post_entry"
    log_name = "dateline.live.post"

    def __init__(self, article, changes, user=None, publish=True):
        super().__init__(article, user=user)
        self.changes, self.publish = changes, publish

    def user_has_permission(self):
        if self.publish:
            return self.may_publish()
        return self.permission_policy.user_has_permission_for_instance(
            self.user, "change", self.article)

    def execute(self, skip_permission_checks=False):
        self.check(skip_permission_checks=skip_permission_checks)
        entry = Entry(article=self.article, created_by=self.user,
                      status=Entry.Status.PUBLISHED if self.publish else Entry.Status.DRAFT)
        if self.changes.author is KEEP and self.user is not None:
            entry.author = getattr(self.user, "author", None)
        _apply(entry, self.changes)
        with transaction.atomic():
            entry.save()
            return self.done(entry, status=entry.status)


class EntryChangeAction(EntryAction):
    """An action on one existing entry."""

    def __init__(self, entry, user=None):
        super().__init__(entry.article, user=user)
        self.entry = entry

    def check(self, skip_permission_checks=False):
        super().check(skip_permission_checks=skip_permission_checks)
        if self.entry.status == Entry.Status.DELETED:
            raise Conflict(_("This entry was deleted."))

    def user_has_permission(self):
        # A draft entry is its poster's to change until it is published.
        if self.entry.status == Entry.Status.DRAFT and self.entry.created_by_id == getattr(
                self.user, "pk", None) and self.permission_policy.user_has_permission_for_instance(
                self.user, "change", self.article):
            return True
        return self.may_publish()

    def save(self, fields):
        self.entry.changed_at = timezone.now()
        self.entry.save(update_fields=[*fields, "changed_at"])


class EditEntryAction(EntryChangeAction):
    """Change an entry's text, time, author or flags; a published entry whose text changed
    says "Updated" with the time."""

    action_name = "edit_entry"
    log_name = "dateline.live.edit"

    def __init__(self, entry, changes, user=None):
        super().__init__(entry, user=user)
        self.changes = changes

    def execute(self, skip_permission_checks=False):
        self.check(skip_permission_checks=skip_permission_checks)
        entry = self.entry
        old_text = (entry.title, entry.body.get_prep_value())
        if not _apply(entry, self.changes):
            return entry
        if entry.status == Entry.Status.PUBLISHED and entry.is_public and old_text != (
                entry.title, entry.body.get_prep_value()):
            entry.edited_at = timezone.now()
        with transaction.atomic():
            self.save(["title", "body", "posted_at", "key_event", "pinned", "author",
                       "edited_at"])
            return self.done(entry)


class PublishEntryAction(EntryChangeAction):
    """Publish a draft entry: now, or at its time when that is ahead."""

    action_name = "publish_entry"
    log_name = "dateline.live.publish"

    def user_has_permission(self):
        return self.may_publish()

    def check(self, skip_permission_checks=False):
        super().check(skip_permission_checks=skip_permission_checks)
        if self.entry.status != Entry.Status.DRAFT:
            raise Conflict(_("This entry is already published."))

    def execute(self, skip_permission_checks=False):
        self.check(skip_permission_checks=skip_permission_checks)
        entry = self.entry
        entry.status = Entry.Status.PUBLISHED
        now = timezone.now()
        if entry.posted_at < now:  # a draft goes out with the time it is published at
            entry.posted_at = now
        with transaction.atomic():
            self.save(["status", "posted_at"])
            return self.done(entry)


class DeleteEntryAction(EntryChangeAction):
    """Take an entry down for good. Its row stays, emptied, as the tombstone that tells
    open pages to drop it; the history keeps what it said."""

    action_name = "delete_entry"
    log_name = "dateline.live.delete"

    def execute(self, skip_permission_checks=False):
        self.check(skip_permission_checks=skip_permission_checks)
        entry = self.entry
        said = {"title": entry.title, "text": str(entry.body.render_as_block())[:2000]}
        entry.status, entry.title, entry.body = Entry.Status.DELETED, "", []
        entry.key_event = entry.pinned = False
        with transaction.atomic():
            self.save(["status", "title", "body", "key_event", "pinned"])
            return self.done(entry, said=said)


class EndCoverageAction(EntryAction):
    """End the live coverage at ``at`` (now by default), or reopen it with ``at=None``
    and ``reopen=True``. The article's live version and its draft both get the new end,
    so publishing the draft later does not undo it."""

    action_name = "end_coverage"
    log_name = "dateline.live.end"

    def __init__(self, article, user=None, at=None, reopen=False):
        super().__init__(article, user=user)
        self.at = None if reopen else (at or timezone.now())

    def check(self, skip_permission_checks=False):
        super().check(skip_permission_checks=skip_permission_checks)
        if not self.article.live:
            raise Conflict(_("Only published coverage can end."))

    def execute(self, skip_permission_checks=False):
        from dateline.newsroom.models import Article

        self.check(skip_permission_checks=skip_permission_checks)
        with transaction.atomic():
            article = Article.objects.select_for_update().get(pk=self.article.pk)
            draft = article.latest_revision if article.has_unpublished_changes else None
            live_version = article.live_revision.as_object() if article.live_revision else article
            live_version.coverage_ended_at = self.at
            revision = live_version.save_revision(user=self.user)
            revision.publish(user=self.user, log_action=False, skip_permission_checks=True)
            if draft and draft != article.live_revision:
                version = draft.as_object()
                version.coverage_ended_at = self.at
                version.save_revision(user=self.user)
            log(instance=article, action=self.log_name, user=self.user,
                data={"ended_at": self.at.isoformat() if self.at else None},
                revision=revision)
        self.article.refresh_from_db()
        return self.article
