"""Sending one push message to its subscribers: many pushes in flight, each marked once.

The message's subscribers are first written down as delivery rows (``snapshot``), in
batches, and the message's ``recipients`` set once all are written: that is what says the
snapshot is complete. Then the pending rows are sent, a batch at a time, by a pool of
threads (``Pool``), each with its own keep-alive connection per push service
(``transport.Connections``; pywebpush encrypts, aes128gcm, RFC 8291).

Marks. A thread that got the push service's answer hands it to the calling thread and
waits; the calling thread writes the answers that have come in meanwhile in one small
transaction (a group commit: on SQLite writes take turns anyway, and the calling thread's
connection is the only one this touches), and only then lets those threads send their
next push. So each push is marked before its thread sends another one, and at most one
push per thread is between "accepted" and "marked" at any time.

The crash window, honestly: a worker killed after a push service answered 201 and before
the mark's commit (a few milliseconds) leaves that delivery pending, and the next worker
sends it again: at most ``DATELINE_PUSH_THREADS`` duplicates per crash, and only those
that were in that window. Each push carries the article in its ``Topic`` header (a push
service replaces a push it still holds with a newer one of the same topic, RFC 8030 §5.4)
and the notification's ``tag`` (the browser replaces a shown notification with the same
tag instead of adding one), so a duplicate replaces rather than adds.
"""

import http.client
import json
import logging
import queue
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, F, Max, Min, Q
from django.utils import timezone
from pywebpush import WebPusher, WebPushException

from dateline.reach import outbox
from dateline.reach.models import OutboxMessage

from . import vapid
from .models import PushDelivery, PushSubscription
from .transport import Connections

logger = logging.getLogger("dateline.reach.push")

SNAPSHOT_BATCH = 20_000  # subscription ids per INSERT ... SELECT
SEND_BATCH = 500
# One call of ``send`` returns (to be called again) after this long, so the worker's other
# messages get their turn; the outbox calls it again at once.
SEND_BUDGET_SECONDS = 15.0
# Connect and read timeouts of one push (seconds).
TIMEOUT = (5, 15)
# Answers that say the subscription is no more (RFC 8030 §7.3): it is removed.
GONE = {404, 410}
# How long the marking thread waits for more answers to commit with the first one, unless
# every busy thread has answered (seconds): fewer, larger commits (docs/reach-push.md).
GATHER_SECONDS = 0.002
# A VAPID token is good for 12 hours and used for at most 10 minutes (RFC 8292 §2: at
# most 24 hours).
VAPID_LIFETIME, VAPID_REUSE = 12 * 3600, 600


class RetryLater(Exception):
    """Some push services asked us to come back later (429, 5xx, no answer)."""


@dataclass
class Outcome:
    state: str  # a PushDelivery.State, or "retry"
    error: str = ""


def snapshot(message):
    """Write a pending delivery for every subscriber the message is for; return how many.

    One ``INSERT ... SELECT`` per range of subscription ids, each its own commit: the rows
    never pass through Python (10,000 take milliseconds), and a snapshot of a million
    never holds the database's write lock for long. A snapshot cut short is written
    again (``ON CONFLICT DO NOTHING`` keeps the rows there); ``recipients`` is set only
    when it is whole."""
    scope = PushSubscription.Scope.ALL if message.action == "top" else None
    subscribers = PushSubscription.objects.filter(edition_id=message.edition_id)
    if scope:
        subscribers = subscribers.filter(scope=scope)
    bounds = subscribers.aggregate(low=Min("pk"), high=Max("pk"))
    if bounds["low"] is not None:
        for low in range(bounds["low"], bounds["high"] + 1, SNAPSHOT_BATCH):
            with transaction.atomic():
                _insert_deliveries(message, scope, low, low + SNAPSHOT_BATCH)
    total = PushDelivery.objects.filter(message_id=message.pk).count()
    OutboxMessage.objects.filter(pk=message.pk).update(recipients=total)
    message.recipients = total
    return total


def _insert_deliveries(message, scope, low, high):
    """Deliveries for the subscribers of ids ``low`` to ``high`` (excluded)."""
    ops = connection.ops
    deliveries = ops.quote_name(PushDelivery._meta.db_table)
    subscriptions = ops.quote_name(PushSubscription._meta.db_table)
    # Our own table names, quoted; every value is a parameter.
    sql = (f"INSERT INTO {deliveries} (message_id, subscription_id, state, attempts, error) "  # noqa: S608
           f"SELECT %s, id, %s, 0, '' FROM {subscriptions} "
           f"WHERE edition_id = %s AND id >= %s AND id < %s"
           + (" AND scope = %s" if scope else "")
           + " ON CONFLICT (message_id, subscription_id) DO NOTHING")
    params = [message.pk, PushDelivery.State.PENDING, message.edition_id, low, high]
    with connection.cursor() as cursor:
        cursor.execute(sql, params + ([scope] if scope else []))


