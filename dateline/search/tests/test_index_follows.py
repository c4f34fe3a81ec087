"""The index follows every change, whoever makes it: publish, a published correction,
unpublish, retract, delete, ingest; public search shows only what is published at the
moment of the search, whatever the index holds."""

import time

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import override_settings

from dateline.ingest.importer import Ingester
from dateline.ingest.tests.samples import ninjs_document, story
from dateline.newsroom import actions, edits
from dateline.newsroom.models import Article
from dateline.search import indexing
from dateline.search.models import PendingIndex, SearchDocument
from dateline.search.reading import find

pytestmark = pytest.mark.django_db


def _public(text):
    return list(find(Article.objects.published(), text).values_list("pk", flat=True))


def _anywhere(text):
    return list(find(Article.objects.all(), text).values_list("pk", flat=True))


def test_a_published_edit_replaces_the_old_words(write, editor):
    """After a correction is published, the new words find it and the old ones do not."""
    article = write("Zq ceasefire talks in Geneva", "Delegates arrive.")
    assert _public("Geneva") == [article.pk]
    actions.EditArticleAction(article, edits.Changes(fields={"headline": "Zq talks in Istanbul",
                                                             "lead": "Moved."}),
                              user=editor, publish=True).execute()
    assert _public("Istanbul") == [article.pk]
    assert _public("Geneva") == []


def test_unpublished_and_retracted_articles_leave_public_search_at_once(write, editor, chief):
    """The index may still hold them (the desk finds them); public search does not."""
    gone = write("Zq unpublished bridge story", "Text.")
    retracted = write("Zq retracted bridge story", "Text.")
    actions.UnpublishAction(gone, user=editor).execute()
    actions.RetractAction(retracted, note="Wrong.", user=chief).execute()
    assert _public("bridge") == []
    assert set(_anywhere("bridge")) == {gone.pk, retracted.pk}


def test_a_deleted_article_leaves_the_index(write):
    """Deleting the article deletes its entry: nothing of it is left to match."""
    article = write("Zq deleted harbour story", "Text.")
    pk = article.pk
    actions.UnpublishAction(article).execute()
    Article.objects.get(pk=pk).delete()
    assert not SearchDocument.objects.filter(article_id=pk).exists()
    assert _anywhere("harbour") == []
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM search_fts WHERE rowid = %s", [pk])
            assert cursor.fetchone()[0] == 0


def test_ingested_articles_are_found_by_their_words(global_edition):
    """A wire story ingested and published is searchable like any other."""
    document = ninjs_document([story(7, headline="Zq wire: grain ships leave Odesa",
                                     lead="Three ships left.")])
    Ingester(global_edition, publish=True).ingest_bytes(document, origin="test")
    assert [a.headline for a in Article.objects.filter(pk__in=_public("ship"))] == [
        "Zq wire: grain ships leave Odesa"]


def test_a_save_with_the_same_words_writes_nothing(write):
    """The fingerprint spares the index a rewrite when the searchable text did not change."""
    article = write("Zq unchanged words", "Text.")
    indexed_at = SearchDocument.objects.get(article=article).indexed_at
    Article.objects.get(pk=article.pk).save()
    assert SearchDocument.objects.get(article=article).indexed_at == indexed_at


def test_the_worker_indexes_what_was_queued_and_nothing_twice(write):
    """What a failed or interrupted indexing left queued is indexed by the worker's pass,
    and the queue is empty after."""
    article = write("Zq queued lighthouse story", "Text.")
    SearchDocument.objects.filter(article=article).delete()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_fts WHERE rowid = %s", [article.pk])
    PendingIndex.objects.create(article_id=article.pk)
    assert _public("lighthouse") == []
    assert indexing.catch_up() == 1
    assert _public("lighthouse") == [article.pk]
    assert not PendingIndex.objects.exists()
    assert indexing.catch_up() == 0


def test_rebuild_indexes_every_article_again(write, make_draft):
    """``search_index rebuild`` empties the index and indexes every article, drafts too."""
    published = write("Zq rebuilt meadow story", "Text.")
    draft = make_draft("Zq rebuilt meadow draft")
    indexing.queue_everything()
    assert not SearchDocument.objects.exists() and PendingIndex.objects.count() == 2
    assert indexing.drain() == 2
    assert set(_anywhere("meadow")) == {published.pk, draft.pk}
    assert indexing.status()["queued"] == 0


@pytest.mark.django_db(transaction=True)
@override_settings(DATELINE_SEARCH_INDEXING="thread")
def test_in_production_a_publish_is_indexed_after_the_commit_within_two_seconds(write):
    """The saving request does not index; a thread does it after the commit, in time."""
    article = write("Zq threaded orchard story", "Text.")
    deadline = time.monotonic() + 2
    while _public("orchard") != [article.pk]:
        assert time.monotonic() < deadline, "not searchable within 2 s"
        time.sleep(0.05)
    # The draft's own save was indexed already (same words), so the article can be found
    # the moment its publish commits, just before the thread takes the publish's turn
    # (after the draft's, which loads the dictionaries first in a fresh process).
    deadline = time.monotonic() + 5
    while PendingIndex.objects.filter(article_id=article.pk).exists():
        assert time.monotonic() < deadline, "still queued 5 s after it was searchable"
        time.sleep(0.05)


def test_a_search_page_cached_before_the_index_took_the_words_is_purged_after(write, client):
    """The news is purged at the commit, the index takes the words just after: a reader
    who searched in between is not shown that stale page once the index has them."""
    with indexing.deferred():  # the moment between the commit and the indexing
        article = write("Zq quince orchard reopens", "Text.")
    def found():
        response = client.get("/global/search/", {"q": "quince"})
        text = BeautifulSoup(response.content, "html.parser").select(".results")
        return response, " ".join(result.get_text() for result in text)

    assert "quince orchard" not in found()[1]
    cached, text = found()
    assert "Age" in cached and "quince orchard" not in text  # served from the page cache
    indexing.queue([article.pk])
    assert "Zq quince orchard reopens" in found()[1]


def test_a_rebuild_shared_by_processes_gives_each_its_own_articles(write):
    """``drain(shard=(k, n))`` takes only ids k modulo n: side by side, no article twice."""
    articles = [write(f"Zq sharded story {n}", "Text.") for n in range(4)]
    indexing.queue_everything()
    assert indexing.drain(shard=(0, 2)) == sum(1 for a in articles if a.pk % 2 == 0)
    assert set(PendingIndex.objects.values_list("article_id", flat=True)) == {
        a.pk for a in articles if a.pk % 2 == 1}
    assert indexing.drain(shard=(1, 2)) == 2 and not PendingIndex.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_rebuild_command_indexes_in_forked_processes_of_the_same_database(write, make_draft):
    """``search_index rebuild --workers 2``: the children are forked, so they index this
    process's database (a test's, here) whatever the environment names; every article is
    indexed once and the queue is empty after."""
    from io import StringIO

    from django.core.management import call_command

    articles = [write(f"Zq forked lantern story {n}", "Text.") for n in range(5)]
    articles.append(make_draft("Zq forked lantern draft"))
    SearchDocument.objects.all().delete()
    out = StringIO()
    call_command("search_index", "rebuild", "--workers", "2", "--batch-size", "2", stdout=out)
    assert set(_anywhere("lantern")) == {article.pk for article in articles}
    assert not PendingIndex.objects.exists()
    assert f"{len(articles)}/{len(articles)} articles" in out.getvalue()
    assert out.getvalue().rstrip().endswith("0 queued")
