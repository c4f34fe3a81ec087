"""Who reads which newsletter, and what each of them was sent.

An address is stored once (``Subscriber``), whatever lists it is on; a reader is on a list
only after confirming (``Subscription``: double opt-in); and every message of the outbox
that goes to many readers keeps one ``Delivery`` row per reader, so that a send cut off
by a crash resumes where it stopped and mails nobody twice (``sending.py``).
"""

from django.core.validators import EmailValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_EMAIL_LENGTH = 254  # RFC 5321's limit on a forward path


def normalize_email(value):
    """The address as stored: trimmed, its domain lower-case (the local part is the
    recipient's own business, RFC 5321 section 2.4)."""
    value = (value or "").strip()
    local, at, domain = value.rpartition("@")
    return f"{local}@{domain.lower()}" if at else value


class Subscriber(models.Model):
    email = models.CharField(_("e-mail address"), max_length=MAX_EMAIL_LENGTH,
                             validators=[EmailValidator()])
    created_at = models.DateTimeField(_("signed up"), default=timezone.now)
    # A hard bounce: nothing more goes to the address until it confirms again.
    bounced_at = models.DateTimeField(_("bounced"), null=True, blank=True)

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="subscriber_email_once"),
        ]

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        self.email = normalize_email(self.email)
        super().save(*args, **kwargs)


class NewsletterList(models.Model):
    class Kind(models.TextChoices):
        DIGEST = "digest", _("Daily digest")
        BREAKING = "breaking", _("Breaking news")

    edition = models.ForeignKey("newsroom.Edition", verbose_name=_("edition"),
                                on_delete=models.CASCADE, related_name="newsletter_lists")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100)
    description = models.CharField(_("description"), max_length=300, blank=True)
    send_at = models.TimeField(
        _("send at"), null=True, blank=True,
        help_text=_("The daily digest only: when it goes out, in the edition's time zone."))
    active = models.BooleanField(_("active"), default=True,
                                 help_text=_("Readers can sign up and it is sent."))

    class Meta:
        verbose_name = _("newsletter")
        verbose_name_plural = _("newsletters")
        ordering = ["edition", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "kind"], name="newsletter_one_per_kind"),
        ]

    def __str__(self):
        return f"{self.name} ({self.edition})"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.kind == self.Kind.DIGEST and self.send_at is None:
            raise ValidationError({"send_at": _("A daily digest needs the time it goes out.")})


class Subscription(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")

    subscriber = models.ForeignKey(Subscriber, verbose_name=_("subscriber"),
                                   on_delete=models.CASCADE, related_name="subscriptions")
    newsletter = models.ForeignKey(NewsletterList, verbose_name=_("newsletter"),
                                   on_delete=models.CASCADE, related_name="subscriptions")
    state = models.CharField(_("state"), max_length=20, choices=State.choices,
                             default=State.PENDING)
    created_at = models.DateTimeField(_("asked"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.UniqueConstraint(fields=["subscriber", "newsletter"],
                                    name="subscription_once"),
        ]
        indexes = [
            # The snapshot of a send reads a list's confirmed readers in id order.
            models.Index(fields=["newsletter", "subscriber"], condition=Q(state="confirmed"),
                         name="subscription_confirmed"),
        ]

    def __str__(self):
        return f"{self.subscriber} → {self.newsletter}"


class Delivery(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        BOUNCED = "bounced", _("Bounced")

    message = models.ForeignKey("reach.OutboxMessage", verbose_name=_("message"),
                                on_delete=models.CASCADE, related_name="+")
    subscriber = models.ForeignKey(Subscriber, verbose_name=_("subscriber"),
                                   on_delete=models.CASCADE, related_name="deliveries")
    state = models.CharField(_("state"), max_length=20, choices=State.choices,
                             default=State.PENDING)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["message", "subscriber"], name="delivery_once"),
        ]
        indexes = [
            models.Index(fields=["message", "id"], condition=Q(state="pending"),
                         name="delivery_pending"),
        ]

    def __str__(self):
        return f"{self.message_id} → {self.subscriber_id}: {self.state}"


class Bounce(models.Model):
    """A report that mail to an address did not arrive (a DSN, RFC 3464, or a provider's
    webhook): a hard one stops further mail to the address."""

    class Kind(models.TextChoices):
        HARD = "hard", _("Permanent")
        SOFT = "soft", _("Temporary")

    subscriber = models.ForeignKey(Subscriber, verbose_name=_("subscriber"),
                                   on_delete=models.CASCADE, related_name="bounces")
    delivery = models.ForeignKey(Delivery, verbose_name=_("delivery"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.HARD)
    diagnostic = models.TextField(_("diagnostic"), blank=True)
    received_at = models.DateTimeField(_("received"), default=timezone.now)

    class Meta:
        verbose_name = _("bounce")
        verbose_name_plural = _("bounces")
        ordering = ["-received_at"]

    def __str__(self):
        return f"{self.subscriber}: {self.kind}"
