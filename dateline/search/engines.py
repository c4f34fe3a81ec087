"""The two engines behind one interface: PostgreSQL's tsvector and SQLite's FTS5.

Both keep the same four texts of an article, as lemmas (``words.lemmas``): headline,
lead, body and the words' other forms; both weigh them in that order. Views never know
which engine answers: ``engine_for(queryset).matching(queryset, query, by_relevance)``
narrows any article queryset (the public ``published()`` one, the desk's) to the matching
articles, ordered by relevance blended with recency when asked; ``best`` gives the ids of
the few best without ranking every match (what a page shows, at a million articles),
``newest`` the matches for a newest-first page, ``count`` how many, up to a bound.

Recency: an article's relevance is divided by ``1 + age / DATELINE_SEARCH_RECENCY_DAYS``,
so with the default of 30 days an article a month old needs twice the relevance of one
published now to rank beside it, and a year-old one thirteen times (0 turns it off).
"""

import time
from datetime import timedelta
from typing import NamedTuple

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connections
from django.db.models import F, FloatField, Value
from django.db.models.expressions import RawSQL
from django.utils import timezone

from .models import SearchDocument
from .query import Phrase, Prefix

FTS_TABLE = "search_fts"
# Headline, lead, body, other forms: FTS5's bm25 weights, and PostgreSQL's A-D classes.
BM25_WEIGHTS = (10.0, 4.0, 1.0, 0.5)
# A prefix this short would expand to half the dictionary; it matches as a whole word.
MIN_PREFIX = 3
# ``best`` reads the matches of the last so many days, widening until the best of them
# cannot be beaten by older ones. Read by date, every row is read once whatever the bands,
# so they are narrow (the first that suffices is not much wider than needed); read from
# the index, each band reads the words' entries again, so they are few.
WINDOWS_BY_DATE = (7, 14, 30, 45, 60, 90, 120, 180, 240, 360, 480, 720, 960)
WINDOWS_FROM_INDEX = (7, 30, 120, 480, 1_920, 7_680)
# A word in more of the documents than this is not read from the GIN index (``_narrowed``).
COMMON_SHARE = 0.05
# So many matches or fewer (counted through the index, as the page counts) are ranked at
# once.
FEW = 200
# How long a process keeps PostgreSQL's word statistics before reading them again.
SHARES_SECONDS = 300


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
        """``rows``: (article id, fingerprint, its time, Texts) to insert or replace."""
        cursor.executemany(
            f"""INSERT INTO {SearchDocument._meta.db_table}
                    (article_id, fingerprint, dated_at, indexed_at, vector)
                VALUES (%s, %s, %s, now(),
                    setweight(to_tsvector('simple', %s), 'A')
                    || setweight(to_tsvector('simple', %s), 'B')
                    || setweight(to_tsvector('simple', %s), 'C')
                    || setweight(to_tsvector('simple', %s), 'D'))
                ON CONFLICT (article_id) DO UPDATE SET fingerprint = EXCLUDED.fingerprint,
                    dated_at = EXCLUDED.dated_at, indexed_at = EXCLUDED.indexed_at,
                    vector = EXCLUDED.vector""",
            [(pk, fingerprint, dated_at, *texts) for pk, fingerprint, dated_at, texts in rows])

    def remove(self, cursor, ids):
        cursor.execute(f"DELETE FROM {SearchDocument._meta.db_table} WHERE article_id = ANY(%s)",
                       [list(ids)])

    def clear(self, cursor):
        # Not TRUNCATE: it refuses to run in a transaction with deferred foreign-key checks.
        cursor.execute(f"DELETE FROM {SearchDocument._meta.db_table}")

    def matching(self, queryset, query, by_relevance, now=None):
        found = SearchQuery(tsquery(query), search_type="raw", config="simple")
        queryset = queryset.filter(search_document__vector=found)
        return self._ranked(queryset, found, now) if by_relevance else queryset

    def _ranked(self, queryset, found, now=None):
        # ts_rank's weights are listed D, C, B, A; normalization 32 makes it rank / (rank
        # + 1), under 1 whatever the text, which is what lets ``best`` stop early.
        rank = SearchRank(F("search_document__vector"), found, cover_density=True,
                          weights=[weight / BM25_WEIGHTS[0] for weight in BM25_WEIGHTS[::-1]],
                          normalization=Value(32))
        table = queryset.model._meta.db_table
        recency = RawSQL(f"1 + EXTRACT(EPOCH FROM %s - {_published_or_created(table)}) "
                         f"/ 86400.0 / %s", [now or timezone.now(), _recency_days()],
                         output_field=FloatField())
        return queryset.annotate(relevance=rank / recency).order_by("-relevance", "-id")

    def _narrowed(self, queryset, query):
        """(the matches of ``query``, whether the index found them). The index is asked
        for its uncommon words only (GIN reads every entry of each word it is given:
        «Україна», in 392,000 documents of a million, takes 66 ms), the whole query is
        checked on the rows it gives. When every word is common (``COMMON_SHARE``) the
        index is not asked at all: the caller reads the newest rows by date."""
        table = SearchDocument._meta.db_table
        shares = _lemma_shares(queryset.db)
        uncommon = [unit for unit in query.required if _share(unit, shares) < COMMON_SHARE]
        checked = queryset.filter(search_document__dated_at__isnull=False).extra(
            where=[f"COALESCE({table}.vector, ''::tsvector) @@ to_tsquery('simple', %s)"],
            params=[tsquery(query)])
        if not uncommon:
            return checked, False
        found = SearchQuery(" & ".join(map(_unit, uncommon)), search_type="raw", config="simple")
        return checked.filter(search_document__vector=found), True

    def best(self, queryset, query, count, total=None, public=False):
        """The ids of the ``count`` most relevant matches, reading the newest first.

        A match's relevance is under ``1 / (1 + age / recency days)`` (its rank is under
        1), so once the ``count``-th best of the matches of the last ``days`` scores at
        least what any older one could, the older ones cannot change the answer: a common
        word's hundred thousand matches need not all be ranked. The days are read band by
        band (each row once); a word with few matches (``total``, counted if not given)
        is ranked at once. ``public``: ``queryset`` holds published articles only, whose
        days a common word's bands read from the articles' own date index (one edition's
        feed index: a quarter of the rows of the index table's dates for the English
        edition's 45 days, 2.5 ms against 11.7)."""
        now = timezone.now()
        narrowed, indexed = self._narrowed(queryset, query)
        found = SearchQuery(tsquery(query), search_type="raw", config="simple")
        if indexed:
            if total is None:
                total = narrowed.values("pk")[:FEW + 1].count()
            if total <= FEW:
                return _ids(self._ranked(narrowed, found, now)[:count])
        dated = "first_published_at" if public and not indexed else "search_document__dated_at"
        best, newer = [], None
        for days in (WINDOWS_FROM_INDEX if indexed else WINDOWS_BY_DATE):
            older = now - timedelta(days=days)
            band = narrowed.filter(**{f"{dated}__gte": older})
            if newer is not None:
                band = band.filter(**{f"{dated}__lt": newer})
            best = _top(best, self._ranked(band, found, now)[:count], count)
            if len(best) == count and best[-1][1] >= 1 / (1 + days / _recency_days()):
                return [pk for pk, _relevance in best]
            newer = older
        # What is older, from the index (a query of common words whose recent matches were
        # too few or too weak: the whole query's entries, older than the bands read).
        rest = (narrowed if indexed else queryset.filter(search_document__vector=found))
        rest = rest.filter(**{f"{dated}__lt": newer})
        return [pk for pk, _relevance in _top(best, self._ranked(rest, found, now)[:count], count)]

    def newest(self, queryset, query):
        """The matches, for the caller to order newest first: through the index by the
        uncommon words, or by date (the planner then walks the date index) when all are
        common."""
        return self._narrowed(queryset, query)[0]

    def count(self, queryset, query, most):
        """Matches up to ``most`` + 1, or None for words too common to count quickly
        (counting even a thousand of their matches reads tens of thousands of rows)."""
        narrowed, indexed = self._narrowed(queryset, query)
        return narrowed.values("pk")[:most + 1].count() if indexed else None


