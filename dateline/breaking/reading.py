"""What the pages show of the banner (never writes)."""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from dateline.caching import keys, memo
from dateline.caching.shows import Until, register
from dateline.newsroom.models import Article

from .models import BreakingNews


@dataclass(frozen=True)
class Banner:
    article: Article
    until: datetime


# A page with the banner names its story (an unpublish purges the page) and is kept no
# longer than the banner shows.
register(Banner, lambda banner: [banner.article, Until(banner.until)])


def banner(edition, now=None):
    """The edition's ``Banner`` while it shows (its time not over, its story published),
    else None. Kept in the process until the banner changes (the edition's furniture) or
    a story of the edition changes (its news)."""
    now = now or timezone.now()
    found = memo.remembered(
        f"breaking-{edition.pk}", [keys.edition(edition.pk), keys.news(edition.pk)],
        lambda: _load(edition), still_good=lambda held: held is None or held.until > now)
    return found if found is not None and found.until > now else None


def _load(edition):
    row = BreakingNews.objects.filter(edition=edition).select_related("article").first()
    if row is None or not Article.objects.published().filter(pk=row.article_id).exists():
        return None
    return Banner(row.article, row.until)
