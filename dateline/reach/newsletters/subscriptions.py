"""What a reader can do to their subscriptions: sign up (double opt-in), confirm, change
their lists, leave one, and (GDPR) see or erase everything stored about their address.

Nothing here tells the person asking whether an address is already on a list: sign-up
answers the same for a new address and for a confirmed one.
"""

import uuid

from django.db import transaction
from django.utils import timezone

from dateline.reach import outbox
from dateline.reach.models import OutboxMessage

from .channel import NAME
from .models import Bounce, Delivery, NewsletterList, Subscriber, Subscription, normalize_email


def find_subscriber(email):
    return Subscriber.objects.filter(email__iexact=normalize_email(email)).first()


@transaction.atomic
def sign_up(email, newsletters, edition):
    """Put ``email`` on ``newsletters`` as waiting for confirmation, and queue the
    confirmation mail when any of them is not confirmed yet; return the subscriber and
    whether a mail was queued."""
    email = normalize_email(email)
    subscriber = find_subscriber(email) or Subscriber.objects.create(email=email)
    waiting = []
    for newsletter in newsletters:
        subscription, _created = Subscription.objects.get_or_create(
            subscriber=subscriber, newsletter=newsletter)
        if subscription.state != Subscription.State.CONFIRMED:
            if subscription.state != Subscription.State.PENDING:
                subscription.state = Subscription.State.PENDING
                subscription.save(update_fields=["state"])
            waiting.append(newsletter.pk)
    return subscriber, waiting


def queue_confirmation(subscriber, newsletter_ids, edition):
    outbox.enqueue(NAME, f"confirm:{subscriber.pk}:{uuid.uuid4().hex}", edition=edition,
                   action="confirm",
                   payload={"subscriber": subscriber.pk, "lists": sorted(newsletter_ids)})


@transaction.atomic
def confirm(subscriber, newsletter_ids):
    """Confirm the lists the confirmation link names (and only those)."""
    now = timezone.now()
    Subscription.objects.filter(subscriber=subscriber, newsletter_id__in=newsletter_ids).update(
        state=Subscription.State.CONFIRMED, confirmed_at=now, unsubscribed_at=None)
    Subscriber.objects.filter(pk=subscriber.pk).update(bounced_at=None)


@transaction.atomic
def set_lists(subscriber, edition, wanted):
    """The edition's lists ``subscriber`` is on become exactly ``wanted`` (a signed link
    proves the address, so these need no second confirmation)."""
    now = timezone.now()
    offered = NewsletterList.objects.filter(edition=edition, active=True)
    for newsletter in offered:
        subscription = Subscription.objects.filter(subscriber=subscriber,
                                                   newsletter=newsletter).first()
        if newsletter in wanted:
            if subscription is None:
                subscription = Subscription(subscriber=subscriber, newsletter=newsletter)
            if subscription.state != Subscription.State.CONFIRMED:
                subscription.state = Subscription.State.CONFIRMED
                subscription.confirmed_at, subscription.unsubscribed_at = now, None
                subscription.save()
        elif subscription is not None and subscription.state != Subscription.State.UNSUBSCRIBED:
            subscription.state = Subscription.State.UNSUBSCRIBED
            subscription.unsubscribed_at = now
            subscription.save()


def unsubscribe(subscriber, newsletter_ids):
    return Subscription.objects.filter(
        subscriber=subscriber, newsletter_id__in=newsletter_ids).exclude(
        state=Subscription.State.UNSUBSCRIBED).update(
        state=Subscription.State.UNSUBSCRIBED, unsubscribed_at=timezone.now())


def record_bounce(email, kind=Bounce.Kind.HARD, diagnostic="", message_id=""):
    """Record that mail to ``email`` bounced (from a DSN or a provider's report); a hard
    bounce stops mail to the address until it confirms again. Returns the Bounce, or None
    for an address that is not stored."""
    subscriber = find_subscriber(email)
    if subscriber is None:
        return None
    delivery = _delivery_of(subscriber, message_id)
    with transaction.atomic():
        bounce = Bounce.objects.create(subscriber=subscriber, delivery=delivery, kind=kind,
                                       diagnostic=diagnostic[:2000])
        if delivery is not None:
            Delivery.objects.filter(pk=delivery.pk).update(state=Delivery.State.BOUNCED,
                                                           error=diagnostic[:1000])
        if kind == Bounce.Kind.HARD:
            Subscriber.objects.filter(pk=subscriber.pk).update(bounced_at=timezone.now())
    return bounce


def _delivery_of(subscriber, message_id):
    """The delivery a Message-ID of ours names (``mail.message_id``), if it is this
    subscriber's."""
    parts = message_id.strip("<> ").split("@")[0].split(".")
    if len(parts) != 3 or parts[0] != "newsletter" or not all(p.isdigit() for p in parts[1:]):
        return None
    return Delivery.objects.filter(message_id=int(parts[1]), subscriber=subscriber,
                                   subscriber_id=int(parts[2])).first()


def export(email):
    """Everything stored about ``email``, as JSON-ready data (a GDPR access request)."""
    subscriber = find_subscriber(email)
    if subscriber is None:
        return None
    return {
        "email": subscriber.email,
        "signed_up": subscriber.created_at.isoformat(),
        "bounced": subscriber.bounced_at.isoformat() if subscriber.bounced_at else None,
        "subscriptions": [
            {"newsletter": s.newsletter.name, "edition": s.newsletter.edition.code,
             "state": s.state, "asked": s.created_at.isoformat(),
             "confirmed": s.confirmed_at.isoformat() if s.confirmed_at else None,
             "unsubscribed": s.unsubscribed_at.isoformat() if s.unsubscribed_at else None}
            for s in subscriber.subscriptions.select_related("newsletter__edition")
            .order_by("id")],
        "deliveries": [
            {"message": d.message_id, "state": d.state,
             "sent": d.sent_at.isoformat() if d.sent_at else None, "error": d.error}
            for d in subscriber.deliveries.order_by("id").iterator()],
        "bounces": [
            {"kind": b.kind, "received": b.received_at.isoformat(), "diagnostic": b.diagnostic}
            for b in subscriber.bounces.order_by("id")],
    }


@transaction.atomic
def erase(email):
    """Delete the address and everything tied to it (subscriptions, deliveries, bounces,
    confirmation mails not yet sent); return whether it was stored."""
    subscriber = find_subscriber(email)
    if subscriber is None:
        return False
    OutboxMessage.objects.filter(channel=NAME, key__startswith=f"confirm:{subscriber.pk}:"
                                 ).delete()
    subscriber.delete()
    return True
