"""The demo newsroom: two editions and a month of news, stored as Wagtail would have stored it.

``generate()`` puts the pieces together, each a module with one job:

- ``furnish``: the furniture articles refer to (editions, sections, labels, tags, authors,
  pictures drawn with Pillow), made or found from an earlier run;
- ``plan``: every article decided in plain Python before anything is written, from one
  seeded ``random.Random``, so the same seed and the same ``now`` give the same newsroom on
  the same database; ``stories`` draws what each says, ``phrases`` words it in Ukrainian (the
  main edition) or English (Dateline Global), from the texts in ``words``;
- ``write`` (normal mode): the plan written one article at a time through the newsroom's
  editorial actions, at each item's planned time;
- ``bulk`` (``articles=N``, for sizing tests): published articles straight into the tables;
- ``live``: one open and one ended live coverage per edition, entries posted over hours.

A story is planned once, in no particular language; a Global translation renders its
source's story, so the two say the same thing, and it shares the source's
``translation_key``. ``flush_articles()`` deletes every article again.
"""

import io

from django.core.management import call_command
from django.db import models, transaction
from django.utils import timezone
from wagtail.models import ModelLogEntry, ReferenceIndex, Revision, WorkflowState
from wagtail.search.backends import get_search_backends

from dateline.newsroom.models import Article
from dateline.search import indexing as search_indexing
from dateline.translations.sync import track_untracked

from .bulk import BulkWriter
from .front import curate_front_pages
from .furnish import furnish
from .live import write_live
from .plan import Planner
from .write import (
    index_articles,
    indexing_deferred,
    write_desk,
    write_embargoed,
    write_one_by_one,
    write_translation_drift,
)


def generate(seed=1, days=30, per_day_main=40, per_day_global=20, now=None, articles=None,
             stdout=None):
    """Build the demo newsroom; return a summary of what was made.

    Normal mode publishes ``days`` days of news up to ``now`` through Wagtail. ``articles=N``
    (bulk mode) writes N published articles instead, over as many days as the daily rates
    need, straight into the tables: with revisions, without history log, indexed for search
    in batches at the end.
    Both modes add a few drafts, scheduled items and an expired item per edition; normal mode
    adds the live coverage (``live.py``), three translations behind their sources and an
    embargoed story per edition too.
    """
    now = now or timezone.now().replace(second=0, microsecond=0)
    out = stdout or io.StringIO()
    newsroom = furnish(seed)
    planner = Planner(seed, newsroom, now)
    schedule = planner.schedule({"main": per_day_main, "global": per_day_global},
                                days=days, total=articles)
    if articles:
        BulkWriter(newsroom, out).write(planner.published(schedule), total=articles)
        # The desk's saves queue nothing: the rebuild below indexes every article (a
        # thread woken by their commit would drain the same queue beside it).
        with search_indexing.deferred(), transaction.atomic():
            write_desk(planner)
        # Rows written straight into the tables announce nothing: index them in batches,
        # and record which source revision each translation follows.
        call_command("search_index", "rebuild", stdout=out)
        track_untracked()
        return planner.summary(bulk=True)
    with indexing_deferred(), transaction.atomic():
        write_one_by_one(planner, schedule, out)
        write_desk(planner)
        write_live(newsroom, now, planner.live_keys)
        drifted = write_translation_drift(newsroom, now)
        write_embargoed(newsroom, now)
    index_articles(out)
    curate_front_pages(now, seed)
    summary = planner.summary(bulk=False)
    summary["update notes"] += drifted
    summary["translations"] += 1  # the embargoed story's English version
    return summary


def flush_articles():
    """Delete every article and what hangs off it: revisions, history, links, index entries.

    Rows go in bulk, without Django's collector, which would load and signal each of a
    million rows; what signals would have cleaned up is deleted explicitly.
    """
    content_type = Article.get_content_type()
    with transaction.atomic():
        WorkflowState.objects.filter(base_content_type=content_type).delete()
        ModelLogEntry.objects.filter(content_type=content_type).delete()
        ReferenceIndex.objects.filter(base_content_type=content_type).delete()
        ReferenceIndex.objects.filter(to_content_type=content_type).delete()
        _let_go_of_articles()
        _delete_rows(Article.objects.all())
        _delete_rows(Revision.objects.filter(base_content_type=content_type))
        for backend in get_search_backends():
            # The database search backends (the project's) drop entries of deleted objects.
            backend.get_index_for_model(Article).delete_stale_model_entries(Article)


def _let_go_of_articles():
    """Whatever points at an article (links, front page slots, ...) goes, or forgets it."""
    for relation in Article._meta.get_fields(include_hidden=True):
        if relation.concrete or not relation.auto_created or relation.many_to_many:
            continue  # fields of the article's own, not foreign keys pointing at it
        pointing = relation.related_model._base_manager.filter(
            **{f"{relation.field.name}__isnull": False})
        if relation.on_delete is models.SET_NULL:
            pointing.update(**{relation.field.name: None})
        else:
            _delete_rows(pointing)


def _delete_rows(queryset):
    # One DELETE statement: no collector, no signals (see flush_articles).
    queryset._raw_delete(queryset.db)
