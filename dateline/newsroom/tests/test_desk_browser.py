"""The editor's desk in a real browser, at an editor's speed.

Playwright drives Debian's Chromium against the live server, with Wagtail's own scripts:
autosave (every change, after half a second), the chooser, the editing-session pings, the
preview panel and the date picker. Like the site's browser tests these are skipped without
Chromium (``.ci/run`` installs it and makes them required).

While a tab is open the test thread cannot query the database (see
``dateline.site.tests.browser.Browser``); ``in_thread`` runs those reads and writes in a
thread of their own.
"""

import threading
import time
from datetime import UTC, datetime

import pytest
import time_machine
from django.db import connections
from wagtail.models import ModelLogEntry

from dateline.newsroom import scheduling
from dateline.newsroom.models import Article, Tag
from dateline.site.tests.browser import browser, migrated_database, needs_chromium, serve_media  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True),
              pytest.mark.usefixtures("needs_chromium", "migrated_database")]

REFUSED = "newer version of this article"
PUBLISHES = 20
# Wagtail's unsaved-changes watch starts two seconds after the page loads; edits before
# that are taken as the form's starting point and never autosaved.
WATCHING = """document.addEventListener("w-unsaved:watch-edits",
                                        () => { window.__watching = true; });"""


def in_thread(function, *args):
    """``function(*args)`` in a thread with its own database connection; its result."""
    result = {}

    def run():
        try:
            result["value"] = function(*args)
        except BaseException as error:  # handed back to the test thread
            result["error"] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in result:
        raise result["error"]
    return result["value"]


def edit_path(article_pk):
    return f"/admin/snippets/newsroom/article/edit/{article_pk}/"


class Desk:
    """One editor's tab on the desk."""

    def __init__(self, page, base_url):
        self.page, self.base_url = page, base_url
        self.warnings = 0
        page.add_init_script(WATCHING)
        page.set_default_timeout(15_000)

    @classmethod
    def sign_in(cls, browser, user):
        tab = browser.open()
        desk = cls(tab.page, tab.base_url)
        desk.page.goto(desk.base_url + "/admin/login/")
        desk.page.fill("#id_username", user.username)
        desk.page.fill("#id_password", "pw-" + user.username)
        desk.page.click("button[type=submit]")
        desk.page.wait_for_url("**/admin/")
        return desk

    def another_tab(self):
        """A second tab of the same browser (same sign-in)."""
        return Desk(self.page.context.new_page(), self.base_url)

    def open(self, article_pk):
        self.page.goto(self.base_url + edit_path(article_pk))
        self.page.wait_for_function("window.__watching === true")

    def _autosave(self, edit):
        """Do ``edit`` and wait for the autosave it sets off; its JSON answer."""
        with self.page.expect_response(
                lambda r: r.request.method == "POST" and "/edit/" in r.url
                and r.request.headers.get("accept") == "application/json") as answer:
            edit()
        return answer.value.json()

    def type_headline(self, text):
        return self._autosave(lambda: self.page.fill("#id_headline", text))

    def pick_tag(self, name):
        """Replace the article's tag with ``name``, through the chooser (autosaved after)."""
        page = self.page
        page.click("#tab-label-classification")
        chosen = page.locator("[id^=id_tag_links-][id$=-DELETE-button]:visible")
        if chosen.count():
            chosen.first.click()
        page.click("#id_tag_links-OPEN_MODAL")
        page.locator(f".modal-dialog input[title='Select {name}']").check()
        page.locator(".modal-dialog [data-multiple-choice-submit]").click()
        page.wait_for_selector(".modal-dialog", state="detached")

    def publish(self):
        """Press "Publish" (in the save menu); the message the desk answers with.

        Wagtail's editing-session script may stop the submit to warn of a newer version
        (``warnings`` counts those): the editor goes on anyway, which is what the server's
        own check is for.
        """
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        page = self.page
        page.locator("footer [data-w-dropdown-target=toggle]").first.click()
        try:
            with page.expect_navigation(timeout=5_000):
                page.click("button[name=action-publish]")
        except PlaywrightTimeout:
            self.warnings += 1
            with page.expect_navigation():
                page.click("#w-save-confirmation-dialog [data-w-dialog-target=confirm]")
        return page.locator(".messages").inner_text()

    def schedule(self, go_live, expiry):
        """Type go-live and expiry in the "Set schedule" dialog and save; the dialog's text
        as the editor read it."""
        page = self.page
        page.click("[data-side-panel-toggle=status]")
        page.click("[data-a11y-dialog-show=schedule-publishing-dialog]")
        dialog = page.locator("#schedule-publishing-dialog")
        page.fill("#id_go_live_at", go_live)
        page.fill("#id_expire_at", expiry)
        dialog.locator("h2").first.click()  # away from the date picker, which then closes
        # ... most of the time: under load it can open again over the Save button, which
        # an editor would close by hand. The test is about the times, not the picker: the
        # click goes to the button itself, not to whatever lies on top of it.
        text = dialog.inner_text()
        with page.expect_navigation():
            dialog.locator("button[type=submit]").dispatch_event("click")
        return text


