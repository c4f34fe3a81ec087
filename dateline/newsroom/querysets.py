from django.db import models
from django.db.models import Q
from django.utils import timezone


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None):
        """The one definition of “readers may see it”, used by every public place.

        Live, first published no later than ``now``, not expired and not retracted.
        """
        now = now or timezone.now()
        return self.filter(
            Q(expire_at__isnull=True) | Q(expire_at__gt=now),
            live=True,
            first_published_at__lte=now,
            retracted_at__isnull=True,
        )

    def newest_first(self):
        return self.order_by("-first_published_at", "-id")

    def for_listing(self):
        """What a list of headlines needs, fetched in a constant number of queries."""
        return self.select_related("edition", "section").prefetch_related("labels", "updates")
