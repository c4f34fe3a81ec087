"""Keeping the index: which text of an article is searchable, and when it is (re)indexed.

Every save and delete of an article, whoever makes it (the desk, the editorial actions,
ingest, the API, the worker), queues the article in ``PendingIndex`` inside its own
transaction. After the commit a thread of the process that saved drains the queue, so the
editor's request does not wait for lemmas and the change is searchable within a second;
the worker drains whatever a crash or a broken index left behind. Test settings index at
once (``DATELINE_SEARCH_INDEXING = "inline"``), inside the saving transaction.

Bulk loads (the demo's, ``dateline search_index rebuild``) call ``index_articles`` in
batches. What the public sees is decided at query time by ``published()``, never by the
index: the index may hold drafts (the desk searches them) and lag a second behind.
"""

import contextvars
import hashlib
import html
import logging
import re
import threading
import time
from collections import namedtuple
from contextlib import contextmanager

from django.conf import settings
from django.db import connection, transaction
from django.db.models.functions import Mod
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from dateline.newsroom.models import Article
from dateline.newsroom.signals import article_changed, search_indexed

from . import words
from .engines import Texts, engine_for
from .models import PendingIndex, SearchDocument

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
WORKER_BUDGET = 5.0
_TEXT_FIELDS = ("id", "edition_id", "kind", "headline", "lead", "body", "first_published_at",
                "created_at")
_Row = namedtuple("_Row", ["pk", *_TEXT_FIELDS[1:]])
# A live article is found by its entries too: the newest this many public ones.
LIVE_ENTRIES = 500
_TAG = re.compile(r"<[^>]*>")


def connect():
    post_save.connect(_article_saved, sender=Article, dispatch_uid="search-saved")
    post_delete.connect(_article_deleted, sender=Article, dispatch_uid="search-deleted")
    article_changed.connect(_entry_changed, dispatch_uid="search-entry")
    from dateline.newsroom.scheduling import WORKER_TASKS

    if catch_up not in WORKER_TASKS:
        WORKER_TASKS.append(catch_up)


def _article_saved(instance, raw=False, **kwargs):
    if not raw:
        queue([instance.pk])


def _article_deleted(instance, **kwargs):
    queue([instance.pk])


def _entry_changed(sender, instance, action, **kwargs):
    """A live entry posted, edited or deleted changes its article's searchable text; no
    save of the article says so."""
    if action == "entry":
        queue([instance.pk])


_deferred = contextvars.ContextVar("dateline_search_deferred", default=False)


@contextmanager
def deferred():
    """Within the block saves queue nothing: the caller indexes in bulk afterwards (the
    demo saves each article several times on its way to publication)."""
    token = _deferred.set(True)
    try:
        yield
    finally:
        _deferred.reset(token)


def queue(ids):
    """Index these articles soon (or remove them, if they are gone by then)."""
    if _deferred.get():
        return
    now = timezone.now()
    PendingIndex.objects.bulk_create(
        [PendingIndex(article_id=pk, queued_at=now) for pk in ids],
        update_conflicts=True, unique_fields=["article_id"], update_fields=["queued_at"])
    if settings.DATELINE_SEARCH_INDEXING == "inline":
        _drain_safely(ids)
    else:
        transaction.on_commit(_Drainer.wake)


def _drain_safely(ids=None):
    """Drain, logging what fails. Inline (``ids``), in a savepoint of the saving
    transaction: a broken index never fails the save around it. In the thread, batch by
    batch, each committed on its own: one transaction round a whole queue (a million
    articles after migration 0001 or a rebuild) would hold its locks for minutes."""
    try:
        if ids is None:
            return drain()
        with transaction.atomic():
            return drain(ids)
    except Exception:
        logger.exception("the search index could not be updated; the worker will retry")
        return 0


def catch_up():
    """The worker's part: what the threads left, a few seconds' worth per pass so that
    scheduled publishing is never kept waiting (a whole archive takes several passes)."""
    return drain(budget=WORKER_BUDGET)


def drain(ids=None, batch_size=BATCH_SIZE, budget=None, shard=None):
    """Index what is queued (only ``ids``, if given; only ids ``k`` modulo ``n`` for
    ``shard=(k, n)``, so that several processes share a rebuild), batch by batch, for at
    most about ``budget`` seconds (0: one batch); returns how many. An article queued again
    while it is being indexed stays queued."""
    done, started = 0, time.monotonic()
    while True:
        pending = PendingIndex.objects.order_by("queued_at")
        if ids is not None:
            pending = pending.filter(article_id__in=ids)
        if shard is not None:
            pending = pending.annotate(shard=Mod("article_id", shard[1])).filter(shard=shard[0])
        taken = dict(pending.values_list("article_id", "queued_at")[:batch_size])
        if not taken:
            return done
        with transaction.atomic():
            index_articles(taken)
            # Taken oldest first: one queued again since was queued after all of these.
            PendingIndex.objects.filter(article_id__in=list(taken),
                                        queued_at__lte=max(taken.values())).delete()
        done += len(taken)
        if ids is not None or (budget is not None and time.monotonic() - started >= budget):
            return done


