"""What readers see of a live article: its public entries a page at a time, its key events,
and the next moment that picture changes by the clock alone.

A page holds the pinned entries on top, then the others newest first, ``PAGE_SIZE`` at a
time; "Older entries" names the last entry shown (``newsroom.cursors.Cursor``: its time and
id), so the next page starts right after it whatever was posted meanwhile. Older pages hold
no pinned entries: those stay on top of the first. Every read is one bounded query, so an
article of 2,000 entries reads as fast as one of ten.

Only public entries (``Entry.objects.public``) are read; the caller decides that the
article itself is visible. Nothing here writes.
"""

from dataclasses import dataclass
from functools import cached_property

from django.db.models import Q
from django.utils import timezone

from dateline.newsroom.cursors import Cursor

from . import text
from .models import Entry

# A reader's page: 20 entries keep a page of 2,000-entry coverage as quick to render as an
# ordinary article (docs/live.md); open pages get the new ones by themselves. Feeds and
# the API carry more for the machines that read them.
PAGE_SIZE = 20
FEED_SIZE = 50
KEY_EVENTS = 30


@dataclass
class LivePage:
    entries: list
    older: Cursor | None  # the cursor of the next (older) page, if any
    changes_at: object  # the next moment the page changes by itself (datetime or None)
    ended: bool
    article: object = None
    now: object = None

    @cached_property
    def key_events(self):
        """Read only by the pages that show them (not the stream, feeds or API): their
        time and stored summary, not their text."""
        events = (Entry.objects.public(self.now).filter(article=self.article, key_event=True)
                  .only("id", "article_id", "posted_at", "summary")
                  .order_by("-posted_at", "-id"))
        return _of(self.article, list(events[:KEY_EVENTS]))

    @property
    def shown_ids(self):
        return {entry.pk for entry in self.entries}


def _of(article, entries):
    """The entries with their article set from ``article``: the template links to it,
    and no entry reads it again."""
    for entry in entries:
        entry.article = article
    return entries


def entries_page(article, before=None, now=None, size=PAGE_SIZE):
    """One page of ``article``'s public entries: the first (pinned on top), or the one
    after the ``before`` cursor."""
    now = now or timezone.now()
    public = Entry.objects.public(now).filter(article=article).named()
    if before is None:
        rows = list(public.newest_first()[:size + 1])
    else:
        rows = list(public.filter(Q(posted_at__lt=before.time) | Q(id__lt=before.pk),
                                  posted_at__lte=before.time, pinned=False)
                    .order_by("-posted_at", "-id")[:size + 1])
    more, rows = len(rows) > size, rows[:size]
    return LivePage(
        entries=_of(article, rows),
        older=Cursor(rows[-1].posted_at, rows[-1].pk) if more else None,
        changes_at=changes_at(article, now),
        ended=not article.coverage_open(now),
        article=article,
        now=now,
    )


def text_of(entry):
    return text.text_of(entry.body)


def changes_at(article, now):
    """When the page changes with no one touching it: the coverage ends (the "Live" badge
    goes) or the next scheduled entry comes out."""
    moments = list(Entry.objects.filter(article=article, status=Entry.Status.PUBLISHED,
                                        posted_at__gt=now)
                   .order_by("posted_at").values_list("posted_at", flat=True)[:1])
    if article.coverage_open(now) and article.coverage_ended_at:
        moments.append(article.coverage_ended_at)
    return min(moments) if moments else None


def public_entry(article, pk, now=None):
    """The entry ``pk`` of ``article`` when readers may see it, else None."""
    entry = Entry.objects.public(now).filter(article=article, pk=pk).named().first()
    return _of(article, [entry])[0] if entry else None
