"""The editorial actions: every change of an article, in one place.

Whoever acts (the desk, the API, ingest, the worker, the demo), an action checks the
acting user's permission for *this* article and its lock, applies the change, writes the
revision and the history log, and announces the change (``signals.article_changed``) with
its kind. Callers translate refusals into their own shape (a form error, the API's error
body, an ingest report line) and never check permissions or locks themselves:

- ``PermissionDenied``: the user may not (``ArticleLocked`` when another editor holds the
  lock);
- ``ValidationError``: the change is not acceptable as given, naming the field
  (``edits.Conflict`` when the newsroom's state forbids it).

The desk's forms save through Wagtail's own ``CreateAction``/``EditAction`` and publish
through its ``PublishRevisionAction``, with the same permission policy and the same
signals; the actions here build on those for everyone else.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.actions.base import BaseAction
from wagtail.actions.create import CreateAction
from wagtail.actions.edit import EditAction
from wagtail.actions.unpublish import UnpublishAction as WagtailUnpublishAction
from wagtail.log_actions import log

from . import edits
from .edits import Conflict
from .models import Article, ArticleUpdate, FrontPage
from .signals import changing_as
from .text import clean_text


class ArticleLocked(PermissionDenied):
    """Another editor holds the article's lock."""


def check_not_locked(article, user):
    lock = article.get_lock()
    if user and lock and lock.for_user(user):
        raise ArticleLocked(_("The article is locked by another editor."))


class ArticleAction(BaseAction):
    """An action on one existing article: the per-article permission, then the lock."""

    def check(self, skip_permission_checks=False):
        super().check(skip_permission_checks=skip_permission_checks)
        if not skip_permission_checks:
            check_not_locked(self.instance, self.user)


# -- making and changing articles ---------------------------------------------------------

class CreateArticleAction(BaseAction):
    """Make an article of ``edition`` from ``changes`` (``edits.Changes``): a draft, or
    published (or scheduled, when it has a go-live time ahead)."""

    action_name = "create"
    permission_policy_action = "add"

    def __init__(self, edition, changes, user=None, publish=False):
        super().__init__(Article(edition=edition, owner=user), user=user)
        self.changes, self.publish = changes, publish
        self.stored = []  # files written, should the caller's transaction roll back

    def user_has_permission(self):
        return self.permission_policy.user_has_permission(self.user, "add") and (
            not self.publish or self.permission_policy.user_has_permission(self.user, "publish"))

    def execute(self, skip_permission_checks=False):
        self.check(skip_permission_checks=skip_permission_checks)
        with transaction.atomic():
            self.stored = edits.apply(self.instance, self.changes, self.user)
            CreateAction(self.instance, user=self.user, publish=self.publish,
                         clean=True).execute(skip_permission_checks=True)
        self.instance.refresh_from_db()
        return self.instance


class EditArticleAction(ArticleAction):
    """Apply ``changes`` to the article's latest version as a new revision; publish it
    with ``publish``."""

    action_name = "edit"
    permission_policy_action = "change"

    def __init__(self, instance, changes, user=None, publish=False):
        super().__init__(instance, user=user)
        self.changes, self.publish = changes, publish
        self.stored = []

    def check(self, skip_permission_checks=False):
        super().check(skip_permission_checks=skip_permission_checks)
        if self.publish and not skip_permission_checks and self.user and not (
                self.permission_policy.user_has_permission_for_instance(
                    self.user, "publish", self.instance)):
            raise PermissionDenied(_("You may not publish this article."))

    def execute(self, skip_permission_checks=False):
        self.check(skip_permission_checks=skip_permission_checks)
        with transaction.atomic():
            version = self.instance.get_latest_revision_as_object()
            self.stored = edits.apply(version, self.changes, self.user)
            EditAction(version, user=self.user, publish=self.publish,
                       clean=True).execute(skip_permission_checks=True)
        self.instance.refresh_from_db()
        return self.instance


