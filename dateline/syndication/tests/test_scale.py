"""Sitemaps read only what they list, however many articles there are.

An article sitemap page is one primary-key range (``id > a AND id <= b``), never an
OFFSET; the news sitemap reads the edition's feed index with a LIMIT; the index skips from
page to page with one short query each. Rows are counted as the database cursor hands
them over, so a query that fetched rows and dropped them in Python would show.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.backends.utils import CursorWrapper
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext

from dateline.newsroom.models import Article

from .reading import NS, parse, urls

pytestmark = pytest.mark.django_db

MANY = 300


@pytest.fixture
def many(world):
    """MANY more published articles in each edition, every third one translated."""
    now = world["now"]
    made = {}
    for code in ("main", "global"):
        edition = world[code]["edition"]
        made[code] = Article.objects.bulk_create(
            Article(edition=edition, locale_id=edition.locale_id, headline=f"Bulk {n}",
                    slug=f"bulk-{n}", live=True, lead="", body=[],
                    first_published_at=now - timedelta(minutes=n),
                    last_published_at=now - timedelta(minutes=n))
            for n in range(MANY))
    for ukrainian, english in list(zip(made["main"], made["global"], strict=False))[::3]:
        Article.objects.filter(pk=english.pk).update(translation_key=ukrainian.translation_key)
    return made


class Reads:
    """Counts, per query, the rows the database hands over, and the Articles built."""

    def __init__(self, monkeypatch):
        self.rows, self.built = [], 0
        reads = self

        def counted(name):
            def fetch(cursor, *args):
                result = getattr(cursor.cursor, name)(*args)
                got = 0 if result is None else 1 if name == "fetchone" else len(result)
                reads.rows.append((reads.sql(), got))
                return result
            return fetch

        for name in ("fetchone", "fetchmany", "fetchall"):
            monkeypatch.setattr(CursorWrapper, name, counted(name), raising=False)
        self.queries = CaptureQueriesContext(connection)

    def sql(self):
        return self.queries.captured_queries[-1]["sql"]

    def __enter__(self):
        post_init.connect(self._built, sender=Article)
        self.queries.__enter__()
        return self

    def _built(self, **kwargs):
        self.built += 1

    def __exit__(self, *exc):
        self.queries.__exit__(*exc)
        post_init.disconnect(self._built, sender=Article)

    def article_rows(self, *words):
        """Rows fetched by queries on the article table whose SQL holds all ``words``."""
        return sum(got for sql, got in self.rows
                   if 'FROM "newsroom_article"' in sql and all(w in sql for w in words))

    @property
    def sql_on_articles(self):
        return [q["sql"] for q in self.queries.captured_queries
                if 'FROM "newsroom_article"' in q["sql"]]


@pytest.mark.parametrize("size", [100, 400])
def test_article_sitemap_page_fetches_only_what_it_lists(client, world, many, settings,
                                                          monkeypatch, size):
    """A page reads its articles by an id range with no OFFSET, fetches exactly one row per
    URL listed plus one per translation shown, builds no model, and takes 4 queries
    whatever the page size."""
    settings.DATELINE_SITEMAP_PAGE_SIZE = size
    # The page (ids in ((page - 1) * size, page * size]) holding the last translated bulk
    # article, wherever the ids happen to start.
    translated = many["global"][::3][-1]
    page = (translated.pk - 1) // size + 1
    with Reads(monkeypatch) as reads:
        root = parse(client.get(f"/sitemaps/global/articles.xml?p={page}"))
    listed = urls(root)
    assert 0 < len(listed) <= size
    main_query = [q for q in reads.sql_on_articles if '"slug" AS "slug"' in q
                  and '"translation_key" AS' in q and "IN (SELECT" not in q]
    assert len(main_query) == 1
    assert f'"id" > {(page - 1) * size}' in main_query[0]
    assert f'"id" <= {page * size}' in main_query[0]
    assert not any("OFFSET" in q.upper() for q in reads.sql_on_articles)
    alternates = sum(1 for url in listed.values()
                     for link in url.findall("xhtml:link", NS)
                     if link.get("hreflang") == "uk")
    assert alternates > 0
    assert reads.article_rows() == len(listed) + alternates
    assert reads.built == 0
    assert len(reads.queries.captured_queries) == 4


def test_news_sitemap_fetches_one_page_with_a_limit(client, world, many, settings, monkeypatch):
    """The news sitemap asks for one page with LIMIT and fetches only its rows."""
    settings.DATELINE_NEWS_SITEMAP_SIZE = 50
    with Reads(monkeypatch) as reads:
        listed = urls(parse(client.get("/sitemaps/global/news.xml?p=2")))
    assert len(listed) == 50
    assert any("LIMIT 50" in q for q in reads.sql_on_articles)
    assert reads.article_rows() == 50 and reads.built == 0


def test_index_skips_from_page_to_page(client, world, many, settings, monkeypatch):
    """The index reads one id per listed article page (plus one to find the end), and a
    count for the news sitemap: never a list of articles."""
    settings.DATELINE_SITEMAP_PAGE_SIZE = 50
    with Reads(monkeypatch) as reads:
        root = parse(client.get("/sitemap.xml"))
    pages = [loc for loc in root.itertext() if "/articles.xml" in loc]
    assert len(pages) > 4
    assert reads.built == 0
    assert reads.article_rows() == len(pages) + 2  # one id a page, and the 2 news counts
    # The editions; per edition its page probes, one that finds the end, the news count.
    assert len(reads.queries.captured_queries) == 1 + len(pages) + 2 * 2
