"""The worker's part: purge for articles that become visible with no action to say so."""

from datetime import timedelta

from django.db.models import F
from django.utils import timezone

from . import keys
from .invalidation import purge

# How far back the first pass of a worker looks (later passes look back to the last one).
FIRST_LOOK_BACK = timedelta(hours=1)

_checked_until = None


def purge_newly_visible(now=None):
    """Articles published with a first publication time ahead of the publish (an import
    can date them so) appear when that time comes, and nothing announces it: purge what
    they join. Returns their ids."""
    global _checked_until
    from dateline.newsroom.models import Article, Edition

    now = now or timezone.now()
    since = _checked_until or now - FIRST_LOOK_BACK
    found = []
    for edition in Edition.objects.all():  # one index range per edition
        found += (Article.objects.published(now)
                  .filter(edition=edition, first_published_at__gt=since)
                  .filter(first_published_at__gt=F("last_published_at"))
                  .select_related("edition"))
        # An embargo that lifted: the article appears, and nothing announces it either.
        found += (Article.objects.published(now)
                  .filter(edition=edition, embargo_until__gt=since)
                  .select_related("edition"))
    for article in found:
        purge(keys.keys_for_article(article))
    _checked_until = now
    return [article.pk for article in found]
