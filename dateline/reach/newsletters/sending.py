"""Sending one newsletter message to every confirmed reader of its list, exactly once.

``deliver`` runs in the worker (``outbox.send``) and may be called many times for one
message: each call does part of the work and returns False while there is more.

1. **Snapshot.** On the first call the list's confirmed readers are copied into
   ``Delivery`` rows (one per reader, unique per message and reader), in batches of ids
   (``bulk_create(ignore_conflicts=True)``: a snapshot cut off and run again adds only
   what is missing). Readers who confirm later are not added: the message is the one the
   list had when it went out. The payload's ``snapshot`` flag says it is done.
2. **Send.** The pending rows are read in id order, ``BATCH`` at a time, and sent over one
   SMTP connection per batch. Each row is marked sent in its own transaction right after
   the server accepted its mail, before the next mail is begun.

Why that is exactly once, and where it is not: a row marked sent is never sent again,
and a row is marked only after the server said 250 to its DATA. A worker killed (or a
database lost) between that 250 and the UPDATE leaves one row pending whose mail was
accepted: the next claim sends it again. That window is one mail, the one in flight, by
construction (the next mail is not begun until the row is written). Its second copy
carries the same ``Message-ID`` (``mail.message_id``: the message and the reader), which
is what mail systems (Gmail, Exchange and most list archives) use to drop duplicates.
No ordering of writes can close the window: mark before sending and a crash loses the
mail instead, which for a breaking alert is worse.

A recipient the server refuses (``SMTPRecipientsRefused``, a permanent 5xx to its DATA)
is marked failed with the server's answer and not tried again. Anything else (no
connection, a dropped one, a 4xx to the sender) raises: the outbox retries the message
later with backoff and the next call resumes at the first pending row.

Memory stays flat: ids and addresses are read a batch at a time, the mail is rendered
once per call (``mail.compose_*``) and only addressed per reader.
"""

import logging
import smtplib
import time

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from dateline.reach import outbox
from dateline.reach.models import OutboxMessage

from . import content, mail
from .models import Delivery, NewsletterList, Subscription

logger = logging.getLogger("dateline.reach.newsletters")

BATCH = 100  # mails per SMTP connection
SNAPSHOT_BATCH = 2000  # delivery rows per INSERT
# How long one call may send before it hands the worker back (and keeps its claim).
CALL_SECONDS = 10.0
# Seconds an SMTP server may take to answer one command (unless EMAIL_TIMEOUT says), and
# how often a batch renews its claim: both well inside the outbox's LEASE.
SMTP_TIMEOUT = 20
HOLD_EVERY = outbox.LEASE.total_seconds() / 4


def newsletter_of(message):
    """The list a message goes to: the edition's breaking list, or the digest it names."""
    if message.action == "breaking":
        return NewsletterList.objects.filter(edition_id=message.edition_id,
                                             kind=NewsletterList.Kind.BREAKING,
                                             active=True).select_related("edition").first()
    return NewsletterList.objects.filter(pk=message.payload.get("list"), active=True
                                         ).select_related("edition").first()


def deliver(message, budget=None):
    budget = CALL_SECONDS if budget is None else budget
    started = time.monotonic()
    newsletter = newsletter_of(message)
    if newsletter is None:
        return True  # no such list (any more), or switched off: nobody to send to
    if not message.payload.get("snapshot"):
        _prepare(message, newsletter)
    composed = _compose(message, newsletter)
    if composed is None:
        # Nothing published to tell (a digest of a quiet day, or its stories all taken
        # down since): the readers get nothing, and nothing is left to send.
        Delivery.objects.filter(message=message, state=Delivery.State.PENDING).delete()
        _count(message)
        return True
    counts = _count(message)
    while True:
        batch = _pending(message)
        if not batch:
            return True
        _send_batch(message, composed, batch, counts)
        OutboxMessage.objects.filter(pk=message.pk).update(
            delivered=counts["sent"], failures=counts["failed"])
        outbox.hold(message)
        if time.monotonic() - started > budget:
            return False


