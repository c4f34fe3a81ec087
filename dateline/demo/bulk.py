"""Writing the plan in bulk mode (``articles=N``): published articles straight into the tables.

For sizing tests, a million articles cannot go through the editorial actions one at a time.
Each article is written as Wagtail would have left it after publishing (live, with its links
and one revision holding what was published), in batches of BATCH_SIZE, with primary keys
handed out beforehand so nothing is read back; PostgreSQL gets the rows by COPY. No history
log; the search index is built afterwards in batches (``generator.generate``). The drafts,
scheduled and expired items of the desk still go through the actions (``write.write_desk``).
"""

import time
from itertools import islice

from django.core.management.color import no_style
from django.db import connection, connections, transaction
from django.db.models import Max
from modelcluster.models import get_serializable_data_for_fields
from wagtail.models import Revision

from dateline.newsroom.models import (
    Article,
    ArticleAuthor,
    ArticleTag,
    ArticleUpdate,
    RelatedArticle,
)

from .plan import article_fields

ArticleLabel = Article.labels.through
BATCH_SIZE = 5000


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
                          **article_fields(self.newsroom, item))
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