def send(message, payload, urgency):
    """Send the message's pending deliveries; True when none is left.

    Raise ``RetryLater`` when some push services asked to be tried later (their
    deliveries stay pending; the ones done stay done and are not sent again)."""
    vapid.key(), vapid.subject()  # a misconfiguration fails here, with its fix, not per push
    data = json.dumps(payload, ensure_ascii=False).encode()
    headers = {"Urgency": urgency, "Topic": payload["tag"]}
    started, after, retries, last_error = time.monotonic(), 0, 0, ""
    pool = Pool(settings.DATELINE_PUSH_THREADS, lambda session, delivery: push(
        session, delivery.subscription, data, headers))
    try:
        while True:
            batch = list(PushDelivery.objects
                         .filter(message_id=message.pk, state=PushDelivery.State.PENDING,
                                 pk__gt=after)
                         .select_related("subscription").order_by("pk")[:SEND_BATCH])
            if not batch:
                break
            after = batch[-1].pk
            orphans = [d for d in batch if d.subscription is None]
            if orphans:  # unsubscribed since the snapshot
                record([(d, Outcome(PushDelivery.State.GONE, "unsubscribed")) for d in orphans])
            sending = [d for d in batch if d.subscription is not None]
            outcomes = pool.run(sending, record)
            _note_success([d.subscription_id for d, outcome in zip(sending, outcomes, strict=True)
                           if outcome.state == PushDelivery.State.SENT])
            again = [outcome.error for outcome in outcomes if outcome.state == "retry"]
            retries, last_error = retries + len(again), (again[-1] if again else last_error)
            count(message)
            outbox.hold(message)
            if time.monotonic() - started > SEND_BUDGET_SECONDS:
                return False
    finally:
        pool.close()
        logger.info("push %s: %d answers in %.1f s, marked in %d commits taking %.2f s",
                    message.key, pool.answered, time.monotonic() - started, pool.commits,
                    pool.commit_seconds)
    count(message)
    if retries:
        raise RetryLater(f"{retries} to send again later (last: {last_error})")
    return True


def push(session, subscription, data, headers):
    """Send one push; say what became of it."""
    try:
        answer = WebPusher(subscription.info(), requests_session=session).send(
            data, {**headers, **vapid_headers(subscription.endpoint)},
            ttl=settings.DATELINE_PUSH_TTL, timeout=TIMEOUT, content_encoding="aes128gcm")
    except (OSError, http.client.HTTPException) as error:  # no answer: try again later
        return Outcome("retry", f"{type(error).__name__}: {error}"[:500])
    except (ValueError, TypeError, WebPushException) as error:  # keys that make no key
        return Outcome(PushDelivery.State.FAILED, f"{type(error).__name__}: {error}"[:500])
    status = answer.status_code
    if status in (200, 201, 202):
        return Outcome(PushDelivery.State.SENT)
    text = f"{status} {answer.reason}: {answer.text[:300]}"
    if status in GONE:
        return Outcome(PushDelivery.State.GONE, text)
    if status == 429 or status >= 500:
        return Outcome("retry", text)
    return Outcome(PushDelivery.State.FAILED, text)


_signed = {}
_signing = threading.Lock()


def vapid_headers(endpoint):
    """The VAPID ``Authorization`` for the endpoint's push service (RFC 8292 §2: its
    origin is the audience). One token per service for ``VAPID_REUSE``, as the RFC allows:
    signing each push would cost more than encrypting it."""
    parts = urlsplit(endpoint)
    audience = f"{parts.scheme}://{parts.netloc}"
    now = time.time()
    with _signing:
        headers, until = _signed.get(audience, (None, 0))
        if until <= now:
            claims = {"sub": vapid.subject(), "aud": audience,
                      "exp": int(now + VAPID_LIFETIME)}
            headers, until = vapid.key().sign(claims), now + VAPID_REUSE
            _signed[audience] = headers, until
    return headers