def index_articles(ids):
    """Bring these articles' index entries up to date: written, rewritten when their text
    changed, removed when the article is gone."""
    ids = list(ids)
    # Plain rows, not models: a model and its StreamField blocks cost more to build than
    # the words cost to read (``body_text`` reads the stored blocks as they are).
    articles = [_Row(*row) for row in Article.objects.filter(pk__in=ids)
                .values_list(*_TEXT_FIELDS)]
    known = dict(SearchDocument.objects.filter(article_id__in=ids)
                 .values_list("article_id", "fingerprint"))
    rows, found, editions = [], set(), set()
    for article in articles:
        found.add(article.pk)
        text = article_text(article)
        # Its time is searched by too (``engines.best``): a first publication rewrites it.
        dated_at = article.first_published_at or article.created_at
        fingerprint = hashlib.md5("\x00".join((*text, dated_at.isoformat())).encode(),
                                  usedforsecurity=False).hexdigest()
        if known.get(article.pk) != fingerprint:
            rows.append((article.pk, fingerprint, dated_at, _texts(*text)))
            editions.add(article.edition_id)
    engine = engine_for(Article.objects.all())
    with connection.cursor() as cursor:
        gone = set(ids) - found
        if gone:
            engine.remove(cursor, gone)
        if rows:
            engine.write(cursor, rows)
    if editions:
        search_indexed.send(sender=SearchDocument, editions=frozenset(editions))
    return len(rows)


def queue_everything():
    """Empty the index and queue every article (``dateline search_index rebuild``)."""
    with transaction.atomic(), connection.cursor() as cursor:
        engine_for(Article.objects.all()).clear(cursor)
        PendingIndex.objects.all().delete()
        queued = (f"INSERT INTO {PendingIndex._meta.db_table} (article_id, queued_at) "  # noqa: S608
                  f"SELECT id, %s FROM {Article._meta.db_table}")  # (our own tables)
        cursor.execute(queued, [connection.ops.adapt_datetimefield_value(timezone.now())])


def queued():
    """How many articles wait for the index: what a progress bar asks every second (the
    counts of ``status``, a million articles and documents, would slow what it shows)."""
    return PendingIndex.objects.count()


def status():
    """How far the index is: articles, indexed ones, queued ones, the oldest in the queue."""
    oldest = PendingIndex.objects.order_by("queued_at").values_list("queued_at", flat=True)
    return {"articles": Article.objects.count(), "indexed": SearchDocument.objects.count(),
            "queued": PendingIndex.objects.count(), "oldest_queued": oldest.first()}


def article_text(article):
    """What of an article is searchable: headline, lead and the body's words (a live
    article's body followed by its public entries, newest first)."""
    body = body_text(article.body)
    if article.kind == Article.Kind.LIVE:
        body = "\n".join(part for part in (body, entries_text(article)) if part)
    return article.headline or "", article.lead or "", body


def entries_text(article):
    """The titles and text of a live article's public entries. Only public ones: a draft or
    scheduled entry's words must not make the article a result (nor show in its snippet)
    before readers can read them. An entry's change is announced (``entry``), which
    queues the article again (``_entry_changed``)."""
    from dateline.live.models import Entry

    entries = (Entry.objects.public().filter(article_id=article.pk).only("title", "body")
               .order_by("-posted_at", "-id")[:LIVE_ENTRIES])
    return "\n".join(part for entry in entries
                     for part in (entry.title, body_text(entry.body)) if part)


def body_text(body):
    """The words of a StreamField body, from its blocks as stored (no block is built)."""
    parts = []
    for block in getattr(body, "raw_data", body) or ():
        kind, value = block["type"], block["value"]
        if kind == "paragraph":
            # Stored rich text is sanitised, well-formed HTML: a regular expression is
            # enough to take its tags off, at a tenth of the cost of an HTML parser.
            parts.append(html.unescape(_TAG.sub(" ", value)))
        elif kind == "subheading":
            parts.append(value)
        elif kind in ("quote", "image"):
            parts.extend(str(value.get(name) or "")
                         for name in ("text", "attribution", "caption", "credit"))
    return "\n".join(part for part in parts if part)


def _texts(*fields):
    found = [words.tokens(field) for field in fields]
    return Texts(*(" ".join(map(words.lemma, field)) for field in found),
                 " ".join(words.forms_beyond_the_first([w for field in found for w in field])))


class _Drainer:
    """One thread per process drains the queue after commits; a commit while it runs
    makes it go round once more."""

    _lock = threading.Lock()
    _again = threading.Event()
    _running = False

    @classmethod
    def wake(cls):
        with cls._lock:
            cls._again.set()
            if cls._running:
                return
            cls._running = True
        threading.Thread(target=cls._run, name="search-index", daemon=True).start()

    @classmethod
    def _run(cls):
        try:
            while True:
                with cls._lock:
                    if not cls._again.is_set():
                        cls._running = False
                        return
                    cls._again.clear()
                _drain_safely()
        finally:
            connection.close()
