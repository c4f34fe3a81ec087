"""Open pages update themselves, in Chromium: a reader keeps a live article open while the
newsroom posts, edits and deletes entries, publishes an article and shows it in the
breaking-news banner (which leaves open pages by itself at its time); without JavaScript a
reload shows the same.

Playwright keeps this thread from the database while a tab is open (``site/tests/browser``),
so the newsroom acts from a thread of its own, as another process would.
"""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from dateline.breaking.actions import EndBreakingAction, MarkBreakingAction
from dateline.live.actions import DeleteEntryAction, EntryChanges, PostEntryAction
from dateline.newsroom.actions import PublishAction
from dateline.newsroom.models import Article
from dateline.site.tests.browser import browser, migrated_database, needs_chromium, serve_media  # noqa: F401  (fixtures)
from dateline.site.tests.conftest import newsroom  # noqa: F401  (fixture)

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True),
              pytest.mark.usefixtures("needs_chromium", "migrated_database")]

WAIT = 30_000  # ms: the feed is asked every 10-12.5 s (the live stream every 2-2.5 s)


def meanwhile(work):
    """Do ``work`` in another thread, with its own connection, and wait for it."""
    from django.db import connection

    outcome = {}

    def run():
        try:
            outcome["value"] = work()
        except BaseException as error:  # handed to the test below
            outcome["error"] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(60)
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


def post(article, text, user, **fields):
    return PostEntryAction(article, EntryChanges(text=text, **fields), user=user).execute()


@pytest.fixture
def coverage(newsroom, make_published, make_draft, editor, main_edition, global_edition):  # noqa: F811
    def make(code):
        edition = main_edition if code == "main" else global_edition
        live = make_published(f"Night of strikes {code}", edition=edition, kind=Article.Kind.LIVE)
        first = post(live, f"Air raid alert {code}.", editor)
        draft = make_draft(f"Power grid hit {code}", edition=edition)
        return live, first, draft

    return make


@pytest.mark.parametrize("code", ["global", "main"])
def test_an_open_page_gets_entries_and_news_without_a_reload(browser, coverage, editor, code):  # noqa: F811
    live, first, draft = coverage(code)
    path = live.get_absolute_url()
    tab = browser.open()
    page = tab.goto(path)
    entries, news = page.locator("#live-entries"), page.locator(".feed .items")
    assert f"Air raid alert {code}." in entries.text_content()

    second = meanwhile(lambda: post(live, f"Drones shot down {code}.", editor))
    meanwhile(lambda: PublishAction(draft, user=editor).execute())
    banner = meanwhile(lambda: MarkBreakingAction(draft, "1h", user=editor).execute())
    entries.get_by_text(f"Drones shot down {code}.").wait_for(timeout=WAIT)
    news.get_by_text(f"Power grid hit {code}").wait_for(timeout=WAIT)
    page.locator(".masthead .breaking").get_by_text(f"Power grid hit {code}").wait_for(
        timeout=WAIT)  # the breaking-news banner, without a reload
    assert page.locator("#live-entries > li").first.get_attribute("id") == f"entry-{second.pk}"

    meanwhile(lambda: DeleteEntryAction(first, user=editor).execute())
    meanwhile(lambda: EndBreakingAction(banner, user=editor).execute())
    page.locator(f"#entry-{first.pk}").wait_for(state="detached", timeout=WAIT)
    page.locator(".masthead .breaking").wait_for(state="detached", timeout=WAIT)
    tab.check_clean()

    without_js = browser.open(javascript=False).goto(path)
    assert f"Drones shot down {code}." in without_js.locator("#live-entries").text_content()
    assert f"Air raid alert {code}." not in without_js.content()
    assert f"Power grid hit {code}" in without_js.locator(".feed").text_content()


def test_an_open_page_loses_the_banner_when_its_time_is_up(browser, make_published, editor):  # noqa: F811
    """The banner goes by itself at its time: an open page drops it without a reload (the
    clock of the site moved past its end), and a page loaded after shows none."""
    story, other = make_published("Dam breached"), make_published("Other story")
    MarkBreakingAction(story, "30m", user=editor).execute()
    path = other.get_absolute_url()
    tab = browser.open()
    page = tab.goto(path)
    banner = page.locator(".masthead .breaking")
    assert "Dam breached" in banner.text_content()
    with time_machine.travel(timezone.now() + timedelta(minutes=31), tick=True):
        banner.wait_for(state="detached", timeout=WAIT)
        assert tab.goto(path).locator(".masthead .breaking").count() == 0
    tab.check_clean()


def test_a_reader_who_has_scrolled_away_is_not_moved(browser, coverage, editor):  # noqa: F811
    live, first, _ = coverage("global")
    path = live.get_absolute_url()
    tab = browser.open(width=375, height=600)
    page = tab.goto(path)
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    meanwhile(lambda: post(live, "Explosions in the west.", editor))
    pill = page.locator("#live-entries").locator("xpath=preceding-sibling::div[1]/button")
    pill.wait_for(state="visible", timeout=WAIT)
    assert pill.text_content() == "1 new"
    assert page.locator("#live-entries").get_by_text("Explosions in the west.").count() == 0
    pill.click()
    page.locator("#live-entries").get_by_text("Explosions in the west.").wait_for(timeout=WAIT)
    assert pill.is_hidden()
    tab.check_clean()
