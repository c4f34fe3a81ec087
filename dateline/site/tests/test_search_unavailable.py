"""Search breaks: the search page says so with a 503, and everything else goes on working.

The failure is real: the search index's table (FTS5's on SQLite, the documents' on
PostgreSQL) is renamed away under the running site, so searches and index writes fail in
the database itself.
"""

import contextlib
import io
import logging

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.db import connection

from dateline.health.tests.fault import migrated_data  # noqa: F401 (fixture)
from dateline.newsroom import actions
from dateline.search.models import PendingIndex


def _text(response):
    """The page as a reader reads it (search marks the words it found)."""
    return BeautifulSoup(response.content, "html.parser").get_text()


@contextlib.contextmanager
def _search_index_gone():
    table = "search_searchdocument" if connection.vendor == "postgresql" else "search_fts"
    gone = table + "_gone"
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {quote(table)} RENAME TO {quote(gone)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {quote(gone)} RENAME TO {quote(table)}")


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migrated_data")
def test_broken_search_is_a_503_and_the_rest_of_the_site_works(client, settings, editor,
                                                                 make_published, make_draft,
                                                                 caplog):
    """With the index unreadable: search answers 503 "Search is unavailable right now"
    (and logs why); pages, the feed and publishing all work; once the index is back and
    brought up to date, search finds everything, including what was published meanwhile.
    """
    article = make_published("Kherson bridge reopens")
    found = client.get("/global/search/?q=Kherson")
    assert found.status_code == 200 and "Kherson bridge reopens" in _text(found)

    with _search_index_gone():  # the fault
        caplog.set_level(logging.ERROR, logger="dateline.site")
        for _attempt in range(2):  # the failure is not cached
            response = client.get("/global/search/?q=bridge")  # not in the page cache
            assert response.status_code == 503
            assert "Search is unavailable right now" in response.content.decode()
            assert response["Retry-After"] == "60"
        assert any("search is unavailable" in r.getMessage() for r in caplog.records)

        assert client.get("/global/search/").status_code == 200  # no query, no backend
        for page in ("/global/", "/global/news/", article.get_absolute_url(),
                     "/feeds/global/rss.xml", "/sitemap.xml"):
            assert client.get(page).status_code == 200, page
        late = actions.PublishAction(make_draft("Ferry service resumes"), user=editor).execute()
        assert late.live
        assert client.get(late.get_absolute_url()).status_code == 200

    # What was published meanwhile is still queued; the worker (or this command) indexes it.
    assert PendingIndex.objects.filter(article_id=late.pk).exists()
    call_command("search_index", "resume", stdout=io.StringIO())
    assert not PendingIndex.objects.exists()
    for words, headline in (("bridge", "Kherson bridge reopens"),
                            ("ferry", "Ferry service resumes")):
        response = client.get(f"/global/search/?q={words}")
        assert response.status_code == 200
        assert headline in _text(response)
