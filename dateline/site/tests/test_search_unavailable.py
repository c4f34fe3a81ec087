"""Search breaks: the search page says so with a 503, and everything else goes on working.

The failure is real: the search index table is renamed away under the running site, so
the search backend's queries (and its index writes) fail in the database itself.
"""

import contextlib
import io
import logging

import pytest
from django.core.management import call_command
from django.db import connection

from dateline.health.tests.fault import migrated_data  # noqa: F401 (fixture)
from dateline.newsroom import actions

INDEX_TABLE = "wagtailsearch_indexentry"
GONE = INDEX_TABLE + "_gone"


@contextlib.contextmanager
def _search_index_gone():
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {quote(INDEX_TABLE)} RENAME TO {quote(GONE)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {quote(GONE)} RENAME TO {quote(INDEX_TABLE)}")


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migrated_data")
def test_broken_search_is_a_503_and_the_rest_of_the_site_works(client, settings, editor,
                                                                 make_published, make_draft,
                                                                 caplog):
    """With the index unreadable: search answers 503 "Search is unavailable right now"
    (and logs why); pages, the feed and publishing all work; once the index is back and
    brought up to date, search finds everything, including what was published meanwhile.
    """
    settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "dateline.health.search_backend"}}
    article = make_published("Kherson bridge reopens")
    found = client.get("/global/search/?q=Kherson")
    assert found.status_code == 200 and "Kherson bridge reopens" in found.content.decode()

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

    call_command("update_index", stdout=io.StringIO(), stderr=io.StringIO())
    for words, headline in (("bridge", "Kherson bridge reopens"),
                            ("ferry", "Ferry service resumes")):
        response = client.get(f"/global/search/?q={words}")
        assert response.status_code == 200
        assert headline in response.content.decode()