def _article_state(pk):
    article = Article.objects.get(pk=pk)
    return {
        "live": article.live, "headline": article.headline,
        "tags": [link.tag.name for link in article.tag_links.all()],
        "publishes": ModelLogEntry.objects.filter(object_id=str(pk),
                                                  action="wagtail.publish").count(),
    }


def _schedule_of(pk):
    article = Article.objects.get(pk=pk)
    return article.live, article.go_live_at, article.expire_at


def public_visit(browser, path):
    """A reader's first visit (a new browser, nothing cached): status and dateline."""
    tab = browser.open()
    response = tab.page.goto(tab.base_url + path)
    page = tab.page
    if response.status != 200:
        return response.status, None, None
    stamp = page.locator(".dateline time")
    return 200, stamp.get_attribute("datetime"), stamp.inner_text()


@pytest.fixture
def tags(global_edition):
    return [Tag.objects.create(edition=global_edition, name=f"Tag {n}", slug=f"tag-{n}")
            for n in range(2)]


def test_publishing_after_ones_own_autosave_twenty_times_in_a_row(browser, editor, tags,
                                                                  make_draft, capsys):
    """Open, type, wait for the autosave, pick a tag, publish at once (the pick's autosave
    still on its way): twenty times in a row, never refused, each one published."""
    article = make_draft("Twenty publishes")
    desk = Desk.sign_in(browser, editor)
    started, refusals = time.monotonic(), []
    for n in range(PUBLISHES):
        desk.open(article.pk)
        assert desk.type_headline(f"Run {n}")["success"]
        desk.pick_tag(f"Tag {n % 2}")
        message = desk.publish()
        if REFUSED in message or "published" not in message:
            refusals.append((n, message))
    elapsed = time.monotonic() - started
    with capsys.disabled():
        print(f"\n{PUBLISHES - len(refusals)}/{PUBLISHES} publishes after autosave accepted "
              f"in Chromium, {elapsed:.1f} s; Wagtail's newer-version warning shown "
              f"{desk.warnings} times")
    assert refusals == []
    assert desk.warnings == 0
    state = in_thread(_article_state, article.pk)
    assert state == {"live": True, "headline": f"Run {PUBLISHES - 1}",
                     "tags": [f"Tag {(PUBLISHES - 1) % 2}"], "publishes": PUBLISHES}


def test_two_editors_still_conflict(browser, editor, other_editor, make_draft):
    """Two editors open one article; the first types and is autosaved; the second's publish
    is refused, names the first, and saves nothing: not then, and not by an autosave of the
    refused form either (the second editor has to save again on purpose)."""
    article = make_draft("Contested")
    first, second = Desk.sign_in(browser, editor), Desk.sign_in(browser, other_editor)
    first.open(article.pk)
    second.open(article.pk)
    assert first.type_headline("First editor's headline")["success"]
    second.page.fill("#id_headline", "Second editor's headline")
    message = second.publish()
    assert "editor saved a newer version of this article" in message
    assert second.page.input_value("#id_headline") == "Second editor's headline"
    saves = []
    second.page.on("request", lambda r: saves.append(r.url) if r.method == "POST" else None)
    second.page.wait_for_timeout(3_000)  # autosave would have gone off by now
    assert saves == []
    state = in_thread(_article_state, article.pk)
    assert (state["live"], state["headline"]) == (False, "First editor's headline")
    assert in_thread(lambda: Article.objects.get(pk=article.pk).latest_revision
                     .as_object().headline) == "First editor's headline"