def _ids(ranked):
    return list(ranked.values_list("pk", flat=True))


def _top(best, more, count):
    """The ``count`` best of (pk, relevance) rows, in the queries' order, each article once
    (bands are disjoint, but an article re-dated between two of them must not show twice)."""
    rows = dict(best)
    for pk, relevance in more.values_list("pk", "relevance"):
        rows.setdefault(pk, relevance)
    return sorted(rows.items(), key=lambda row: (-row[1], -row[0]))[:count]


def _lemma_shares(db):
    """Each common lemma's share of the documents, from PostgreSQL's statistics of the index
    (``ANALYZE`` keeps the thousand commonest), read again every few minutes."""
    now = time.monotonic()
    known = _SHARES.get(db)
    if known and now - known[0] < SHARES_SECONDS:
        return known[1]
    with connections[db].cursor() as cursor:
        cursor.execute("SELECT most_common_elems::text::text[], most_common_elem_freqs "
                       "FROM pg_stats WHERE tablename = %s AND attname = 'vector'",
                       [SearchDocument._meta.db_table])
        row = cursor.fetchone()
    shares = dict(zip(row[0], row[1], strict=False)) if row and row[0] else {}
    _SHARES[db] = (now, shares)
    return shares


_SHARES = {}


def _share(unit, shares):
    """The share of documents that may match ``unit``: its forms' summed, a phrase's rarest
    word's; a word the statistics do not list is rarer than any they do."""
    if isinstance(unit, Phrase):
        return min(shares.get(lemma, 0.0) for lemma in unit.lemmas)
    lemmas = set(unit.forms)
    if isinstance(unit, Prefix):  # and the lemmas it begins
        lemmas.update(lemma for lemma in shares if lemma.startswith(unit.start))
    return min(1.0, sum(shares.get(lemma, 0.0) for lemma in lemmas))