# -- publishing -----------------------------------------------------------------------------

class PublishAction(ArticleAction):
    """Publish the article's latest version (or ``revision``), making one first if it has
    none: it goes live now, or is scheduled when its go-live time is ahead."""

    action_name = "publish"
    permission_policy_action = "publish"

    def __init__(self, instance, user=None, revision=None, log_action=True):
        super().__init__(instance, user=user)
        self.revision, self.log_action = revision, log_action

    def execute(self, skip_permission_checks=False):
        self.check(skip_permission_checks=skip_permission_checks)
        article = self.instance
        # One transaction with what the publish announces (see admin_views.PublishesAtomically).
        with transaction.atomic():
            revision = self.revision or article.latest_revision or article.save_revision(
                user=self.user)
            revision.publish(user=self.user, log_action=self.log_action,
                             skip_permission_checks=True)
        article.refresh_from_db()
        return article


class UnpublishAction(ArticleAction, WagtailUnpublishAction):
    """Take the article off the site (``kind``: ``unpublish``; ``expire`` when its expiry
    time has come, which also marks it expired)."""

    def __init__(self, instance, user=None, kind="unpublish", log_action=True):
        WagtailUnpublishAction.__init__(self, instance, user=user, log_action=log_action,
                                        set_expired=kind == "expire")
        self.kind = kind

    def execute(self, skip_permission_checks=False):
        with changing_as(self.kind):
            WagtailUnpublishAction.execute(self, skip_permission_checks=skip_permission_checks)
        return self.instance


# -- the front page ---------------------------------------------------------------------------

class MoveFrontPageSlotAction(BaseAction):
    """Move one featured slot of a front page to ``position`` (0: first after the top
    story), the others keeping their order. Each slot whose place changed is saved, which
    announces the change (``furniture_changed``, see ``apps.py``): the home page's cache
    purges itself."""

    action_name = "move_slot"
    permission_policy_action = "change"

    def __init__(self, front_page, slot, position, user=None):
        super().__init__(front_page, user=user)
        self.slot, self.position = slot, position

    def user_has_permission(self):
        return self.permission_policy.user_has_permission(self.user, "change")

    def check(self, skip_permission_checks=False):
        super().check(skip_permission_checks=skip_permission_checks)
        if self.slot.front_page_id != self.instance.pk:
            raise ValidationError(_("That article is not on this front page."))

    def execute(self, skip_permission_checks=False):
        self.check(skip_permission_checks=skip_permission_checks)
        with transaction.atomic():
            front = FrontPage.objects.select_for_update().get(pk=self.instance.pk)
            slots = list(front.slots.order_by("sort_order", "pk"))
            moving = next(slot for slot in slots if slot.pk == self.slot.pk)
            slots.remove(moving)
            slots.insert(max(0, min(self.position, len(slots))), moving)
            for order, slot in enumerate(slots):
                if slot.sort_order != order:
                    slot.sort_order = order
                    slot.save(update_fields=["sort_order"])
            log(instance=front, action="wagtail.edit", user=self.user)
        return front


class PinFrontPageSlotAction(MoveFrontPageSlotAction):
    """Pin one featured slot of a front page until ``until`` (an aware datetime in the
    future), or unpin it (``until`` None: it keeps its place until the desk moves it).

    A pinned slot leaves the home page by itself at its time: the home page reads only the
    slots whose time has not come (``site/front.py``) and is kept no longer than the first
    of them. Saving the slot announces the change (``furniture_changed``): the home page's
    cache purges itself."""

    action_name = "pin_slot"

    def __init__(self, front_page, slot, until, user=None):
        super().__init__(front_page, slot, position=None, user=user)
        self.until = until

    def check(self, skip_permission_checks=False):
        super().check(skip_permission_checks=skip_permission_checks)
        if self.until is not None and self.until <= timezone.now():
            raise ValidationError(_("Choose a time in the future."))

    def execute(self, skip_permission_checks=False):
        self.check(skip_permission_checks=skip_permission_checks)
        with transaction.atomic():
            front = FrontPage.objects.select_for_update().get(pk=self.instance.pk)
            slot = front.slots.get(pk=self.slot.pk)
            slot.pinned_until = self.until
            slot.save(update_fields=["pinned_until"])
            log(instance=front, action="wagtail.edit", user=self.user,
                data={"slot": slot.pk, "article": slot.article_id,
                      "pinned_until": self.until.isoformat() if self.until else None})
        return slot


