"""Editorial actions: each change of an article's public state, in one place.

The admin, the API and management commands all call these (or Wagtail's own actions,
which they build on), so permission checks, the history log and the ``article_changed``
signal happen the same way whoever acts.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.actions.base import BaseAction
from wagtail.actions.unpublish import UnpublishAction
from wagtail.log_actions import log

from .models import Article, ArticleUpdate, clean_text


def _check_not_locked(article, user):
    lock = article.get_lock()
    if user and lock and lock.for_user(user):
        raise PermissionDenied(_("The article is locked by another editor."))


def publish(article, user=None):
    """Publish the article's latest revision (making one first if it has none)."""
    revision = article.latest_revision or article.save_revision(user=user)
    revision.publish(user=user)
    article.refresh_from_db()
    return article


def unpublish(article, user=None):
    UnpublishAction(article, user=user).execute()
    return article


class AddUpdateNoteAction(BaseAction):
    """Add a public update note or correction to a live article and republish it.

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
        if not skip_permission_checks:
            _check_not_locked(self.instance, self.user)
        if not self.instance.live:
            raise ValidationError(_("Only a published article can carry an update note."))
        if not self.text:
            raise ValidationError({"text": _("Write the note readers will see.")})
        if self.kind not in ArticleUpdate.Kind.values:
            raise ValidationError({"kind": _("Choose update or correction.")})

    def execute(self, skip_permission_checks=False):
        self.check(skip_permission_checks=skip_permission_checks)
        with transaction.atomic():
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
        return article

    def _with_note(self, version, now):
        notes = list(version.updates.all())
        notes.append(ArticleUpdate(kind=self.kind, noted_at=now, text=self.text))
        version.updates.set(notes)
        version.updated_at = now
        return version


class RetractAction(BaseAction):
    """Take an article down for good, with a note saying why, keeping its history."""

    action_name = "retract"
    permission_policy_action = "retract"

    def __init__(self, instance, note, user=None):
        super().__init__(instance, user=user)
        self.note = (note or "").strip()

    def check(self, skip_permission_checks=False):
        super().check(skip_permission_checks=skip_permission_checks)
        if not skip_permission_checks:
            _check_not_locked(self.instance, self.user)
        if self.instance.retracted_at:
            raise ValidationError(_("This article is already retracted."))
        if not self.note:
            raise ValidationError({"note": _("Say why the article is retracted.")})

    def execute(self, skip_permission_checks=False):
        self.check(skip_permission_checks=skip_permission_checks)
        article = self.instance
        with transaction.atomic():
            now = timezone.now()
            Article.objects.filter(pk=article.pk).update(retracted_at=now,
                                                         retraction_note=self.note)
            article.retracted_at, article.retraction_note = now, self.note
            # Cancel any scheduled publication; unpublishing sends the signals.
            article.revisions.update(approved_go_live_at=None)
            UnpublishAction(article, user=self.user, log_action=False).execute(
                skip_permission_checks=True)
            log(instance=article, action="dateline.retract", user=self.user,
                data={"note": self.note})
        return article
