"""Scheduled publishing and expiry, run by ``dateline worker``.

Each due item is claimed inside its own transaction with a row lock (``SELECT ... FOR
UPDATE`` on PostgreSQL; on SQLite every write transaction starts with ``BEGIN
IMMEDIATE``, which serializes writers), and its state is checked again after the lock is
held. So when two workers see the same item, the second finds it already done and skips
it: each item is published exactly once. Anything due in the past is due now, so a worker
that was down catches up on its first run.
"""

import logging
import socket
import time
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import close_old_connections, transaction
from django.db.models import F
from django.utils import timezone
from wagtail.models import Revision

from .actions import PublishAction, UnpublishAction
from .models import Article, Edition, WorkerHeartbeat
from .signals import announce

logger = logging.getLogger("dateline.worker")

# A scheduled item this late is shown to editors as overdue.
OVERDUE_AFTER_SECONDS = 60
# How far back a worker's first look for articles that appeared by themselves reaches
# (later looks reach back to the one before).
FIRST_LOOK_BACK = timedelta(hours=1)

# More work for each tick, registered by other apps in their ready() (newsroom imports
# none of them): callables without arguments, run after publishing and expiry; an error
# in one is logged and does not stop the others or the tick.
WORKER_TASKS = []
# Work that cannot wait for the next tick (the outbox: a breaking push goes out within a
# second), run twice a second while the worker sleeps between ticks, and at every tick.
FAST_TASKS = []


def _article_revisions():
    return Revision.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Article, for_concrete_model=True)
    )


def publish_due(now=None):
    """Publish every scheduled article revision whose time has come; return their ids."""
    now = now or timezone.now()
    due = list(
        _article_revisions()
        .filter(approved_go_live_at__lte=now)
        .order_by("approved_go_live_at", "id")
        .values_list("id", flat=True)
    )
    published = []
    for revision_id in due:
        with transaction.atomic():
            revision = (
                _article_revisions()
                .select_for_update()
                .filter(id=revision_id, approved_go_live_at__isnull=False)
                .first()
            )
            if revision is None:
                continue  # another worker got there first
            # Clear the schedule before publishing: the go-live time is now.
            revision.approved_go_live_at = None
            revision.save(update_fields=["approved_go_live_at"])
            # The schedule was approved by whoever scheduled it: no user acts now.
            PublishAction(revision.as_object(), revision=revision,
                          log_action="wagtail.publish.scheduled").execute()
            published.append(int(revision.object_id))
            logger.info("published article %s (revision %s)", revision.object_id, revision.id)
    return published


def unpublish_expired(now=None):
    """Unpublish every live article whose expiry time has passed; return their ids."""
    now = now or timezone.now()
    due = list(
        Article.objects.filter(live=True, expire_at__lte=now).values_list("id", flat=True)
    )
    expired = []
    for article_id in due:
        with transaction.atomic():
            article = (
                Article.objects.select_for_update()
                .filter(id=article_id, live=True, expire_at__lte=now)
                .first()
            )
            if article is None:
                continue
            UnpublishAction(article, kind="expire",
                            log_action="wagtail.unpublish.scheduled").execute()
            expired.append(article_id)
            logger.info("unpublished expired article %s", article_id)
    return expired


class LastLook:
    """When a worker last looked for something the clock brings about with no action to
    announce it (an embargo lifting, a scheduled live entry): the next look reaches back to
    it. It is this process's own: a worker that starts, or whose clock was set back,
    looks back ``FIRST_LOOK_BACK``; two workers both announce (a purge, a reindex or a
    ping twice do no harm)."""

    def __init__(self):
        self.until = None

    def since(self, now):
        return self.until if self.until and self.until <= now else now - FIRST_LOOK_BACK


appeared_look = LastLook()


def announce_appeared(now=None):
    """Announce (``appear``) the articles that became visible by themselves since the last
    look: an embargo that lifted, or a first publication time ahead of the publish (an
    import can date an article so). No action runs then, yet the lists that show them must
    be purged and the feeds that carry them pinged. Returns their ids."""
    now = now or timezone.now()
    since = appeared_look.since(now)
    appeared = []
    for edition in Edition.objects.all():  # one index range per edition
        visible = Article.objects.published(now).filter(edition=edition).select_related("edition")
        appeared += (visible.filter(first_published_at__gt=since)
                     .filter(first_published_at__gt=F("last_published_at")))
        appeared += visible.filter(embargo_until__gt=since)
    for article in appeared:
        with transaction.atomic():
            announce(article, "appear")
        logger.info("article %s appeared (its embargo or its publication time came)", article.pk)
    appeared_look.until = now
    return [article.pk for article in appeared]


def overdue(now=None):
    """Articles whose scheduled publication is more than a minute late, oldest first."""
    now = now or timezone.now()
    limit = now - timezone.timedelta(seconds=OVERDUE_AFTER_SECONDS)
    revisions = _article_revisions().filter(approved_go_live_at__lte=limit)
    ids = revisions.values_list("object_id", flat=True)
    return Article.objects.filter(pk__in=[int(pk) for pk in ids]).order_by("go_live_at")


def heartbeat(name=None, now=None):
    WorkerHeartbeat.objects.update_or_create(
        name=name or socket.gethostname(), defaults={"beat_at": now or timezone.now()}
    )


def last_heartbeat():
    beat = WorkerHeartbeat.objects.order_by("-beat_at").first()
    return beat.beat_at if beat else None


def run_once():
    published = publish_due()
    expired = unpublish_expired()
    _run([announce_appeared, *WORKER_TASKS, *FAST_TASKS])
    heartbeat()
    return published, expired


def _run(tasks):
    for task in list(tasks):
        try:
            task()
        except Exception:
            logger.exception("worker task %s failed", getattr(task, "__qualname__", task))


def run_forever(interval=None, stop=lambda: False):
    """The worker loop. Errors are logged and retried at the next tick, never fatal."""
    interval = interval or settings.DATELINE_WORKER_INTERVAL
    logger.info("worker started; checking every %s s", interval)
    while not stop():
        started = time.monotonic()
        try:
            close_old_connections()
            run_once()
        except Exception:
            logger.exception("worker tick failed; retrying in %s s", interval)
        # Sleep in short steps so that a stop request ends the loop promptly.
        while not stop() and time.monotonic() - started < interval:
            time.sleep(min(0.5, interval))
            if FAST_TASKS:
                close_old_connections()
                _run(FAST_TASKS)


def worker_is_silent(beat, now=None):
    """True when no worker has checked in for three of its intervals (or ever)."""
    now = now or timezone.now()
    return beat is None or (now - beat).total_seconds() > 3 * settings.DATELINE_WORKER_INTERVAL + 5
