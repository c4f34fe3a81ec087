"""The search index's own tables (issue 14; Wagtail's shared index table mixes languages).

``SearchDocument`` says which article is indexed and from what text; the words themselves
live where each database searches fastest: on PostgreSQL in ``vector`` (a ``tsvector`` of
lemmas with a GIN index), on SQLite in the FTS5 table ``search_fts`` whose rowid is the
article's id (both made by migration 0001). ``PendingIndex`` is the queue of articles to
(re)index: a row written in the transaction that changes the article, drained after the
commit and by the worker, so a save never waits for the index and none is forgotten.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dateline.newsroom.models import Article


class SearchDocument(models.Model):
    article = models.OneToOneField(Article, primary_key=True, on_delete=models.CASCADE,
                                   related_name="search_document")
    # A digest of the indexed text: saving an article with the same words costs no write.
    fingerprint = models.CharField(max_length=32)
    indexed_at = models.DateTimeField(default=timezone.now)
    # The article's time (first published, else created), kept here so that a search can
    # read the newest matches first from this table's own indexes (``engines.best``).
    dated_at = models.DateTimeField(null=True, db_index=True)
    vector = SearchVectorField(null=True)  # PostgreSQL only; SQLite keeps words in FTS5

    class Meta:
        verbose_name = _("search document")

    def __str__(self):
        return f"search document of article {self.article_id}"


class PendingIndex(models.Model):
    article_id = models.BigIntegerField(primary_key=True)
    queued_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("article waiting for the search index")

    def __str__(self):
        return f"article {self.article_id}, queued {self.queued_at:%Y-%m-%d %H:%M:%S}"
