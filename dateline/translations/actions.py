"""The translations' editorial action: "mark as synced"."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.actions.base import BaseAction
from wagtail.log_actions import log

from . import sync

MARKED_SYNCED = "dateline.translation.synced"


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
