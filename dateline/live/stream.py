"""What an open page of live coverage asks for: the newest entries, and which are gone.

Every reader of one article asks for the same thing at the same address (no cursor, no
reader's state in the URL), so one rendering serves them all: the page cache and Varnish
keep it until an entry changes (the actions purge the article's key) and a CDN that only
expires by time keeps it ``STREAM_MAX_AGE`` seconds at most. The reader's page compares
what it shows with the answer: entries it lacks are added, entries whose ``changed``
differs are replaced, and entries listed in ``gone`` (deleted) are removed, however long
ago they were loaded.
"""

from datetime import timedelta

from django.template.loader import render_to_string
from django.utils import timezone

from . import reading
from .models import Entry

STREAM_SIZE = 30
# How long a shared cache without purges may keep the stream: what readers of a CDN that
# cannot be purged wait at most, beyond their next poll (every 2-2.5 s, updates.js).
STREAM_MAX_AGE = 2
MAX_GONE = 500


def payload(article, edition, now=None):
    """The stream of ``article`` as JSON-ready data, and until when it holds."""
    now = now or timezone.now()
    page = reading.entries_page(article, now=now, size=STREAM_SIZE)
    gone = list(article.live_entries.filter(status=Entry.Status.DELETED)
                .order_by("-changed_at").values_list("pk", flat=True)[:MAX_GONE])
    data = {
        "article": article.pk,
        "open": not page.ended,
        "entries": [{"id": entry.pk, "changed": entry.changed_at.isoformat(),
                     "html": render_to_string("live/entry.html",
                                              {"entry": entry, "edition": edition})}
                    for entry in page.entries],
        "gone": gone,
    }
    # A shared cache without purges keeps it STREAM_MAX_AGE at most; the clock alone
    # changes it sooner when a scheduled entry comes out or the coverage ends.
    moments = [now + timedelta(seconds=STREAM_MAX_AGE), page.changes_at]
    return data, min(moment for moment in moments if moment is not None)
