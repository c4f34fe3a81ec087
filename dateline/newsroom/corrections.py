"""An edition's corrections and clarifications in the open: what its corrections page and
feed list, newest first by the note's time, read by cursor (``cursors.Cursor`` on the
note's time and id).

Only notes of articles readers may see (``published()``) are listed: a note on a draft,
a scheduled, expired, unpublished or retracted article never is. A retracted article is
not public at all (its address is a 404, like an unpublished one), so a retraction is not
listed either: there is no page to say it on. Update notes (new facts) are not
corrections and stay on their article only.
"""

from django.db.models import Exists, OuterRef, Q

from .cursors import Cursor
from .models import Article, ArticleUpdate

PAGE_SIZE = 40


def corrections_of(edition, before=None):
    """The edition's public corrections and clarifications, newest first, with their
    articles; with ``before`` = (time, id), only those after that note."""
    # Read from the notes' time index, each note's article checked by its key: an
    # ``article__in`` list would first read every published article of the edition.
    public = Article.objects.published().filter(pk=OuterRef("article_id"), edition=edition)
    notes = ArticleUpdate.objects.filter(Exists(public), kind__in=ArticleUpdate.CORRECTIONS)
    if before is not None:
        time, pk = before
        notes = notes.filter(Q(noted_at__lt=time) | Q(id__lt=pk), noted_at__lte=time)
    return notes.select_related("article", "article__edition").order_by("-noted_at", "-id")


def page_of(edition, cursor=None, size=None):
    """(notes, the cursor of the next page or None)."""
    size = size or PAGE_SIZE
    notes = list(corrections_of(edition, cursor.as_before() if cursor else None)[:size + 1])
    more = len(notes) > size
    notes = notes[:size]
    return notes, Cursor(notes[-1].noted_at, notes[-1].pk) if more else None