def _prepare(message, newsletter):
    """Snapshot the list's readers, and (a digest) the stories it tells."""
    payload = dict(message.payload)
    if message.action == "digest" and "articles" not in payload:
        payload["articles"] = content.digest_article_ids(newsletter.edition,
                                                         until=message.created_at)
    _snapshot(message, newsletter)
    payload["snapshot"] = True
    message.payload = payload
    OutboxMessage.objects.filter(pk=message.pk).update(payload=payload)


def _snapshot(message, newsletter):
    confirmed = (Subscription.objects
                 .filter(newsletter=newsletter, state=Subscription.State.CONFIRMED,
                         subscriber__bounced_at__isnull=True)
                 .order_by("subscriber_id").values_list("subscriber_id", flat=True))
    after = 0
    while True:
        ids = list(confirmed.filter(subscriber_id__gt=after)[:SNAPSHOT_BATCH])
        if not ids:
            break
        with transaction.atomic():
            Delivery.objects.bulk_create(
                [Delivery(message_id=message.pk, subscriber_id=pk) for pk in ids],
                ignore_conflicts=True)
        after = ids[-1]
        outbox.hold(message)


def _compose(message, newsletter):
    if message.action == "breaking":
        return mail.compose_breaking(newsletter, message.article_id)
    return mail.compose_digest(newsletter, message.payload.get("articles", []),
                               moment=message.created_at)


def _count(message):
    """The message's counters as the delivery rows say (right after a crash too)."""
    by_state = dict(Delivery.objects.filter(message=message).values_list("state")
                    .annotate(n=Count("id")).values_list("state", "n"))
    counts = {"total": sum(by_state.values()), "sent": by_state.get(Delivery.State.SENT, 0),
              "failed": by_state.get(Delivery.State.FAILED, 0)}
    OutboxMessage.objects.filter(pk=message.pk).update(
        recipients=counts["total"], delivered=counts["sent"], failures=counts["failed"])
    return counts


def _pending(message):
    return list(Delivery.objects.filter(message=message, state=Delivery.State.PENDING)
                .select_related("subscriber").only("id", "subscriber__id", "subscriber__email")
                .order_by("id")[:BATCH])


def _connection():
    """The mail backend's connection; an SMTP one with a timeout, so that a server that
    stops answering fails the call (and the message is retried) instead of holding the
    worker past its claim, when another worker could take the message over."""
    if settings.EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend":
        return get_connection(fail_silently=False,
                              timeout=settings.EMAIL_TIMEOUT or SMTP_TIMEOUT)
    return get_connection(fail_silently=False)


def _send_batch(message, composed, batch, counts):
    connection = _connection()
    connection.open()  # an error here raises: the outbox retries the message
    held_at = time.monotonic()
    try:
        for delivery in batch:
            if time.monotonic() - held_at > HOLD_EVERY:  # a slow server: keep the claim
                outbox.hold(message)
                held_at = time.monotonic()
            email = mail.addressed(composed, delivery.subscriber, message.pk, connection)
            try:
                connection.send_messages([email])
            except smtplib.SMTPRecipientsRefused as refusal:
                _mark(delivery, Delivery.State.FAILED, _refusal_text(refusal))
                counts["failed"] += 1
                continue
            except smtplib.SMTPDataError as refusal:
                if refusal.smtp_code < 500:
                    raise
                _mark(delivery, Delivery.State.FAILED, _refusal_text(refusal))
                counts["failed"] += 1
                continue
            # Accepted by the server: recorded before the next mail is begun.
            _mark(delivery, Delivery.State.SENT)
            counts["sent"] += 1
    finally:
        connection.close()


def _mark(delivery, state, error=""):
    fields = {"state": state, "error": error[:1000]}
    if state == Delivery.State.SENT:
        fields["sent_at"] = timezone.now()
    with transaction.atomic():
        Delivery.objects.filter(pk=delivery.pk).update(**fields)


def _refusal_text(refusal):
    if isinstance(refusal, smtplib.SMTPRecipientsRefused):
        return "; ".join(f"{code} {answer.decode(errors='replace') if isinstance(answer, bytes) else answer}"
                         for code, answer in refusal.recipients.values())
    answer = refusal.smtp_error
    return f"{refusal.smtp_code} {answer.decode(errors='replace') if isinstance(answer, bytes) else answer}"
