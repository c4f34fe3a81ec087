from datetime import timedelta

import pytest
from django.utils import timezone

from dateline.ingest.models import IngestSource
from dateline.ingest.sources import run_due_sources
from dateline.newsroom import scheduling
from dateline.newsroom.models import Article

from .samples import FORMATS, story

pytestmark = pytest.mark.django_db


@pytest.fixture
def loopback_allowed(settings):
    settings.DATELINE_INGEST_ALLOW_LOOPBACK = True


def make_source(edition, url, **fields):
    return IngestSource.objects.create(name=fields.pop("name", "Wire"), url=url,
                                       edition=edition, **fields)


def test_due_sources_are_read_and_their_outcome_recorded(server, global_edition,
                                                        loopback_allowed):
    """A due source is read; counts, status and the reasons of rejects are kept on it."""
    url = server.serve("/wire", FORMATS["ninjs-3"]([story(1), story(2, headline="")]))
    source = make_source(global_edition, url, publish=True)
    reports = run_due_sources()
    assert reports["Wire"].count("new") == 1
    source.refresh_from_db()
    assert (source.last_status, source.items_new, source.items_updated, source.items_rejected) == (
        IngestSource.Status.PARTIAL, 1, 0, 1)
    assert "no headline" in source.last_error and source.last_run_at is not None
    assert Article.objects.get().live  # the source publishes


def test_a_source_is_not_read_again_before_its_interval(server, global_edition,
                                                       loopback_allowed):
    """Within the interval nothing is fetched; after it, the source runs again."""
    url = server.serve("/wire", FORMATS["rss"]([story(1)]))
    make_source(global_edition, url, interval=15)
    run_due_sources()
    assert run_due_sources() == {}
    assert len(server.requests) == 1
    later = timezone.now() + timedelta(minutes=16)
    assert run_due_sources(now=later)["Wire"].count("unchanged") == 1


def test_disabled_sources_are_not_read(server, global_edition, loopback_allowed):
    """A disabled source is left alone."""
    make_source(global_edition, server.serve("/wire", b""), enabled=False)
    assert run_due_sources() == {} and server.requests == []


def test_a_source_claimed_by_another_worker_is_skipped(server, global_edition,
                                                      loopback_allowed, monkeypatch):
    """If another worker moved last_run_at first, this one does not read the source."""
    url = server.serve("/wire", FORMATS["rss"]([story(1)]))
    source = make_source(global_edition, url)
    real_filter = IngestSource.objects.filter

    def racing_filter(*args, **kwargs):
        if "last_run_at__isnull" in kwargs:  # the claim: another worker got there first
            IngestSource.objects.all().update(last_run_at=timezone.now())
        return real_filter(*args, **kwargs)

    monkeypatch.setattr(IngestSource.objects, "filter", racing_filter)
    assert run_due_sources() == {}
    assert server.requests == [] and source.pk


def test_a_failing_source_is_recorded_and_the_others_still_run(server, global_edition,
                                                               loopback_allowed):
    """An unreachable or unreadable source is marked failed; the next source still runs."""
    make_source(global_edition, server.url("/missing"), name="A broken")
    make_source(global_edition, server.serve("/wire", FORMATS["rss"]([story(1)])), name="B good")
    reports = run_due_sources()
    broken = IngestSource.objects.get(name="A broken")
    assert broken.last_status == IngestSource.Status.FAILED and "HTTP 404" in broken.last_error
    assert reports["B good"].count("new") == 1
    assert IngestSource.objects.get(name="B good").last_status == IngestSource.Status.OK


def test_an_unexpected_error_is_recorded_not_raised(global_edition, monkeypatch):
    """Even a crash inside ingest leaves the worker running and the source marked failed."""
    make_source(global_edition, "https://feed.example/wire")
    monkeypatch.setattr("dateline.ingest.sources.run_source",
                        lambda source: (_ for _ in ()).throw(RuntimeError("boom")))
    assert run_due_sources() == {}
    source = IngestSource.objects.get()
    assert source.last_status == IngestSource.Status.FAILED and "boom" in source.last_error


def test_the_worker_runs_due_sources_on_each_tick(server, global_edition, loopback_allowed):
    """The ingest app registers run_due_sources with the worker; a tick reads the source."""
    assert run_due_sources in scheduling.WORKER_TASKS
    make_source(global_edition, server.serve("/wire", FORMATS["atom"]([story(1)])))
    scheduling.run_once()
    assert Article.objects.count() == 1
