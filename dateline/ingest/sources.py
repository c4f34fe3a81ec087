"""Scheduled ingest: the worker reads every enabled source whose interval has passed.

A source is claimed by moving its ``last_run_at`` with a conditional UPDATE (compare and
set), so when two workers look at the same moment only one reads it. A failing source is
recorded (``last_status``, ``last_error``) and never stops the worker or the other sources.
"""

import logging

from django.utils import timezone

from .importer import Ingester
from .models import IngestSource

logger = logging.getLogger("dateline.ingest")


def run_source(source):
    """Read one source now and record the outcome on it; return the ``Report``."""
    ingester = Ingester(source.edition, publish=source.publish, source=source)
    report = ingester.ingest_location(source.url, format=source.format)
    if report.error:
        status = IngestSource.Status.FAILED
    elif report.rejected:
        status = IngestSource.Status.PARTIAL
    else:
        status = IngestSource.Status.OK
    IngestSource.objects.filter(pk=source.pk).update(
        last_status=status, items_new=report.count("new"), items_updated=report.count("updated"),
        items_rejected=len(report.rejected), last_error=report.errors_text()[:20_000])
    return report


def run_due_sources(now=None):
    """Run every enabled source that is due; return {source name: report}. For the worker."""
    now = now or timezone.now()
    reports = {}
    for source in IngestSource.objects.filter(enabled=True).select_related("edition"):
        if not source.is_due(now):
            continue
        if source.last_run_at is None:
            unchanged = IngestSource.objects.filter(pk=source.pk, last_run_at__isnull=True)
        else:
            unchanged = IngestSource.objects.filter(pk=source.pk, last_run_at=source.last_run_at)
        if not unchanged.update(last_run_at=now):
            continue  # another worker claimed it first
        try:
            reports[source.name] = report = run_source(source)
            logger.info("source %s: %s", source.name, report.summary())
        except Exception as exc:
            logger.exception("source %s failed", source.name)
            IngestSource.objects.filter(pk=source.pk).update(
                last_status=IngestSource.Status.FAILED, last_error=f"internal error: {exc}")
    return reports