def test_one_editor_in_two_tabs_still_conflicts(browser, editor, make_draft):
    """One editor, two tabs on one article: the first tab's autosave makes the second tab's
    publish a conflict, said to come from another tab."""
    article = make_draft("Two tabs")
    first = Desk.sign_in(browser, editor)
    second = first.another_tab()
    first.open(article.pk)
    second.open(article.pk)
    assert first.type_headline("From the first tab")["success"]
    second.page.fill("#id_headline", "From the second tab")
    message = second.publish()
    assert "You saved a newer version of this article in another tab or window" in message
    assert in_thread(_article_state, article.pk)["live"] is False


def test_the_preview_panel_shows_the_article(browser, editor, make_draft):
    """The live preview beside the form renders the article as readers will see it, with
    what was just typed, and Chromium reports no blocked frame."""
    article = make_draft("Preview me")
    desk = Desk.sign_in(browser, editor)
    blocked = []
    desk.page.on("console", lambda m: blocked.append(m.text)
                 if "frame-ancestors" in m.text or "Refused to display" in m.text else None)
    desk.open(article.pk)
    desk.type_headline("Previewed headline")
    desk.page.click("[data-side-panel-toggle=preview]")
    # Wagtail loads each preview in a new frame, which then replaces the shown one.
    frame = desk.page.frame_locator("iframe[data-w-preview-target=iframe]").last
    frame.locator("h1", has_text="Previewed headline").wait_for()
    assert blocked == []


UTC = UTC
# Saturday 27 March 2027, 15:40 in Kyiv (UTC+2); at 03:00 on Sunday Kyiv moves to UTC+3.
SPRING_EVE = datetime(2027, 3, 27, 13, 40, tzinfo=UTC)


def test_times_typed_on_the_desk_are_newsroom_time_across_a_dst_change(browser, editor,
                                                                       make_draft):
    """A Kyiv editor types go-live 15:49 on Saturday and expiry 15:49 on Sunday, either side
    of the change to summer time. The database holds 13:49 and 12:49 UTC; the desk shows
    the times back as typed, naming the zone; the worker publishes at 15:49 Kyiv time,
    which the public page shows; the article is still up at 15:48 on Sunday and gone at
    15:49."""
    with time_machine.travel(SPRING_EVE, tick=True) as clock:
        article = make_draft("Spring forward")
        path = article.get_absolute_url()
        desk = Desk.sign_in(browser, editor)
        desk.open(article.pk)
        dialog = desk.schedule("2027-03-27 15:49", "2027-03-28 15:49")
        assert "Europe/Kyiv: UTC+02:00, UTC+03:00 in summer time" in dialog
        assert "scheduled" in desk.publish()
        assert in_thread(_schedule_of, article.pk) == (
            False, datetime(2027, 3, 27, 13, 49, tzinfo=UTC),
            datetime(2027, 3, 28, 12, 49, tzinfo=UTC))
        desk.open(article.pk)
        assert desk.page.input_value("#id_go_live_at") == "2027-03-27 15:49"
        assert desk.page.input_value("#id_expire_at") == "2027-03-28 15:49"

        clock.move_to(datetime(2027, 3, 27, 13, 49, 5, tzinfo=UTC))
        assert len(in_thread(scheduling.publish_due)) == 1
        status, stamp, shown = public_visit(browser, path)
        assert (status, stamp) == (200, "2027-03-27T15:49:05+02:00")
        assert "15:49" in shown

        clock.move_to(datetime(2027, 3, 28, 12, 48, 30, tzinfo=UTC))  # 15:48:30 in Kyiv
        in_thread(scheduling.unpublish_expired)
        assert public_visit(browser, path)[0] == 200
        clock.move_to(datetime(2027, 3, 28, 12, 49, 5, tzinfo=UTC))  # 15:49:05 in Kyiv
        in_thread(scheduling.unpublish_expired)
        assert public_visit(browser, path)[0] == 404
