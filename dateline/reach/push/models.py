"""Who asked for alerts (``PushSubscription``), and what each was sent (``PushDelivery``).

A delivery row is written for every subscriber before the first push of a message goes
out (the snapshot), and marked sent right after the push service accepted it: a worker
that dies mid-send leaves the rows that tell the next one whom it has still to reach.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PushSubscription(models.Model):
    class Scope(models.TextChoices):
        BREAKING = "breaking", _("Breaking news only")
        ALL = "all", _("All top stories")

    # The push service's address for one browser: a secret the browser hands us.
    endpoint = models.URLField(_("endpoint"), max_length=1000, unique=True)
    # The browser's ECDH public key (65 bytes) and auth secret (16 bytes), base64url.
    p256dh = models.CharField(max_length=100)
    auth = models.CharField(max_length=40)
    edition = models.ForeignKey("newsroom.Edition", verbose_name=_("edition"),
                                on_delete=models.CASCADE, related_name="+")
    scope = models.CharField(_("alerts"), max_length=20, choices=Scope.choices,
                             default=Scope.BREAKING)
    created_at = models.DateTimeField(_("subscribed"), default=timezone.now)
    last_success_at = models.DateTimeField(_("last delivered"), null=True, blank=True)
    # Refusals in a row by its push service (other than "gone", which removes it).
    failures = models.PositiveIntegerField(_("failures"), default=0)

    class Meta:
        verbose_name = _("push subscription")
        verbose_name_plural = _("push subscriptions")
        indexes = [models.Index(fields=["edition", "scope"], name="push_sub_edition_scope")]

    def __str__(self):
        return f"{self.edition_id}/{self.scope}: {self.endpoint[:60]}"

    def info(self):
        """The subscription as the browser's ``PushSubscription.toJSON()`` gives it."""
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}


class PushDelivery(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENT = "sent", _("Sent")
        GONE = "gone", _("Subscription expired")
        FAILED = "failed", _("Refused")

    message = models.ForeignKey("reach.OutboxMessage", on_delete=models.CASCADE,
                                related_name="+")
    # SET_NULL: the record of a push stays when its subscription expires.
    subscription = models.ForeignKey(PushSubscription, null=True, on_delete=models.SET_NULL,
                                     related_name="deliveries")
    state = models.CharField(_("state"), max_length=20, choices=State.choices,
                             default=State.PENDING)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("push delivery")
        verbose_name_plural = _("push deliveries")
        constraints = [
            models.UniqueConstraint(fields=["message", "subscription"],
                                    name="push_delivery_once"),
        ]
        indexes = [models.Index(fields=["message", "state", "id"], name="push_delivery_todo")]

    def __str__(self):
        return f"{self.message_id} → {self.subscription_id}: {self.state}"
