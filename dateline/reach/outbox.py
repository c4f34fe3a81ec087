"""The outbox: what goes out, queued with the change that calls for it, sent once by the worker.

A channel (WebSub, newsletters, web push, Telegram) is a ``Channel`` registered in its app's
``ready()``. It hears every change of an article that readers can see (``article_changed``),
inside the transaction that makes the change, and queues what that change calls for with
``enqueue``: so a publish that rolls back queues nothing, and one that commits cannot lose
its sends. The worker (``send_due``, run every half second by ``dateline worker``) claims
each due message for a while (``LEASE``), checks that its article is still public, and hands
it to the channel's ``deliver``:

- the message is sent when ``deliver`` returns True, and marked sent in the same step;
- a message with many recipients is delivered in parts: the channel records each
  recipient's delivery in its own table as it goes and calls ``hold`` to keep the claim, so
  a worker killed mid-send leaves a message that the next claim resumes where it stopped;
- an error is retried with a growing delay (``backoff``), up to ``MAX_ATTEMPTS``;
- a message about an article that is no longer public (unpublished, retracted, expired,
  deleted, a draft again) is not sent: it is marked "not sent", with why. One whose
  article is scheduled waits for it.
"""

import logging
from datetime import timedelta

from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from dateline.newsroom.models import Article
from dateline.newsroom.signals import article_changed

from .models import OutboxMessage

logger = logging.getLogger("dateline.reach")

LEASE = timedelta(seconds=60)
MAX_ATTEMPTS = 8
# How long one call of send_due may keep the worker (it is called twice a second).
BUDGET_SECONDS = 20.0

CHANNELS = {}


class NotPublic(Exception):
    """The message's article is not public (any more): it must not go out."""


class Channel:
    """One way of reaching readers. Subclasses set ``name`` and ``label``, queue messages in
    ``article_changed`` and send them in ``deliver``."""

    name = ""
    label = ""

    def article_changed(self, article, action):
        """Queue what this change calls for (``enqueue``); called in its transaction."""

    def needs_public_article(self, message):
        """Whether ``message`` may only go out while its article is public (a deletion of a
        channel post is the exception)."""
        return message.article_ref is not None

    def deliver(self, message):
        """Send ``message`` (or the rest of it); return True once all of it is out."""
        raise NotImplementedError

    # A channel that can tell how many readers a send reaches defines
    # ``audience(edition, action) -> int``: "Send out" shows it before it asks to confirm.


def register(channel):
    CHANNELS[channel.name] = channel
    return channel


def enqueue(channel, key, *, edition, article=None, action="publish", payload=None,
            due_at=None):
    """Queue one message unless one with ``key`` is queued already (then return that one).

    Call it inside the transaction of the change that calls for it."""
    values = {"edition": edition, "article": article, "action": action,
              "article_ref": article.pk if article else None,
              "payload": payload or {}, "due_at": due_at or timezone.now()}
    try:
        with transaction.atomic():
            return OutboxMessage.objects.create(channel=channel, key=key, **values)
    except IntegrityError:
        return OutboxMessage.objects.get(channel=channel, key=key)


# -- hearing the newsroom -----------------------------------------------------------------

def _article_changed(sender, instance, action, **kwargs):
    for channel in list(CHANNELS.values()):
        channel.article_changed(instance, action)


def connect():
    article_changed.connect(_article_changed, dispatch_uid="dateline-reach-outbox")


# -- sending ------------------------------------------------------------------------------

def backoff(attempts):
    """Delay before the next try after ``attempts`` failed ones: 5 s, 10 s, 20 s, ... 1 h."""
    return timedelta(seconds=min(5 * 2 ** max(attempts - 1, 0), 3600))


def _due(now):
    return (OutboxMessage.objects
            .filter(state=OutboxMessage.State.PENDING, due_at__lte=now,
                    channel__in=list(CHANNELS))
            .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
            .order_by("due_at", "id"))


def claim(now=None):
    """Take the next due message for ``LEASE``, or None. On PostgreSQL two workers skip each
    other's rows; on SQLite write transactions take turns (BEGIN IMMEDIATE)."""
    now = now or timezone.now()
    if not _due(now).exists():
        return None  # a plain read: no write lock taken twice a second for nothing
    with transaction.atomic():
        due = _due(now)
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        message = due.first()
        if message is None:
            return None
        message.claimed_until = now + LEASE
        message.save(update_fields=["claimed_until"])
    return message


def hold(message):
    """Keep the claim on ``message`` (a channel sending in parts calls it between parts)."""
    message.claimed_until = timezone.now() + LEASE
    OutboxMessage.objects.filter(pk=message.pk).update(claimed_until=message.claimed_until)


def check_public(message):
    """Raise NotPublic unless the message's article is published; return a time to wait
    until when it is scheduled and not yet out."""
    if message.article_ref is None:
        return None
    if message.article_id is None:
        raise NotPublic("the article was deleted")
    if Article.objects.published().filter(pk=message.article_id).exists():
        return None
    article = Article.objects.filter(pk=message.article_id).first()
    go_live = article and article.scheduled_revision and article.go_live_at
    if go_live and not article.retracted_at:
        return max(go_live, timezone.now() + timedelta(seconds=1))
    if article and article.live and article.embargo_until and article.embargo_until > timezone.now():
        return article.embargo_until  # published under embargo: it goes when that lifts
    raise NotPublic("the article is not public")


def _finish(message, **fields):
    fields["claimed_until"] = None
    for name, value in fields.items():
        setattr(message, name, value)
    OutboxMessage.objects.filter(pk=message.pk).update(**fields)


def send(message):
    """Send one claimed message as its channel says; record how it went."""
    channel = CHANNELS[message.channel]
    try:
        if channel.needs_public_article(message):
            wait_until = check_public(message)
            if wait_until:
                _finish(message, due_at=wait_until)
                return
        done = channel.deliver(message)
    except NotPublic as refusal:
        _finish(message, state=OutboxMessage.State.CANCELLED, last_error=str(refusal))
        logger.info("not sending %s: %s", message, refusal)
        return
    except Exception as error:  # any failure of a send is retried, then reported on the desk
        attempts = message.attempts + 1
        failed = attempts >= MAX_ATTEMPTS
        _finish(message, attempts=attempts, last_error=f"{type(error).__name__}: {error}",
                due_at=timezone.now() + backoff(attempts),
                state=OutboxMessage.State.FAILED if failed else OutboxMessage.State.PENDING)
        logger.warning("sending %s failed (attempt %s): %s", message, attempts, error)
        return
    if done:
        _finish(message, state=OutboxMessage.State.SENT, sent_at=timezone.now())
        logger.info("sent %s", message)
    else:
        _finish(message)  # more to send: due again at once


def send_due(budget=BUDGET_SECONDS):
    """Send what is due, for up to ``budget`` seconds; return how many messages were handled."""
    started = timezone.now()
    handled = 0
    while (timezone.now() - started).total_seconds() < budget:
        message = claim()
        if message is None:
            break
        send(message)
        handled += 1
    return handled


def overdue(now=None, after=timedelta(minutes=5)):
    """Messages that should have gone out more than ``after`` ago and have not."""
    now = now or timezone.now()
    return OutboxMessage.objects.filter(state=OutboxMessage.State.PENDING,
                                        due_at__lte=now - after)
