"""The outbox: one row for each thing to be sent outward, written in the same transaction as
the change that calls for it, claimed and sent by the worker, marked sent once."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Not sent")

    channel = models.CharField(_("channel"), max_length=30)
    # What makes the message itself: the same key is never queued twice (a re-publish, a
    # second worker, a retried request all find the row that is there).
    key = models.CharField(_("key"), max_length=200)
    edition = models.ForeignKey("newsroom.Edition", verbose_name=_("edition"),
                                on_delete=models.CASCADE, related_name="+")
    # SET_NULL: what was sent stays on record after the article is deleted.
    article = models.ForeignKey("newsroom.Article", verbose_name=_("article"), null=True,
                                blank=True, on_delete=models.SET_NULL, related_name="+")
    # The article's id, kept when the article is deleted: its message must not go out then.
    article_ref = models.BigIntegerField(null=True, blank=True, editable=False)
    action = models.CharField(_("action"), max_length=30, default="publish")
    payload = models.JSONField(_("payload"), default=dict, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices,
                             default=State.PENDING)
    created_at = models.DateTimeField(_("queued"), default=timezone.now)
    # Not before then: a scheduled article's message, or a retry's backoff.
    due_at = models.DateTimeField(_("due"), default=timezone.now)
    # A worker sending it holds it until then; a worker killed mid-send lets go by itself.
    claimed_until = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    delivered = models.PositiveIntegerField(_("delivered"), default=0)
    failures = models.PositiveIntegerField(_("failures"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["channel", "key"], name="outbox_once_per_key"),
        ]
        indexes = [
            models.Index(fields=["due_at", "id"], condition=Q(state="pending"),
                         name="outbox_due"),
            models.Index(fields=["channel", "-created_at"], name="outbox_channel"),
        ]

    def __str__(self):
        return f"{self.channel}: {self.key}"

    @property
    def remaining(self):
        return max(self.recipients - self.delivered - self.failures, 0)
