"""Sending an article out: the one editorial action of ``reach``.

An editor who may publish an article chooses where it goes beyond the site (a breaking
newsletter, a push alert, the Telegram channel); the action checks the permission and the
article's state, queues one outbox message per choice in one transaction, and writes the
choice into the article's history. Each choice has a fixed key per article, so an article
goes to each place once, however often the button is pressed.

A message that failed, or was not sent because its article was not public when its turn
came, can be sent again from the outbox (``SendAgainAction``): the same message, so each
reader it reached before is not reached twice (each channel resumes where it stopped).
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.actions.base import BaseAction
from wagtail.log_actions import log
from wagtail.permissions import policy_registry

from dateline.newsroom.edits import Conflict
from dateline.newsroom.models import Article

from .models import OutboxMessage
from .outbox import CHANNELS, enqueue

SEND_OUT = "dateline.reach.send_out"
SEND_AGAIN = "dateline.reach.send_again"


@dataclass(frozen=True)
class Choice:
    """One place an article can be sent: ``channel`` with ``action``; ``key`` makes it once
    per article (both push alerts share one: an article is pushed once)."""

    channel: str
    action: str
    label: str
    key: str

    @property
    def value(self):
        return f"{self.channel}:{self.action}"

    def key_for(self, article):
        return self.key.format(pk=article.pk)


CHOICES = (
    Choice("newsletter", "breaking", gettext_lazy("Breaking-news newsletter"), "breaking:{pk}"),
    Choice("push", "breaking", gettext_lazy("Push alert: breaking news (every subscriber)"),
           "push:{pk}"),
    Choice("push", "top", gettext_lazy("Push alert: top story (readers who want every top "
                                       "story)"), "push:{pk}"),
    Choice("telegram", "post", gettext_lazy("Telegram channel"), "post:{pk}"),
)


def available_choices():
    """The choices whose channel is installed."""
    return [choice for choice in CHOICES if choice.channel in CHANNELS]


def choice_for(value):
    for choice in available_choices():
        if choice.value == value:
            return choice
    raise ValidationError({"choices": _("Unknown place to send to: %(value)s")
                           % {"value": value}})


def already_queued(article):
    """{(channel, key): message} of the article's messages that the choices would make."""
    keys = {(c.channel, c.key_for(article)) for c in available_choices()}
    messages = OutboxMessage.objects.filter(article_ref=article.pk,
                                            channel__in={c for c, _k in keys})
    return {(m.channel, m.key): m for m in messages if (m.channel, m.key) in keys}


def may_be_sent(article):
    """Published, or scheduled to be (read afresh: Wagtail caches ``scheduled_revision``)."""
    return not article.retracted_at and (
        article.live or article.revisions.filter(approved_go_live_at__isnull=False).exists())


class SendOutAction(BaseAction):
    """Queue ``values`` (``Choice.value`` strings) for ``article``: published, or scheduled
    (then they wait for it). Returns the messages queued now (not those queued before)."""

    action_name = "send_out"
    permission_policy_action = "publish"

    def __init__(self, article, values, user=None):
        super().__init__(article, user=user)
        self.article, self.values = article, list(values)

    def check(self, skip_permission_checks=False):
        super().check(skip_permission_checks=skip_permission_checks)
        self.choices = [choice_for(value) for value in self.values]
        if not self.choices:
            raise ValidationError({"choices": _("Choose where to send the article.")})
        if len({c.key_for(self.article) for c in self.choices if c.channel == "push"}) < len(
                [c for c in self.choices if c.channel == "push"]):
            raise ValidationError({"choices": _("Choose one push alert: breaking or top "
                                                "story.")})
        if self.article.retracted_at:
            raise Conflict(_("A retracted article is not sent anywhere."))
        if not may_be_sent(self.article):
            raise Conflict(_("Publish or schedule the article first: only what readers can "
                             "see is sent."))

    def execute(self, skip_permission_checks=False):
        self.check(skip_permission_checks=skip_permission_checks)
        article = self.article
        due = article.go_live_at if not article.live and article.go_live_at else None
        queued = []
        with transaction.atomic():
            before = already_queued(article)
            for choice in self.choices:
                key = choice.key_for(article)
                if (choice.channel, key) in before:
                    continue  # sent (or on its way) already: once per article
                queued.append(enqueue(choice.channel, key, edition=article.edition,
                                      article=article, action=choice.action,
                                      due_at=max(due, timezone.now()) if due else None))
            if queued:
                log(instance=article, action=SEND_OUT, user=self.user,
                    data={"sent_to": [f"{m.channel}:{m.action}" for m in queued]})
        return queued


class SendAgainAction(BaseAction):
    """Queue a failed or unsent ``message`` once more, due now, its tries counted afresh.

    Allowed to whoever may publish its article (any article, for a message of no article:
    a digest, a confirmation). The article must be public again, or scheduled: the worker
    checks it once more before sending."""

    action_name = "send_again"
    permission_policy_action = "publish"
    AGAIN = (OutboxMessage.State.FAILED, OutboxMessage.State.CANCELLED)

    def __init__(self, message, user=None):
        super().__init__(message.article, user=user)
        self.message = message

    @property
    def permission_policy(self):
        return policy_registry.get_by_type(Article)

    def user_has_permission(self):
        if self.message.article is None:
            return self.permission_policy.user_has_permission(self.user, "publish")
        return super().user_has_permission()

    def check(self, skip_permission_checks=False):
        super().check(skip_permission_checks=skip_permission_checks)
        if self.message.state not in self.AGAIN:
            raise Conflict(_("Only a message that failed or was not sent can be sent again."))
        article = self.message.article
        if self.message.article_ref and (article is None or not may_be_sent(article)):
            raise Conflict(_("Publish the article again first: only what readers can see is "
                             "sent."))

    def execute(self, skip_permission_checks=False):
        self.check(skip_permission_checks=skip_permission_checks)
        message = self.message
        with transaction.atomic():
            before = message.state
            changed = OutboxMessage.objects.filter(pk=message.pk, state=before).update(
                state=OutboxMessage.State.PENDING, attempts=0, due_at=timezone.now(),
                claimed_until=None)
            if not changed:
                raise Conflict(_("Someone else sent this message again already."))
            if message.article is not None:
                log(instance=message.article, action=SEND_AGAIN, user=self.user,
                    data={"sent_to": f"{message.channel}:{message.action}", "was": before})
        message.refresh_from_db()
        return message
