"""Keeping the index: how the queue is drained."""

import pytest
from django.db import connection

from dateline.search import indexing
from dateline.search.models import PendingIndex, SearchDocument


@pytest.mark.django_db(transaction=True)
def test_the_thread_commits_each_batch_on_its_own(write, monkeypatch):
    """The thread after a commit drains the queue batch by batch, each batch its own
    transaction, not one transaction round the whole queue (a million articles after a
    migration or a rebuild would hold their locks for minutes)."""
    articles = [write(f"Grain corridor report {number}", "Ships sail.") for number in range(3)]
    SearchDocument.objects.all().delete()
    PendingIndex.objects.bulk_create([PendingIndex(article_id=a.pk) for a in articles])
    depths = []
    index_articles = indexing.index_articles

    def recording(ids):
        depths.append(len(connection.savepoint_ids))
        return index_articles(ids)

    monkeypatch.setattr(indexing, "index_articles", recording)

    assert indexing._drain_safely() == 3
    assert depths == [0]  # in the batch's own transaction, not a savepoint of a larger one
    assert not PendingIndex.objects.exists()
    assert SearchDocument.objects.count() == 3
