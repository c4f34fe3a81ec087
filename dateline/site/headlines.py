"""Articles as lists show them: a headline, a time, labels and a link.

A feed page shows 40 of them, an article page 46 (the feed beside it and "Read also").
Building an ``Article`` for each (a clusterable model with deferred columns) cost more
than the query that read them, so lists read a few columns into ``Headline`` instead.
"""

from dateline.caching import memo
from dateline.newsroom import dates
from dateline.newsroom.addresses import article_path
from dateline.newsroom.models import Article

COLUMNS = ("pk", "headline", "slug", "first_published_at", "updated_at", "expire_at", "kind",
           "coverage_ended_at")


class Headline:
    __slots__ = (*COLUMNS, "edition", "shown_labels")

    def __init__(self, edition, pk, headline, slug, first_published_at, updated_at, expire_at,
                 kind, coverage_ended_at):
        self.edition = edition
        self.pk, self.headline, self.slug = pk, headline, slug
        self.first_published_at, self.updated_at, self.expire_at = (
            first_published_at, updated_at, expire_at)
        self.kind, self.coverage_ended_at = kind, coverage_ended_at
        self.shown_labels = ()

    def __repr__(self):
        return f"<Headline {self.pk}: {self.headline}>"

    def get_absolute_url(self):
        return article_path(self.edition, self.slug)

    def coverage_open(self, now=None):
        """Live coverage not ended by ``now``: the item carries the "Live" badge."""
        return Article.coverage_open(self, now)

    @property
    def is_live_coverage(self):
        return self.kind == Article.Kind.LIVE

    @property
    def badge_until(self):
        """When the item's "Live" badge goes by the clock alone (a list showing it is good
        until then), or None."""
        return self.coverage_ended_at if self.coverage_open() else None

    @property
    def iso_time(self):
        return dates.iso(self.first_published_at, self.edition)

    @property
    def local_time(self):
        return dates.local_time(self.first_published_at, self.edition)


def headlines(queryset, edition):
    """The headlines of ``queryset`` (articles of ``edition``), in its order."""
    return [Headline(edition, *row) for row in queryset.values_list(*COLUMNS)]


def with_labels(found, edition):
    """Give each headline ``shown_labels``, by name: one query on the link table; the labels
    themselves come from memory (``caching.memo``)."""
    labels = memo.labels(edition)
    shown = {}
    for article_id, label_id in (Article.labels.through.objects
                                 .filter(article_id__in=[h.pk for h in found])
                                 .values_list("article_id", "label_id")):
        if label_id in labels:
            shown.setdefault(article_id, []).append(labels[label_id])
    for headline in found:
        if headline.pk in shown:
            headline.shown_labels = sorted(shown[headline.pk], key=lambda label: label.name)
    return found
