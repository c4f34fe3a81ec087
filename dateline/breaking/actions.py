"""Marking a story as breaking news, and ending it: the editorial actions of ``breaking``.

Whoever may publish the story marks it, for one of a few spans (``SPANS``); the banner then
shows on every page of its edition (the change is announced as a change of the edition's
furniture, which the page cache purges) and goes by itself at its time (pages that show it
are kept no longer). Both actions write the story's history.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.actions.base import BaseAction
from wagtail.log_actions import log

from dateline.newsroom.edits import Conflict
from dateline.newsroom.models import Article
from dateline.newsroom.signals import furniture_changed

from .models import BreakingNews

MARKED, ENDED = "dateline.breaking.mark", "dateline.breaking.end"
SPANS = {"30m": timedelta(minutes=30), "1h": timedelta(hours=1), "3h": timedelta(hours=3),
         "6h": timedelta(hours=6), "12h": timedelta(hours=12)}


def _announce(banner, action):
    furniture_changed.send(sender=BreakingNews, instance=banner, action=action)


class MarkBreakingAction(BaseAction):
    """Show ``article`` in its edition's banner for ``span`` (a key of ``SPANS``)."""

    action_name = "mark_breaking"
    permission_policy_action = "publish"

    def __init__(self, article, span, user=None):
        super().__init__(article, user=user)
        self.article, self.span = article, span

    def check(self, skip_permission_checks=False):
        super().check(skip_permission_checks=skip_permission_checks)
        if self.span not in SPANS:
            raise Conflict(_("Choose how long the banner shows."))
        if not Article.objects.published().filter(pk=self.article.pk).exists():
            raise Conflict(_("Only a story readers can see can be breaking news."))

    def execute(self, skip_permission_checks=False):
        self.check(skip_permission_checks=skip_permission_checks)
        until = timezone.now() + SPANS[self.span]
        with transaction.atomic():
            banner, _created = BreakingNews.objects.update_or_create(
                edition_id=self.article.edition_id,
                defaults={"article": self.article, "until": until, "marked_by": self.user})
            log(instance=self.article, action=MARKED, user=self.user,
                data={"until": until.isoformat()})
            _announce(banner, "change")
        return banner


class EndBreakingAction(BaseAction):
    """Take the banner of ``banner``'s edition down now."""

    action_name = "end_breaking"
    permission_policy_action = "publish"

    def __init__(self, banner, user=None):
        super().__init__(banner.article, user=user)
        self.banner = banner

    def execute(self, skip_permission_checks=False):
        self.check(skip_permission_checks=skip_permission_checks)
        with transaction.atomic():
            if not BreakingNews.objects.filter(pk=self.banner.pk).delete()[0]:
                return None  # taken down already
            log(instance=self.banner.article, action=ENDED, user=self.user)
            _announce(self.banner, "delete")
        return self.banner
