"""The translations' editorial action: "mark as synced"."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.actions.base import BaseAction
from wagtail.log_actions import log

from dateline.newsroom.actions import CreateArticleAction
from dateline.newsroom.edits import Changes, Conflict
from dateline.newsroom.models import Article, Label

from . import sync
from .counterparts import counterpart
from .models import TranslationTask

MARKED_SYNCED = "dateline.translation.synced"
ASSIGNED = "dateline.translation.assigned"


class MarkSyncedAction(BaseAction):
    """Record that the translation now follows its source's live revision (whoever may
    change the translation may say so)."""

    action_name = "mark_synced"
    permission_policy_action = "change"

    def check(self, skip_permission_checks=False):
        super().check(skip_permission_checks=skip_permission_checks)
        if sync.source_of(self.instance) is None:
            raise ValidationError(_("This article is not a translation."))

    def execute(self, skip_permission_checks=False):
        self.check(skip_permission_checks=skip_permission_checks)
        with transaction.atomic():
            state = sync.mark_synced(self.instance, user=self.user)
            log(instance=self.instance, action=MARKED_SYNCED, user=self.user,
                data={"source": state.source_id, "revision": state.synced_revision_id})
        return state


def _structure(source, into):
    """The source as a new article of ``into``: its text to translate from (its picture's
    caption and credit too, as the translation's own), its pictures, authors and kind, its
    tags, section and labels as their counterparts there (tags and sections without one are
    left out; labels are matched by slug)."""
    fields = {name: getattr(source, name) for name in (
        "headline", "lead", "kind", "main_image", "translation_key")}
    fields["main_image_caption"], fields["main_image_credit"] = source.captions_to_translate()
    fields["body"] = source.body
    tags = [counterpart(link.tag, into) for link in source.tag_links.select_related("tag")]
    return Changes(
        fields=fields,
        section=counterpart(source.section, into) if source.section_id else None,
        tags=[tag for tag in tags if tag is not None],
        labels=list(Label.objects.filter(
            edition=into, slug__in=[label.slug for label in source.labels.all()])),
        authors=[link.author for link in source.author_links.select_related("author")])


class StartTranslationAction(CreateArticleAction):
    """A draft translation of ``source`` into ``into``, made from its structure, with the
    task recording it (and its translator, the acting user unless one was assigned)."""

    def __init__(self, source, into, user=None):
        super().__init__(into, _structure(source, into), user=user)
        self.source, self.into = source, into

    def check(self, skip_permission_checks=False):
        super().check(skip_permission_checks=skip_permission_checks)
        if self.into.pk == self.source.edition_id:
            raise ValidationError(_("Choose another edition to translate into."))
        if Article.objects.filter(translation_key=self.source.translation_key,
                                  edition=self.into).exists():
            raise Conflict(_("This article has a version in that edition already."))

    def execute(self, skip_permission_checks=False):
        with transaction.atomic():
            article = super().execute(skip_permission_checks=skip_permission_checks)
            task, _created = TranslationTask.objects.get_or_create(
                source=self.source, edition=self.into)
            task.translation = article
            if task.translator_id is None and self.user is not None:
                task.translator, task.assigned_at = self.user, timezone.now()
            task.save()
        return article


class AssignTranslationAction(BaseAction):
    """Give the translation of ``source`` into ``into`` to ``translator`` (None: nobody);
    whoever may publish the source may assign it."""

    action_name = "assign_translation"
    permission_policy_action = "publish"

    def __init__(self, source, into, translator, user=None):
        super().__init__(source, user=user)
        self.into, self.translator = into, translator

    def execute(self, skip_permission_checks=False):
        self.check(skip_permission_checks=skip_permission_checks)
        with transaction.atomic():
            task, _created = TranslationTask.objects.get_or_create(source=self.instance,
                                                                   edition=self.into)
            task.translator = self.translator
            task.assigned_at = timezone.now() if self.translator else None
            task.save(update_fields=["translator", "assigned_at"])
            log(instance=self.instance, action=ASSIGNED, user=self.user,
                data={"edition": self.into.pk,
                      "translator": self.translator.pk if self.translator else None})
        return task
