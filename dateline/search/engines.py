"""The two engines behind one interface: PostgreSQL's tsvector and SQLite's FTS5.

Both keep the same four texts of an article, as lemmas (``words.lemmas``): headline,
lead, body and the words' other forms; both weigh them in that order. Views never know
which engine answers: ``engine_for(queryset).matching(queryset, query, by_relevance)``
narrows any article queryset (the public ``published()`` one, the desk's) to the matching
articles, ordered by relevance blended with recency when asked.

Recency: an article's relevance is divided by ``1 + age / DATELINE_SEARCH_RECENCY_DAYS``,
so with the default of 30 days an article a month old needs twice the relevance of one
published now to rank beside it, and a year-old one thirteen times (0 turns it off).
"""

from typing import NamedTuple

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connections
from django.db.models import F, FloatField
from django.db.models.expressions import RawSQL

from .models import SearchDocument
from .query import Phrase, Prefix

FTS_TABLE = "search_fts"
# Headline, lead, body, other forms: FTS5's bm25 weights, and PostgreSQL's A-D classes.
BM25_WEIGHTS = (10.0, 4.0, 1.0, 0.5)
# A prefix this short would expand to half the dictionary; it matches as a whole word.
MIN_PREFIX = 3


class Texts(NamedTuple):
    headline: str
    lead: str
    body: str
    forms: str


def engine_for(queryset):
    vendor = connections[queryset.db].vendor
    return PostgresEngine() if vendor == "postgresql" else SqliteEngine()


def _published_or_created(table):
    return f"COALESCE({table}.first_published_at, {table}.created_at)"


class PostgresEngine:
    def write(self, cursor, rows):
        """``rows``: (article id, fingerprint, Texts) to insert or replace."""
        cursor.executemany(
            f"""INSERT INTO {SearchDocument._meta.db_table}
                    (article_id, fingerprint, indexed_at, vector)
                VALUES (%s, %s, now(),
                    setweight(to_tsvector('simple', %s), 'A')
                    || setweight(to_tsvector('simple', %s), 'B')
                    || setweight(to_tsvector('simple', %s), 'C')
                    || setweight(to_tsvector('simple', %s), 'D'))
                ON CONFLICT (article_id) DO UPDATE SET fingerprint = EXCLUDED.fingerprint,
                    indexed_at = EXCLUDED.indexed_at, vector = EXCLUDED.vector""",
            [(pk, fingerprint, *texts) for pk, fingerprint, texts in rows])

    def remove(self, cursor, ids):
        cursor.execute(f"DELETE FROM {SearchDocument._meta.db_table} WHERE article_id = ANY(%s)",
                       [list(ids)])

    def clear(self, cursor):
        # Not TRUNCATE: it refuses to run in a transaction with deferred foreign-key checks.
        cursor.execute(f"DELETE FROM {SearchDocument._meta.db_table}")

    def matching(self, queryset, query, by_relevance):
        found = SearchQuery(tsquery(query), search_type="raw", config="simple")
        queryset = queryset.filter(search_document__vector=found)
        if not by_relevance:
            return queryset
        table = queryset.model._meta.db_table
        # ts_rank's weights are listed D, C, B, A.
        rank = SearchRank(F("search_document__vector"), found, cover_density=True,
                          weights=[weight / BM25_WEIGHTS[0] for weight in BM25_WEIGHTS[::-1]])
        recency = RawSQL(f"1 + EXTRACT(EPOCH FROM now() - {_published_or_created(table)}) / 86400.0 / %s",
                         [_recency_days()], output_field=FloatField())
        return queryset.annotate(relevance=rank / recency).order_by("-relevance", "-id")


class SqliteEngine:
    def write(self, cursor, rows):
        self.remove(cursor, [pk for pk, _fingerprint, _texts in rows])
        cursor.executemany(
            f"INSERT INTO {FTS_TABLE} (rowid, headline, lead, body, forms) VALUES (%s, %s, %s, %s, %s)",
            [(pk, *texts) for pk, _fingerprint, texts in rows])
        cursor.executemany(
            f"""INSERT INTO {SearchDocument._meta.db_table} (article_id, fingerprint, indexed_at)
                VALUES (%s, %s, datetime('now'))
                ON CONFLICT (article_id) DO UPDATE SET fingerprint = excluded.fingerprint,
                    indexed_at = excluded.indexed_at""",
            [(pk, fingerprint) for pk, fingerprint, _texts in rows])

    def remove(self, cursor, ids):
        ids = list(ids)
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({marks})", chunk)
            cursor.execute(f"DELETE FROM {SearchDocument._meta.db_table} "
                           f"WHERE article_id IN ({marks})", chunk)

    def clear(self, cursor):
        cursor.execute(f"DELETE FROM {FTS_TABLE}")
        cursor.execute(f"DELETE FROM {SearchDocument._meta.db_table}")

    def matching(self, queryset, query, by_relevance):
        table = queryset.model._meta.db_table
        queryset = queryset.extra(
            tables=[FTS_TABLE],
            where=[f"{FTS_TABLE}.rowid = {table}.id", f"{FTS_TABLE} MATCH %s"],
            params=[fts5_query(query)])
        if not by_relevance:
            return queryset
        weights = ", ".join(str(weight) for weight in BM25_WEIGHTS)
        age = f"julianday('now') - julianday({_published_or_created(table)})"
        return queryset.extra(
            select={"relevance": f"-bm25({FTS_TABLE}, {weights}) / (1 + ({age}) / %s)"},
            select_params=[_recency_days()],
        ).order_by("-relevance", "-id")


def _recency_days():
    # A very long half-life is "no recency" without a second query shape.
    return float(settings.DATELINE_SEARCH_RECENCY_DAYS) or 1e9


def tsquery(query):
    """The query in PostgreSQL's tsquery syntax. Lexemes are words (``words.tokens``:
    letters and digits only), so quoting them is enough to keep the syntax ours."""
    def unit(item):
        if isinstance(item, Phrase):
            return "(" + " <-> ".join(f"'{lemma}'" for lemma in item.lemmas) + ")"
        options = [f"'{form}'" for form in item.forms]
        if isinstance(item, Prefix) and len(item.start) >= MIN_PREFIX:
            options.append(f"'{item.start}':*")
        return "(" + " | ".join(options) + ")"

    parts = [unit(item) for item in query.required]
    parts += [f"!{unit(item)}" for item in query.excluded]
    return " & ".join(parts)


def fts5_query(query):
    """The query in FTS5's syntax; every word is a quoted string, never an operator."""
    def unit(item):
        if isinstance(item, Phrase):
            return '"' + " ".join(item.lemmas) + '"'
        options = [f'"{form}"' for form in item.forms]
        if isinstance(item, Prefix) and len(item.start) >= MIN_PREFIX:
            options.append(f'"{item.start}"*')
        return "(" + " OR ".join(options) + ")"

    matched = " AND ".join(unit(item) for item in query.required)
    if query.excluded:
        matched = f"({matched}) NOT (" + " OR ".join(unit(item) for item in query.excluded) + ")"
    return matched
