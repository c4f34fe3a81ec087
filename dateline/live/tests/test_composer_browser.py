"""The live composer in a real browser: two editors post into one live article at once.

Playwright drives Debian's Chromium against the live server, with the composer's script
(``live/composer.js``); skipped without Chromium, like the desk's other browser tests
(``dateline/newsroom/tests/test_desk_browser.py``, whose ``in_thread`` reads the database
while a tab is open).
"""

import pytest
from django.utils import timezone

from dateline.live.models import Entry
from dateline.newsroom.models import Article
from dateline.newsroom.tests.test_desk_browser import in_thread
from dateline.site.tests.browser import browser, migrated_database, needs_chromium, serve_media  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True),
              pytest.mark.usefixtures("needs_chromium", "migrated_database")]


def sign_in(browser, user, path):
    tab = browser.open()
    page = tab.page
    page.set_default_timeout(15_000)
    page.goto(tab.base_url + "/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "pw-" + user.username)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")
    tab.goto(path)
    # Set once per page load: still there after a post means the page was not reloaded.
    page.evaluate("window.__notReloaded = true")
    return tab


def entries(page):
    return page.locator("[data-composer-entries] .live-entry__body").all_inner_texts()


def test_two_editors_post_at_once_and_both_entries_appear_without_reload(
        browser, make_live, editor, other_editor):
    """One editor posts with Ctrl+Enter, the other with the button, while the second
    holds the article's lock: each entry appears in both composers without a reload, the
    text box emptied and focused again, and both are public, newest first."""
    article = make_live()
    Article.objects.filter(pk=article.pk).update(locked=True, locked_by=other_editor,
                                                  locked_at=timezone.now())
    path = f"/admin/live/{article.pk}/"
    first = sign_in(browser, editor, path)
    second = sign_in(browser, other_editor, path)

    first.page.fill("textarea[name=text]", "Air raid alert in Kyiv & <Lviv>.")
    first.page.press("textarea[name=text]", "Control+Enter")
    first.page.wait_for_function(
        "document.querySelector('[data-composer-entries]').innerText.includes('Air raid')")
    assert first.page.input_value("textarea[name=text]") == ""
    assert first.page.evaluate("document.activeElement.name") == "text"

    second.page.fill("textarea[name=text]", "Explosions heard on the left bank.")
    second.page.click("[data-composer-post]")
    second.page.wait_for_function(
        "document.querySelector('[data-composer-entries]').innerText.includes('left bank')")
    assert entries(second.page) == ["Explosions heard on the left bank.",
                                    "Air raid alert in Kyiv & <Lviv>."]
    # The first editor's list is read again by itself.
    first.page.wait_for_function(
        "document.querySelector('[data-composer-entries]').innerText.includes('left bank')")
    assert entries(first.page) == entries(second.page)
    for tab in (first, second):
        assert tab.page.evaluate("window.__notReloaded") is True
        tab.check_clean()

    def stored():
        return ([entry.body[0].value.source for entry in
                 Entry.objects.public().filter(article=article).newest_first()],
                Article.objects.get(pk=article.pk).locked_by_id)

    bodies, locked_by = in_thread(stored)
    assert bodies == ["<p>Explosions heard on the left bank.</p>",
                      "<p>Air raid alert in Kyiv &amp; &lt;Lviv&gt;.</p>"]
    assert locked_by == other_editor.pk
