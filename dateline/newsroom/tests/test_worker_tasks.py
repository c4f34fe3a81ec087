import logging
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from dateline.newsroom import scheduling
from dateline.newsroom.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db


def test_registered_tasks_run_on_every_tick(monkeypatch, make_draft):
    """Each registered task runs once per tick, after publishing, before the heartbeat."""
    calls = []
    start = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False):
        article = make_draft("Due", go_live_at=start + timedelta(minutes=30))
        article.latest_revision.publish()

    def task():
        article.refresh_from_db()
        calls.append(("task", article.live, WorkerHeartbeat.objects.exists()))

    monkeypatch.setattr(scheduling, "WORKER_TASKS", [task])
    with time_machine.travel(start + timedelta(minutes=31), tick=False):
        scheduling.run_once()
        scheduling.run_once()
    assert calls == [("task", True, False), ("task", True, True)]


def test_a_failing_task_is_logged_and_does_not_stop_the_tick(monkeypatch, caplog):
    """An error in one task is logged; the other tasks and the heartbeat still happen."""
    calls = []

    def broken():
        raise RuntimeError("source unreachable")

    monkeypatch.setattr(scheduling, "WORKER_TASKS", [broken, lambda: calls.append("after")])
    with caplog.at_level(logging.ERROR, logger="dateline.worker"):
        assert scheduling.run_once() == ([], [])
    assert calls == ["after"]
    assert WorkerHeartbeat.objects.exists()
    assert "worker task" in caplog.text and "source unreachable" in caplog.text


def test_no_tasks_is_the_plain_worker(monkeypatch):
    """With nothing registered the tick is publishing, expiry and heartbeat, as before."""
    monkeypatch.setattr(scheduling, "WORKER_TASKS", [])
    assert scheduling.run_once() == ([], [])
    assert WorkerHeartbeat.objects.count() == 1
