from django.db import models
from django.db.models import Q
from django.utils import timezone


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None):
        """The one definition of “readers may see it”, used by every public place.

        Live, first published no later than ``now``, not under embargo, not expired and not
        retracted.
        """
        now = now or timezone.now()
        return self.filter(
            Q(expire_at__isnull=True) | Q(expire_at__gt=now),
            Q(embargo_until__isnull=True) | Q(embargo_until__lte=now),
            live=True,
            first_published_at__lte=now,
            retracted_at__isnull=True,
        )

    def newest_first(self, before=None):
        """Newest first; with ``before`` = (time, id), only what comes after that item.

        The cursor condition keeps ``first_published_at <= time`` as a plain range so the
        index is still read as one range; the OR only drops the ties at ``time``.
        """
        queryset = self
        if before is not None:
            time, pk = before
            queryset = queryset.filter(Q(first_published_at__lt=time) | Q(id__lt=pk),
                                       first_published_at__lte=time)
        return queryset.order_by("-first_published_at", "-id")

    # Lists of one tag or one author are read through the link table in the order of its
    # index (tag or author, published_at, article): a range scan however long the list.
    # Every condition on the link goes into one filter() so that it stays one join.

    def tagged(self, tag, before=None):
        return self._through_link("tag_links", "tag", tag, before)

    def by_author(self, author, before=None):
        return self._through_link("author_links", "author", author, before)

    def _through_link(self, links, field, value, before):
        conditions, ties = {f"{links}__{field}": value}, Q()
        if before is not None:
            time, pk = before
            conditions[f"{links}__published_at__lte"] = time
            ties = Q(**{f"{links}__published_at__lt": time}) | Q(**{f"{links}__article_id__lt": pk})
        return self.filter(ties, **conditions).order_by(f"-{links}__published_at",
                                                        f"-{links}__article_id")
