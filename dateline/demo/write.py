"""Writing the plan in normal mode: every item through the newsroom's editorial actions.

Each article is created and published (or saved as a draft, scheduled, expired) by the same
actions the desk, the API and ingest use, so it carries what they leave: revisions, history
entries, publication times on its links. The clock is moved to the item's planned time for
each action (time-machine), so history and revisions read as if editors had acted over the
month. Wagtail's search and reference indexes are filled once at the end, not on each save.
"""

import time
import uuid
from contextlib import contextmanager
from datetime import timedelta

import time_machine
from django.db import transaction
from django.db.models.signals import post_save
from wagtail.models import ReferenceIndex
from wagtail.search import signal_handlers as search_signals
from wagtail.search.backends import get_search_backends
from wagtail.signal_handlers import disable_reference_index_auto_update

from dateline.newsroom import edits
from dateline.newsroom.actions import AddUpdateNoteAction, CreateArticleAction, UnpublishAction
from dateline.newsroom.models import Article, RelatedArticle
from dateline.search import indexing as search_indexing

from .plan import article_fields


def write_one_by_one(planner, schedule, out):
    """The schedule's published items, oldest first, each published through the actions;
    progress every 500 articles to ``out``."""
    ids = {}  # item seq → article pk, for "read also" links
    started = time.monotonic()
    for item in planner.published(schedule):
        ids[item.seq] = _publish(planner.newsroom, item, ids).pk
        if len(ids) % 500 == 0:
            out.write(f"  {len(ids):,} articles ({time.monotonic() - started:.0f} s)\n")


def write_desk(planner):
    """The desk's items, after the published ones: drafts saved, items scheduled, and one
    published item expired per edition (in bulk mode too: they are few)."""
    for state, item in planner.desk_items():
        if state == "expired":
            _expire(_publish(planner.newsroom, item, {}), item.expire_at)
        elif state == "scheduled":
            _schedule(planner.newsroom, item)
        else:
            _save_draft(planner.newsroom, item)


@contextmanager
def _at(moment):
    """The clock stands at ``moment`` inside the block: the actions stamp revisions,
    history and publication as if an editor had acted then (to the microsecond, so the
    same plan makes the same newsroom)."""
    with time_machine.travel(moment, tick=False):
        yield


def _publish(newsroom, item, ids):
    """Create and publish the article at its time, as the desk's "Publish" does; then its
    update note or correction at the note's time."""
    with _at(item.published_at):
        article = CreateArticleAction(newsroom.editions[item.edition],
                                      _changes(newsroom, item, ids), publish=True).execute()
    if item.note:
        with _at(item.note.at):
            AddUpdateNoteAction(article, text=item.note.text, kind=item.note.kind).execute()
    return article


def _save_draft(newsroom, item):
    with _at(item.edited_at):
        CreateArticleAction(newsroom.editions[item.edition], _changes(newsroom, item, {})).execute()


def _schedule(newsroom, item):
    """Publishing an article whose go-live time is ahead schedules it."""
    with _at(item.edited_at):
        CreateArticleAction(newsroom.editions[item.edition], _changes(newsroom, item, {}),
                            publish=True).execute()


def _expire(article, expire_at):
    """Unpublish the way the worker does once an article's expiry time has passed."""
    with _at(expire_at):
        UnpublishAction(article, kind="expire", log_action="wagtail.unpublish.scheduled").execute()


def _changes(newsroom, item, ids):
    """The item as the desk would have entered it: fields, byline, tags, labels, "Read also"."""
    story, code = item.story, item.edition
    fields = article_fields(newsroom, item)
    fields["related_links"] = [RelatedArticle(related_id=ids[seq], sort_order=position)
                               for position, seq in enumerate(item.related)]
    return edits.Changes(fields=fields, section=fields.pop("section"),
                         authors=list(story.authors),
                         tags=[newsroom.tags[code][tag] for tag in story.tags],
                         labels=[newsroom.labels[code][key] for key in story.labels])


# Update notes added to a few sources in the last hour, after their translations were made:
# the desk then shows translations out of date, as on any afternoon (``translations``).
DRIFT_NOTES = ("Додано нові дані Повітряних сил про збиті цілі.",
               "Уточнено кількість постраждалих за даними ОВА.",
               "Додано коментар Офісу президента.")


def write_translation_drift(newsroom, now):
    """The newest translated sources of the main edition get an update note in the last
    hour, which their English translations have not followed yet."""
    main = newsroom.editions["main"]
    translated = (Article.objects.published().filter(edition=main)
                  .filter(translation_key__in=Article.objects.exclude(edition=main)
                          .values("translation_key"))
                  .order_by("-first_published_at", "-pk")[:len(DRIFT_NOTES)])
    noted = 0
    for minutes, (source, text) in enumerate(zip(translated, DRIFT_NOTES, strict=False)):
        with _at(now - timedelta(minutes=15 + 20 * minutes)):
            AddUpdateNoteAction(source, text=text).execute()
        noted += 1
    return noted


# Published ahead of time by the desk, held by its embargo: in no output until it lifts.
EMBARGOED = {
    "main": ("Нацбанк оприлюднить прогноз інфляції на наступний рік",
             "Матеріал під ембарго до оприлюднення звіту Національного банку."),
    "global": ("National Bank to publish its inflation forecast for next year",
               "Under embargo until the National Bank of Ukraine releases its report."),
}


def write_embargoed(newsroom, now):
    """One article per edition (the English one a translation of the Ukrainian), published
    with an embargo three hours ahead."""
    key = uuid.uuid5(uuid.NAMESPACE_URL, f"dateline-demo-embargo-{now.isoformat()}")
    for minutes, (code, (headline, lead)) in enumerate(EMBARGOED.items()):
        with _at(now - timedelta(minutes=5 - minutes)):
            fields = {"headline": headline, "lead": lead, "translation_key": key,
                      "embargo_until": now + timedelta(hours=3),
                      "body": [("paragraph", f"<p>{lead}</p>")]}
            CreateArticleAction(newsroom.editions[code], edits.Changes(fields=fields),
                                publish=True).execute()


@contextmanager
def indexing_deferred():
    """Wagtail updates the search and reference indexes on every save, and an article is
    saved several times on its way to publication (its links too): index once, at the end."""
    disconnected = post_save.disconnect(search_signals.post_save_signal_handler, sender=Article)
    try:
        with disable_reference_index_auto_update(), search_indexing.deferred():
            yield
    finally:
        if disconnected:
            post_save.connect(search_signals.post_save_signal_handler, sender=Article)


def index_articles(out):
    """What ``indexing_deferred`` held back: every article into the search and reference
    indexes, once."""
    started = time.monotonic()
    articles = Article.objects.all()
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(Article, articles)
    with transaction.atomic():
        for article in articles.prefetch_related("author_links", "tag_links", "related_links",
                                                 "updates", "labels"):
            ReferenceIndex.create_or_update_for_object(article)
    out.write(f"  search and reference indexes ({time.monotonic() - started:.0f} s)\n")
