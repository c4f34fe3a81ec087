"""In Chromium: reading an article sends one beacon, within the strict CSP and without a
cookie, and the site counts it in the process's tally (no write)."""

import pytest

from dateline.mostread import tally
from dateline.site.tests.browser import browser, migrated_database, needs_chromium, serve_media  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True),
              pytest.mark.usefixtures("needs_chromium", "migrated_database")]


def test_an_article_page_counts_one_read_and_the_home_page_none(browser, make_published):
    tally.forget()
    article = make_published("A story readers open")
    path, pk = article.get_absolute_url(), article.pk
    visit = browser.open()
    with visit.page.expect_request(lambda r: r.url.endswith("/reads")) as sent:
        visit.goto(path)
    beacon = sent.value
    assert beacon.method == "POST" and beacon.post_data == str(pk)
    response = beacon.response()
    assert response.status == 204 and "set-cookie" not in response.headers
    assert "cookie" not in beacon.headers
    visit.goto("/global/")
    visit.page.wait_for_timeout(300)
    visit.check_clean()
    assert dict(tally._counts) == {pk: 1}
    tally.forget()