# -- notes and retraction ------------------------------------------------------------------------

class AddUpdateNoteAction(ArticleAction):
    """Add a public update note, correction or clarification to a live article and
    republish it (announced and logged as its kind).

    The note goes on top of the live version, so unpublished draft changes are not
    published with it; the draft, if any, gets the same note so it is not lost when the
    draft is published later.
    """

    action_name = "add_update_note"
    permission_policy_action = "publish"

    def __init__(self, instance, text, kind=ArticleUpdate.Kind.UPDATE, user=None):
        super().__init__(instance, user=user)
        # Cleaned here, not only when the note is saved: the revision and the log keep it too.
        self.text = clean_text(text or "").strip()
        self.kind = kind

    def check(self, skip_permission_checks=False):
        super().check(skip_permission_checks=skip_permission_checks)
        if not self.instance.live:
            raise Conflict(_("Only a published article can carry an update note."))
        if not self.text:
            raise ValidationError({"text": _("Write the note readers will see.")})
        if self.kind not in ArticleUpdate.Kind.values:
            raise ValidationError({"kind": _("Choose update, correction or clarification.")})

    def execute(self, skip_permission_checks=False):
        self.check(skip_permission_checks=skip_permission_checks)
        with transaction.atomic(), changing_as(self.kind):
            article = Article.objects.select_for_update().get(pk=self.instance.pk)
            now = timezone.now()
            draft = article.latest_revision if article.has_unpublished_changes else None
            live_version = article.live_revision.as_object() if article.live_revision else article
            revision = self._with_note(live_version, now).save_revision(user=self.user)
            revision.publish(user=self.user, log_action=False, skip_permission_checks=True)
            if draft and draft != article.live_revision:
                self._with_note(draft.as_object(), now).save_revision(user=self.user)
            log(instance=article, action=f"dateline.{self.kind}", user=self.user,
                data={"text": self.text}, revision=revision)
        article.refresh_from_db()
        self.instance.refresh_from_db()
        return article

    def _with_note(self, version, now):
        notes = list(version.updates.all())
        notes.append(ArticleUpdate(kind=self.kind, noted_at=now, text=self.text))
        version.updates.set(notes)
        version.updated_at = now
        return version


class RetractAction(ArticleAction):
    """Take an article down for good, with a note saying why, keeping its history."""

    action_name = "retract"
    permission_policy_action = "retract"

    def __init__(self, instance, note, user=None):
        super().__init__(instance, user=user)
        self.note = (note or "").strip()

    def check(self, skip_permission_checks=False):
        super().check(skip_permission_checks=skip_permission_checks)
        if self.instance.retracted_at:
            raise Conflict(_("This article is already retracted."))
        if not self.note:
            raise ValidationError({"note": _("Say why the article is retracted.")})

    def execute(self, skip_permission_checks=False):
        self.check(skip_permission_checks=skip_permission_checks)
        article = self.instance
        with transaction.atomic(), changing_as("retract"):
            now = timezone.now()
            Article.objects.filter(pk=article.pk).update(retracted_at=now,
                                                         retraction_note=self.note)
            article.retracted_at, article.retraction_note = now, self.note
            # Cancel any scheduled publication; unpublishing sends the signals.
            article.revisions.update(approved_go_live_at=None)
            WagtailUnpublishAction(article, user=self.user, log_action=False).execute(
                skip_permission_checks=True)
            log(instance=article, action="dateline.retract", user=self.user,
                data={"note": self.note})
        return article
