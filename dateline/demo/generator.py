"""The demo newsroom: two editions and a month of news, stored as Wagtail would have stored it.

``generate()`` first *plans* every article in plain Python from one seeded ``random.Random``
(so the same seed and the same ``now`` give the same newsroom on the same database) and then
*writes* the plan: one article at a time through Wagtail's revision and publishing machinery
(normal mode), or in batches straight into the tables for sizing tests (``articles=N``).

A story is planned once, in no particular language, and rendered in Ukrainian for the main
edition or in English for Dateline Global; a Global translation renders its source's story,
so the two say the same thing, and it shares the source's ``translation_key``.
"""

import io
import time
from contextlib import contextmanager
from itertools import islice

from django.core.management.color import no_style
from django.db import connection, connections, models, transaction
from django.db.models import Max
from django.db.models.signals import post_save
from django.utils import timezone
from modelcluster.models import get_serializable_data_for_fields
import time_machine
from wagtail.models import ModelLogEntry, ReferenceIndex, Revision, WorkflowState
from wagtail.search import signal_handlers as search_signals
from wagtail.search.backends import get_search_backends
from wagtail.signal_handlers import disable_reference_index_auto_update

from dateline.newsroom import edits
from dateline.newsroom.actions import AddUpdateNoteAction, CreateArticleAction, UnpublishAction
from dateline.newsroom.models import (
    Article,
    ArticleAuthor,
    ArticleTag,
    ArticleUpdate,
    RelatedArticle,
)

from .furnish import furnish
from .plan import Planner

Kind = Article.Kind
ArticleLabel = Article.labels.through

BATCH_SIZE = 5000


def generate(seed=1, days=30, per_day_main=40, per_day_global=20, now=None, articles=None,
             stdout=None):
    """Build the demo newsroom; return a summary of what was made.

    Normal mode publishes ``days`` days of news up to ``now`` through Wagtail. ``articles=N``
    (bulk mode) writes N published articles instead, over as many days as the daily rates
    need, straight into the tables: with revisions, without search index and history log.
    Both modes add a few drafts, scheduled items and an expired item per edition.
    """
    now = now or timezone.now().replace(second=0, microsecond=0)
    out = stdout or io.StringIO()
    newsroom = furnish(seed)
    planner = Planner(seed, newsroom, now)
    schedule = planner.schedule({"main": per_day_main, "global": per_day_global},
                                days=days, total=articles)
    if articles:
        BulkWriter(newsroom, out).write(planner.published(schedule), total=articles)
        with transaction.atomic():
            _write_desk(planner)
    else:
        with _indexing_deferred(), transaction.atomic():
            _write_one_by_one(planner, schedule, out)
            _write_desk(planner)
        _index(out)
    return planner.summary(bulk=bool(articles))


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


# -- writing, normal mode: through the editorial actions ---------------------------------

def _write_one_by_one(planner, schedule, out):
    ids = {}  # item seq → article pk, for "read also" links
    started = time.monotonic()
    for item in planner.published(schedule):
        ids[item.seq] = _publish(planner.newsroom, item, ids).pk
        if len(ids) % 500 == 0:
            out.write(f"  {len(ids):,} articles ({time.monotonic() - started:.0f} s)\n")


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


def _write_desk(planner):
    for state, item in planner.desk_items():
        if state == "expired":
            _expire(_publish(planner.newsroom, item, {}), item.expire_at)
        elif state == "scheduled":
            _schedule(planner.newsroom, item)
        else:
            _save_draft(planner.newsroom, item)


def _changes(newsroom, item, ids):
    """The item as the desk would have entered it: fields, byline, tags, labels, "Read also"."""
    story, code = item.story, item.edition
    fields = _article_fields(newsroom, item)
    fields["related_links"] = [RelatedArticle(related_id=ids[seq], sort_order=position)
                               for position, seq in enumerate(item.related)]
    return edits.Changes(fields=fields, section=fields.pop("section"),
                         authors=list(story.authors),
                         tags=[newsroom.tags[code][tag] for tag in story.tags],
                         labels=[newsroom.labels[code][key] for key in story.labels])


def _article_fields(newsroom, item):
    story, edition = item.story, newsroom.editions[item.edition]
    image, picture = newsroom.images[story.image] if story.image is not None else (None, None)
    return {
        "edition": edition, "locale_id": edition.locale_id, "headline": item.headline,
        "slug": item.slug, "lead": item.lead, "body": item.body, "kind": story.kind,
        "section": newsroom.sections[item.edition][story.section], "main_image": image,
        "main_image_caption": getattr(picture, edition.language, ""),
        "main_image_credit": image.credit if image else "",
        "translation_key": story.translation_key, "created_at": item.created_at,
        "first_published_at": item.published_at, "go_live_at": item.go_live_at,
        "expire_at": item.expire_at,
    }


@contextmanager
def _indexing_deferred():
    """Wagtail updates the search and reference indexes on every save, and an article is
    saved several times on its way to publication (its links too): index once, at the end."""
    disconnected = post_save.disconnect(search_signals.post_save_signal_handler, sender=Article)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        if disconnected:
            post_save.connect(search_signals.post_save_signal_handler, sender=Article)


def _index(out):
    started = time.monotonic()
    articles = Article.objects.all()
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(Article, articles)
    with transaction.atomic():
        for article in articles.prefetch_related("author_links", "tag_links", "related_links",
                                                 "updates", "labels"):
            ReferenceIndex.create_or_update_for_object(article)
    out.write(f"  search and reference indexes ({time.monotonic() - started:.0f} s)\n")


