"""Most read: the site's own count of reads, kept without a write per page view.

A read is a beacon (``POST /reads``, the article's id as the body) counted in the process;
the tally goes to the hourly rows in one statement at most every ``FLUSH_EVERY`` seconds;
the worker folds the last day's rows into each edition's list, which the home page shows
through ``published()``. Junk is refused with a 4xx and counts nothing; no cookie is set.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dateline.mostread import fold, tally
from dateline.mostread.models import HourlyReads, TopList
from dateline.mostread.reading import key
from dateline.newsroom import actions
from dateline.newsroom.signals import furniture_changed

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_tally():
    tally.forget()
    yield
    tally.forget()


@pytest.fixture
def stories(make_published, global_edition):
    return [make_published(f"Story {n}") for n in range(7)]


def read(client, article_id, times=1):
    for _ in range(times):
        response = client.post("/reads", str(article_id), content_type="text/plain")
        assert response.status_code == 204, response.status_code
        assert not response.cookies
    return response


def writes(queries):
    return [q["sql"] for q in queries.captured_queries
            if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]


def test_reads_cost_no_write_until_the_tally_is_flushed_in_one_statement(client, stories):
    with CaptureQueriesContext(connection) as queries:
        read(client, stories[0].pk, 40)
        read(client, stories[1].pk, 3)
    assert writes(queries) == []
    assert len(queries) == 2  # whether each id is countable, once: then remembered
    assert HourlyReads.objects.count() == 0
    with CaptureQueriesContext(connection) as queries:
        assert tally.flush() == 43
    assert len(writes(queries)) == 1
    assert dict(HourlyReads.objects.values_list("article_id", "count")) == {
        stories[0].pk: 40, stories[1].pk: 3}


def test_a_flush_adds_to_the_hours_row(client, stories):
    read(client, stories[0].pk, 2)
    tally.flush()
    read(client, stories[0].pk, 5)
    tally.flush()
    assert HourlyReads.objects.get().count == 7


def test_the_tally_is_written_by_a_read_once_flush_every_has_passed(client, stories,
                                                                   monkeypatch):
    monkeypatch.setattr(tally, "FLUSH_EVERY", 0)
    read(client, stories[0].pk)
    assert HourlyReads.objects.get().count == 1


@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_only_post_counts(client, stories, method):
    response = getattr(client, method)("/reads")
    assert response.status_code == 405
    tally.flush()
    assert not HourlyReads.objects.exists()


@pytest.mark.parametrize("body,status", [
    ("", 400), ("abc", 400), ("-5", 400), ("1.5", 400), ("9" * 13, 400),
    ("<script>", 400), ("1" * 40, 413), ("999999", 404),
])
def test_junk_is_refused_and_counts_nothing(client, stories, body, status):
    response = client.post("/reads", body, content_type="text/plain")
    assert response.status_code == status
    tally.flush()
    assert not HourlyReads.objects.exists()


def test_a_story_readers_may_not_see_is_not_counted(client, stories, make_draft):
    draft = make_draft("Not yet")
    actions.UnpublishAction(stories[0]).execute()
    for article in (draft, stories[0]):
        assert client.post("/reads", str(article.pk), content_type="text/plain").status_code == 404
    tally.flush()
    assert not HourlyReads.objects.exists()


def _rows(counts, hour):
    HourlyReads.objects.bulk_create(HourlyReads(article_id=pk, hour=hour, count=n)
                                    for pk, n in counts.items())


def test_the_fold_ranks_the_last_days_published_reads_and_announces_a_new_list(
        stories, global_edition):
    now = timezone.now()
    hour = now.replace(minute=0, second=0, microsecond=0)
    _rows({stories[0].pk: 5, stories[1].pk: 50, stories[2].pk: 20}, hour)
    _rows({stories[0].pk: 40}, hour - timedelta(hours=3))
    _rows({stories[3].pk: 1000}, hour - timedelta(hours=30))  # older than a day
    actions.UnpublishAction(stories[2]).execute()
    announced = []

    def listen(sender, instance, action, **kwargs):
        announced.append((sender, instance.edition_id, action))

    furniture_changed.connect(listen)
    try:
        assert fold.fold(now) == [global_edition]
        assert fold.fold(now) == []  # the same list: nothing written, nothing announced
    finally:
        furniture_changed.disconnect(listen)
    assert TopList.objects.get().article_ids == [stories[1].pk, stories[0].pk]
    assert announced == [(TopList, global_edition.pk, "create")]


def test_a_new_list_purges_the_home_page_and_no_other_page(client, stories, global_edition):
    for path in ("/global/", "/global/news/"):
        client.get(path)
        assert client.get(path)["X-Page-Cache"] == "hit"
    _rows({stories[5].pk: 9}, timezone.now().replace(minute=0, second=0, microsecond=0))
    fold.fold()
    assert client.get("/global/news/")["X-Page-Cache"] == "hit"
    home = client.get("/global/")
    assert home["X-Page-Cache"] == "miss"
    assert b"most-read" in home.content and key(global_edition.pk)


def test_the_worker_folds_no_more_often_than_fold_every(stories, global_edition):
    now = timezone.now()
    hour = now.replace(minute=0, second=0, microsecond=0)
    _rows({stories[0].pk: 3}, hour)
    fold.last_fold = None  # a worker that starts
    fold.fold_when_due(now)
    _rows({stories[1].pk: 30}, hour - timedelta(hours=1))
    fold.fold_when_due(now + fold.FOLD_EVERY - timedelta(seconds=1))
    assert TopList.objects.get().article_ids == [stories[0].pk]
    fold.fold_when_due(now + fold.FOLD_EVERY)
    assert TopList.objects.get().article_ids == [stories[1].pk, stories[0].pk]


def test_a_ranking_that_holds_still_is_not_folded_again_at_every_tick(stories, global_edition):
    """A fold that finds the same list writes nothing; the next fold still waits
    FOLD_EVERY from it, not from the last list written."""
    now = timezone.now()
    hour = now.replace(minute=0, second=0, microsecond=0)
    _rows({stories[0].pk: 3}, hour)
    fold.last_fold = None
    fold.fold_when_due(now)
    fold.fold_when_due(now + fold.FOLD_EVERY)  # the same ranking: no new list
    _rows({stories[1].pk: 30}, hour - timedelta(hours=1))
    fold.fold_when_due(now + fold.FOLD_EVERY + timedelta(seconds=10))
    assert TopList.objects.get().article_ids == [stories[0].pk]


def test_old_rows_go(stories):
    now = timezone.now()
    _rows({stories[0].pk: 3}, now - fold.KEEP - timedelta(hours=1))
    fold.fold(now)
    assert not HourlyReads.objects.exists()


def test_the_article_page_carries_the_beacon_and_the_home_page_does_not(client, stories):
    page = client.get(stories[0].get_absolute_url()).content.decode()
    assert 'src="/static/mostread/read.js"' in page
    assert f'data-article="{stories[0].pk}"' in page and 'data-url="/reads"' in page
    assert "mostread/read.js" not in client.get("/global/").content.decode()


def test_the_fold_reads_the_windows_rows_through_the_hour_index(global_edition):
    """A day of rows, not the table: the ranking starts from the ``mostread_hour`` index."""
    from dateline.newsroom.tests.test_query_plans import _plan

    plan = _plan(fold.ranking(global_edition, timezone.now())[:fold.LIST_LENGTH])
    assert "mostread_hour" in plan, plan
