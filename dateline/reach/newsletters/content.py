"""What a newsletter tells: the stories of a digest or of a breaking mail, read through
``published()`` only, as the items the mail templates show (headline, date line, labels,
lead, absolute link, an image with its size)."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Prefetch
from django.utils import timezone

from dateline.newsroom import dates
from dateline.newsroom.addresses import absolute, article_url
from dateline.newsroom.models import Article, FrontPage

DIGEST_STORIES = 10
DIGEST_WINDOW = timedelta(hours=24)
IMAGE_SPEC = "fill-600x338"


@dataclass
class Story:
    pk: int
    headline: str
    url: str
    date_line: str
    lead: str = ""
    labels: list = field(default_factory=list)
    image: dict | None = None


def _published(edition):
    return Article.objects.published().filter(edition=edition)


def digest_article_ids(edition, until=None):
    """The ids a digest sent at ``until`` lists: the front page's picks (top story first)
    published in the day before, then the newest other stories of that day."""
    until = until or timezone.now()
    day = _published(edition).filter(first_published_at__gt=until - DIGEST_WINDOW,
                                     first_published_at__lte=until)
    chosen = []
    front = FrontPage.objects.filter(edition=edition).first()
    if front is not None:
        picks = ([front.top_story_id] if front.top_story_id else []) + list(
            front.slots.values_list("article_id", flat=True))
        on_the_day = set(day.filter(pk__in=picks).values_list("pk", flat=True))
        chosen = [pk for pk in dict.fromkeys(picks) if pk in on_the_day]
    missing = DIGEST_STORIES - len(chosen)
    if missing > 0:
        chosen += list(day.exclude(pk__in=chosen).newest_first()
                       .values_list("pk", flat=True)[:missing])
    return chosen[:DIGEST_STORIES]


def stories(edition, ids, images=1):
    """The stories ``ids`` that are still published, in that order; the first ``images``
    of them with their picture."""
    articles = {article.pk: article for article in _published(edition).filter(pk__in=ids)
                .select_related("main_image")
                .prefetch_related(Prefetch("labels"))}
    ordered = [articles[pk] for pk in ids if pk in articles]
    return [_story(article, edition, with_image=n < images) for n, article in enumerate(ordered)]


def _story(article, edition, with_image):
    moment = article.first_published_at
    return Story(
        pk=article.pk, headline=article.headline, url=article_url(edition, article.slug),
        date_line=f"{dates.local_date(moment, edition)} {dates.local_time(moment, edition)}",
        lead=article.lead, labels=[label.name for label in article.labels.all()],
        image=_image(article) if with_image else None)


def _image(article):
    if article.main_image is None:
        return None
    try:
        rendition = article.main_image.get_rendition(IMAGE_SPEC)
    except Exception:  # a missing file leaves the picture out, never the mail  # noqa: BLE001
        return None
    return {"url": absolute(rendition.url), "width": rendition.width,
            "height": rendition.height, "alt": article.caption}