# -- writing, bulk mode: straight into the tables -----------------------------------------

class BulkWriter:
    """Writes published items in batches, each article as Wagtail would have left it after
    publishing: live, with its links and one revision holding what was published.

    Primary keys are handed out before inserting (see Keys), so that a batch is written
    without reading anything back.
    """

    MODELS = [Revision, Article, ArticleAuthor, ArticleTag, RelatedArticle, ArticleUpdate,
              ArticleLabel]  # in this order: articles point at their revisions

    def __init__(self, newsroom, out):
        self.newsroom, self.out = newsroom, out
        self.keys = Keys(self.MODELS)
        self.first_article = self.keys.next[Article]  # an item's article is first + its seq
        self.content_type = Article.get_content_type()

    def write(self, items, total):
        started, done = time.monotonic(), 0
        for batch in _batches(items, BATCH_SIZE):
            self._insert(batch)
            done += len(batch)
            self.out.write(_progress(done, total, started))
        _reset_sequences(self.MODELS)
        _analyze(self.MODELS)

    def _insert(self, items):
        rows = {model: [] for model in self.MODELS}
        for item in items:
            self._add_rows(rows, item)
        with transaction.atomic():
            for model in self.MODELS:
                _insert_rows(model, rows[model])

    def _add_rows(self, rows, item):
        article = Article(id=self._article_id(item.seq), live=False,
                          updated_at=item.note.at if item.note else None,
                          **_article_fields(self.newsroom, item))
        links = self._links(item, article.pk)
        revision = Revision(id=self.keys.take(Revision), content_type=self.content_type,
                            base_content_type=self.content_type, object_id=str(article.pk),
                            created_at=item.last_published_at, object_str=item.headline,
                            content=_revision_content(article, links))
        # The revision holds the article as saved before publishing, as in normal mode.
        article.live, article.last_published_at = True, item.last_published_at
        article.live_revision_id = article.latest_revision_id = revision.pk
        rows[Revision].append(revision)
        rows[Article].append(article)
        for model, objects in links.items():
            rows[model] += objects

    def _article_id(self, seq):
        return self.first_article + seq

    def _links(self, item, article_id):
        story, code, published = item.story, item.edition, item.published_at
        take, newsroom = self.keys.take, self.newsroom
        # serializable_data() lists labels in their model's order, by name.
        labels = sorted((newsroom.labels[code][key] for key in story.labels), key=str)
        notes = [item.note] if item.note else []
        return {
            ArticleAuthor: [ArticleAuthor(id=take(ArticleAuthor), article_id=article_id,
                                          author=author, sort_order=position,
                                          published_at=published)
                            for position, author in enumerate(story.authors)],
            ArticleTag: [ArticleTag(id=take(ArticleTag), article_id=article_id,
                                    tag=newsroom.tags[code][tag], published_at=published)
                         for tag in story.tags],
            RelatedArticle: [RelatedArticle(id=take(RelatedArticle), article_id=article_id,
                                            related_id=self._article_id(seq),
                                            sort_order=position)
                             for position, seq in enumerate(item.related)],
            ArticleUpdate: [ArticleUpdate(id=take(ArticleUpdate), article_id=article_id,
                                          kind=note.kind, noted_at=note.at, text=note.text)
                            for note in notes],
            ArticleLabel: [ArticleLabel(id=take(ArticleLabel), article_id=article_id,
                                        label=label) for label in labels],
        }


def _revision_content(article, links):
    """What ``article.serializable_data()`` gives, built from rows instead of a cluster."""
    content = get_serializable_data_for_fields(article)
    for name, model in (("author_links", ArticleAuthor), ("tag_links", ArticleTag),
                        ("related_links", RelatedArticle), ("updates", ArticleUpdate)):
        content[name] = [get_serializable_data_for_fields(link) for link in links[model]]
    content["labels"] = [link.label_id for link in links[ArticleLabel]]
    return content


class Keys:
    """Primary keys handed out before inserting: an article's revision and links know their
    ids when they are built, and nothing is read back.

    Safe while nothing else writes these tables, which holds for a set-up tool; the
    database's sequences are moved past the keys used afterwards (``_reset_sequences``).
    """

    def __init__(self, models):
        self.next = {model: (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
                     for model in models}

    def take(self, model):
        key = self.next[model]
        self.next[model] += 1
        return key


def _insert_rows(model, objects):
    if connection.vendor == "postgresql":
        _copy_rows(model, objects)
    else:
        model.objects.bulk_create(objects, batch_size=500)


def _copy_rows(model, objects):
    """COPY the rows in. On PostgreSQL bulk_create sends each column as one array literal,
    which psycopg escapes character by character in Python; with JSON full of escaped
    Cyrillic, that made inserting ten times slower than building the rows."""
    fields, db = model._meta.concrete_fields, connections[model.objects.db]
    quote = db.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    with db.cursor() as cursor, cursor.cursor.copy(
            f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN") as copy:
        for obj in objects:
            copy.write_row([f.get_db_prep_save(f.pre_save(obj, True), db) for f in fields])


def _reset_sequences(models):
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)


def _batches(iterable, size):
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


def _analyze(models):
    """Fresh planner statistics: before the next autovacuum, PostgreSQL would plan queries on
    the grown tables as if they were still small (the home page took seconds, not ms)."""
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _progress(done, total, started):
    elapsed = time.monotonic() - started
    return f"  {done:>11,} / {total:,} articles  {elapsed:7.1f} s  ({done / elapsed:,.0f}/s)\n"
