from django.db import models
from django.utils.translation import gettext_lazy as _


class HourlyReads(models.Model):
    """How many times readers opened ``article`` in the hour that starts at ``hour``: the
    site's own count (no cookie, no address, no third party), written in batches by the
    web processes (``tally.py``), folded into ``TopList`` by the worker (``fold.py``)."""

    article = models.ForeignKey("newsroom.Article", on_delete=models.CASCADE, related_name="+")
    hour = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("reads in an hour")
        verbose_name_plural = _("reads in an hour")
        constraints = [models.UniqueConstraint(fields=["article", "hour"],
                                               name="mostread_one_row_an_hour")]
        indexes = [models.Index(fields=["hour"], name="mostread_hour")]

    def __str__(self):
        return f"{self.article_id} @ {self.hour:%Y-%m-%d %H}: {self.count}"


class TopList(models.Model):
    """An edition's most read stories of the last day, most read first, as the worker last
    decided them. A new list is a new row (older ones are removed): its creation is what
    purges the home page, and nothing else."""

    edition = models.ForeignKey("newsroom.Edition", on_delete=models.CASCADE, related_name="+")
    decided_at = models.DateTimeField()
    article_ids = models.JSONField(default=list)

    class Meta:
        verbose_name = _("most read list")
        verbose_name_plural = _("most read lists")
        indexes = [models.Index(fields=["edition", "-decided_at"], name="mostread_latest")]

    def __str__(self):
        return f"{self.edition_id} @ {self.decided_at:%Y-%m-%d %H:%M}"
