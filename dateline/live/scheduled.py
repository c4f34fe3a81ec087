"""Entries scheduled ahead come out by the clock, with no action to announce them: the
worker's tick announces their articles (``entry``), as the live actions do, so that
whatever listens (the search index, the WebSub ping of the coverage's feed, the page
cache) hears of them. Pages that show them were already cached only until their time
(``reading.changes_at``)."""

import logging

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from dateline.newsroom.models import Article
from dateline.newsroom.scheduling import LastLook
from dateline.newsroom.signals import announce

from .models import Entry

logger = logging.getLogger("dateline.live")

entries_look = LastLook()


def announce_due_entries(now=None):
    """Announce the articles whose scheduled entries came out since the last look; return
    their ids."""
    now = now or timezone.now()
    since = entries_look.since(now)
    # Scheduled: last changed before its time (one posted now was announced as posted).
    due = (Entry.objects.public(now).filter(posted_at__gt=since, changed_at__lt=F("posted_at"))
           .values_list("article_id", flat=True).distinct())
    articles = list(Article.objects.published(now).filter(pk__in=list(due))
                    .select_related("edition"))
    for article in articles:
        with transaction.atomic():
            announce(article, "entry")
        logger.info("scheduled entries of article %s came out", article.pk)
    entries_look.until = now
    return [article.pk for article in articles]