class SqliteEngine:
    def write(self, cursor, rows):
        self.remove(cursor, [row[0] for row in rows])
        cursor.executemany(
            f"INSERT INTO {FTS_TABLE} (rowid, headline, lead, body, forms) VALUES (%s, %s, %s, %s, %s)",
            [(pk, *texts) for pk, _fingerprint, _dated_at, texts in rows])
        cursor.executemany(
            f"""INSERT INTO {SearchDocument._meta.db_table}
                    (article_id, fingerprint, dated_at, indexed_at)
                VALUES (%s, %s, %s, datetime('now'))
                ON CONFLICT (article_id) DO UPDATE SET fingerprint = excluded.fingerprint,
                    dated_at = excluded.dated_at, indexed_at = excluded.indexed_at""",
            [(pk, fingerprint, _adapt(cursor, dated_at))
             for pk, fingerprint, dated_at, _texts in rows])

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

    def matching(self, queryset, query, by_relevance, now=None):
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


    def best(self, queryset, query, count, total=None, public=False):
        """The ids of the ``count`` most relevant matches (FTS5 ranks them all: the
        embedded default's archives are not a million articles)."""
        return list(self.matching(queryset, query, True).values_list("pk", flat=True)[:count])

    def newest(self, queryset, query):
        return self.matching(queryset, query, False)

    def count(self, queryset, query, most):
        return self.matching(queryset, query, False).values("pk")[:most + 1].count()


def _adapt(cursor, moment):
    return cursor.db.ops.adapt_datetimefield_value(moment)


def _recency_days():
    # A very long half-life is "no recency" without a second query shape.
    return float(settings.DATELINE_SEARCH_RECENCY_DAYS) or 1e9


def tsquery(query):
    """The query in PostgreSQL's tsquery syntax. Lexemes are words (``words.tokens``:
    letters and digits only), so quoting them is enough to keep the syntax ours."""
    parts = [_unit(item) for item in query.required]
    parts += [f"!{_unit(item)}" for item in query.excluded]
    return " & ".join(parts)


def _unit(item):
    if isinstance(item, Phrase):
        return "(" + " <-> ".join(f"'{lemma}'" for lemma in item.lemmas) + ")"
    options = [f"'{form}'" for form in item.forms]
    if isinstance(item, Prefix) and len(item.start) >= MIN_PREFIX:
        options.append(f"'{item.start}':*")
    return "(" + " | ".join(options) + ")"


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
