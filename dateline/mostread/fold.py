"""The worker's part of Most read: fold the hourly counts into each edition's top list.

At most every ``FOLD_EVERY`` seconds, for each edition, the most read published stories of
the last ``WINDOW`` (one grouped query over the hourly rows of that window: an index range
on ``hour``) become its ``TopList``. Only a list that differs from the one before is
written, and its creation is announced (``furniture_changed``, ``create``), which purges
the home page of that edition alone (``keys.listing("toplists", edition)``): the home page
is purged for Most read no more often than every ``FOLD_EVERY`` seconds. Rows older than
``KEEP`` go.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from dateline.newsroom.models import Article, Edition
from dateline.newsroom.signals import furniture_changed

from .models import HourlyReads, TopList

FOLD_EVERY = timedelta(minutes=5)
WINDOW = timedelta(hours=24)
KEEP = timedelta(hours=48)
# The list keeps a few more than the page shows: a story taken off the site leaves it at
# once (the page reads the list through ``published()``) and the next one takes its place.
LIST_LENGTH = 10


# When this worker last folded: a list that did not change writes no row, so the rows
# cannot tell (the worker would fold at every tick while the ranking holds still).
last_fold = None


def fold_when_due(now=None):
    """The worker task: ``fold`` once ``FOLD_EVERY`` has passed since this worker's last
    fold (at once in a worker that starts, or whose clock was set back)."""
    global last_fold
    now = now or timezone.now()
    if last_fold is None or last_fold > now or now - last_fold >= FOLD_EVERY:
        fold(now)
        last_fold = now


def ranking(edition, now):
    """Ids of the edition's published stories, most read in the ``WINDOW`` before ``now``
    first: the rows of the window (the ``mostread_hour`` index), grouped by story."""
    return (HourlyReads.objects.filter(
        hour__gt=now - WINDOW, article__in=Article.objects.published(now).filter(edition=edition))
        .values("article_id").annotate(reads=Sum("count"))
        .order_by("-reads", "-article_id").values_list("article_id", flat=True))


def fold(now=None):
    """Decide each edition's list now; return the editions whose list changed."""
    now = now or timezone.now()
    changed = []
    for edition in Edition.objects.all():
        ranked = list(ranking(edition, now)[:LIST_LENGTH])
        held = (TopList.objects.filter(edition=edition).order_by("-decided_at")
                .values_list("article_ids", flat=True).first())
        if held == ranked or (held is None and not ranked):
            continue
        with transaction.atomic():
            made = TopList.objects.create(edition=edition, decided_at=now, article_ids=ranked)
            TopList.objects.filter(edition=edition).exclude(pk=made.pk).delete()
            furniture_changed.send(sender=TopList, instance=made, action="create")
        changed.append(edition)
    HourlyReads.objects.filter(hour__lt=now - KEEP).delete()
    return changed