def record(answers):
    """Write what became of some deliveries, in one transaction."""
    now = timezone.now()
    by_state = {}
    for delivery, outcome in answers:
        by_state.setdefault(outcome.state, []).append((delivery, outcome))
    with transaction.atomic():
        for state, items in by_state.items():
            deliveries = [delivery.pk for delivery, _ in items]
            subscriptions = [d.subscription_id for d, _ in items if d.subscription_id]
            if state == PushDelivery.State.SENT:  # the mark that must not wait
                _mark_sent(deliveries, now)
                continue
            for delivery, outcome in items:
                PushDelivery.objects.filter(pk=delivery.pk).update(
                    state=PushDelivery.State.PENDING if state == "retry" else state,
                    attempts=F("attempts") + 1, error=outcome.error[:1000])
            if state == PushDelivery.State.GONE:
                PushSubscription.objects.filter(pk__in=subscriptions).delete()
            elif state == PushDelivery.State.FAILED:
                PushSubscription.objects.filter(pk__in=subscriptions).update(
                    failures=F("failures") + 1)


def _mark_sent(deliveries, now):
    """The hot write, one statement in plain SQL: the ORM's cost per call was measured
    as a good part of a push's (docs/reach-push.md)."""
    ops = connection.ops
    table = ops.quote_name(PushDelivery._meta.db_table)
    marks = ", ".join(["%s"] * len(deliveries))
    # Our own table name, quoted; every value is a parameter.
    sql = (f"UPDATE {table} SET state = %s, sent_at = %s, attempts = attempts + 1, "  # noqa: S608
           f"error = '' WHERE id IN ({marks})")
    with connection.cursor() as cursor:
        cursor.execute(sql, [PushDelivery.State.SENT, ops.adapt_datetimefield_value(now),
                             *deliveries])


def _note_success(subscriptions):
    """Once a batch: the subscriptions that took a push work (not part of the marks)."""
    PushSubscription.objects.filter(pk__in=subscriptions).update(
        last_success_at=timezone.now(), failures=0)


def count(message):
    """Bring the message's counters up to date (the desk's outbox view reads them)."""
    done = PushDelivery.objects.filter(message_id=message.pk).aggregate(
        delivered=Count("pk", filter=Q(state=PushDelivery.State.SENT)),
        failures=Count("pk", filter=Q(state__in=[PushDelivery.State.GONE,
                                                 PushDelivery.State.FAILED])))
    OutboxMessage.objects.filter(pk=message.pk).update(**done)
    message.delivered, message.failures = done["delivered"], done["failures"]


class Pool:
    """Threads that send; the thread that calls ``run`` is the only one that writes.

    A sending thread hands each answer over and waits until ``record`` has committed it
    before it sends again (see the module's docstring)."""

    def __init__(self, size, send_one):
        self.send_one = send_one
        self.work, self.answers = queue.Queue(), queue.Queue()
        self.stopping = False
        self.answered = self.commits = 0
        self.commit_seconds = 0.0
        self.threads = [threading.Thread(target=self._sender, daemon=True,
                                         name=f"push-sender-{n}") for n in range(size)]
        for thread in self.threads:
            thread.start()

    def _sender(self):
        with Connections() as session:
            while (item := self.work.get()) is not None and not self.stopping:
                try:
                    outcome = self.send_one(session, item)
                except Exception as error:  # noqa: BLE001 (a thread that dies would hang run())
                    outcome = Outcome("retry", f"{type(error).__name__}: {error}"[:500])
                marked = threading.Event()
                self.answers.put((item, outcome, marked))
                while not marked.wait(0.5):
                    if self.stopping:
                        return

    def run(self, items, record):
        """Send ``items``; return their outcomes (in their order) once all are recorded."""
        for item in items:
            self.work.put(item)
        outcomes = {}
        while len(outcomes) < len(items):
            answers = [self.answers.get()]
            busy = min(len(self.threads), len(items) - len(outcomes))
            until = time.monotonic() + GATHER_SECONDS
            while len(answers) < busy:
                try:
                    answers.append(self.answers.get(timeout=max(until - time.monotonic(), 0)))
                except queue.Empty:
                    break
            began = time.monotonic()
            record([(item, outcome) for item, outcome, _ in answers])
            self.commit_seconds += time.monotonic() - began
            self.commits += 1
            self.answered += len(answers)
            for item, outcome, marked in answers:
                outcomes[id(item)] = outcome
                marked.set()
        return [outcomes[id(item)] for item in items]

    def close(self):
        self.stopping = True
        for _ in self.threads:
            self.work.put(None)
        for thread in self.threads:
            thread.join(timeout=30)
