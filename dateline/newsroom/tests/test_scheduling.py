import threading
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connections
from wagtail.models import ModelLogEntry

from dateline.newsroom import scheduling
from dateline.newsroom.models import Article, WorkerHeartbeat

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def _schedule(make_draft, headline, at):
    article = make_draft(headline, go_live_at=at)
    article.latest_revision.publish()
    return article


def _publish_logs(article):
    return ModelLogEntry.objects.filter(object_id=str(article.pk),
                                        action="wagtail.publish.scheduled").count()


@pytest.mark.django_db
def test_nothing_is_published_before_its_time(make_draft):
    """The worker leaves an item alone until its go-live time."""
    with time_machine.travel(T0, tick=False):
        article = _schedule(make_draft, "Later", T0 + timedelta(minutes=30))
    with time_machine.travel(T0 + timedelta(minutes=29), tick=False):
        assert scheduling.publish_due() == []
    article.refresh_from_db()
    assert not article.live


@pytest.mark.django_db
def test_due_item_is_published_at_the_next_tick(make_draft):
    """An item is published by the first worker pass after its time, once."""
    with time_machine.travel(T0, tick=False):
        article = _schedule(make_draft, "On time", T0 + timedelta(minutes=30))
    with time_machine.travel(T0 + timedelta(minutes=30, seconds=10), tick=False):
        assert scheduling.publish_due() == [article.pk]
        assert scheduling.publish_due() == []
        article.refresh_from_db()
        assert article.live
        assert article.first_published_at == T0 + timedelta(minutes=30, seconds=10)
        assert Article.objects.published().filter(pk=article.pk).exists()
    assert _publish_logs(article) == 1


@pytest.mark.django_db
def test_worker_catches_up_after_downtime(make_draft):
    """Everything that fell due while no worker ran is published on the first pass."""
    with time_machine.travel(T0, tick=False):
        due = [_schedule(make_draft, f"Due {n}", T0 + timedelta(minutes=10 * n))
               for n in range(1, 4)]
        future = _schedule(make_draft, "Tomorrow", T0 + timedelta(days=1))
    with time_machine.travel(T0 + timedelta(hours=2), tick=False):
        assert scheduling.overdue().count() == 3
        assert sorted(scheduling.publish_due()) == sorted(a.pk for a in due)
        assert scheduling.overdue().count() == 0
    future.refresh_from_db()
    assert not future.live


@pytest.mark.django_db
def test_expired_article_is_unpublished_once(make_published):
    """Past its expiry the worker unpublishes the article and marks it expired."""
    with time_machine.travel(T0, tick=False):
        article = make_published(expire_at=T0 + timedelta(hours=1))
    with time_machine.travel(T0 + timedelta(hours=1, seconds=5), tick=False):
        assert scheduling.unpublish_expired() == [article.pk]
        assert scheduling.unpublish_expired() == []
    article.refresh_from_db()
    assert not article.live and article.expired


@pytest.mark.django_db
def test_overdue_lists_late_items_only(make_draft):
    """The desk's overdue list shows items more than a minute late, not ones just due."""
    with time_machine.travel(T0, tick=False):
        late = _schedule(make_draft, "Late", T0 + timedelta(minutes=1))
        _schedule(make_draft, "Just due", T0 + timedelta(minutes=5))
    with time_machine.travel(T0 + timedelta(minutes=5, seconds=30), tick=False):
        assert list(scheduling.overdue()) == [late]


@pytest.mark.django_db
def test_heartbeat_tells_whether_the_worker_is_alive():
    """A worker that has not checked in for a while is reported silent."""
    assert scheduling.worker_is_silent(scheduling.last_heartbeat())
    with time_machine.travel(T0, tick=False):
        scheduling.run_once()
    assert WorkerHeartbeat.objects.count() == 1
    beat = scheduling.last_heartbeat()
    assert not scheduling.worker_is_silent(beat, now=T0 + timedelta(seconds=10))
    assert scheduling.worker_is_silent(beat, now=T0 + timedelta(minutes=10))


@pytest.mark.django_db(transaction=True)
def test_two_workers_publish_each_item_exactly_once(make_draft):
    """Two workers running at the same moment publish every due item once between them."""
    with time_machine.travel(T0, tick=False):
        articles = [_schedule(make_draft, f"Race {n}", T0 + timedelta(minutes=1))
                    for n in range(8)]
    results, errors = [], []
    start = threading.Barrier(2)

    def worker():
        try:
            start.wait()
            results.append(scheduling.publish_due(now=T0 + timedelta(minutes=2)))
        except Exception as error:  # surfaced below
            errors.append(error)
        finally:
            connections.close_all()

    with time_machine.travel(T0 + timedelta(minutes=2), tick=True):
        threads = [threading.Thread(target=worker) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    assert errors == []
    published = sorted(pk for result in results for pk in result)
    assert published == sorted(a.pk for a in articles)
    for article in articles:
        article.refresh_from_db()
        assert article.live
        assert _publish_logs(article) == 1
