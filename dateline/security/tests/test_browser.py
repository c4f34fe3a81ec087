"""The content security policy in Chromium: the public pages, "More news", the error page
and the API docs work under it, and the browser reports no violation.

Violations are caught twice: the ``securitypolicyviolation`` event, listened to from a
script Playwright adds before the page's own (outside the page's policy), and Chromium's
console messages. Like the site's browser tests these are skipped without Chromium.
"""

import pytest
from django.urls import path, re_path

from dateline.site.tests.browser import (  # noqa: F401  (fixtures)
    _media,
    browser,
    make_river,
    migrated_database,
    needs_chromium,
    pages_of,
    serve_media,
)
from dateline.urls import urlpatterns as site_patterns

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True),
              pytest.mark.usefixtures("needs_chromium", "migrated_database")]

LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__violations.push(`${event.effectiveDirective} blocked ${event.blockedURI}`);
});
"""


def _boom(request):
    raise RuntimeError("the database is down")


# The browser tests' URLconf (uploads under /media/) plus a view that fails.
urlpatterns = [path("boom/", _boom), re_path(r"^media/(?P<path>.*)$", _media), *site_patterns]
handler500 = "dateline.site.errors.server_error"


class Watched:
    """A tab that records policy violations, from the event and from the console."""

    def __init__(self, tab):
        self.tab, self.page, self.console = tab, tab.page, []
        self.page.add_init_script(LISTEN)
        self.page.on("console", self._console)

    def _console(self, message):
        if "Content Security Policy" in message.text:
            self.console.append(message.text)

    def violations(self):
        return self.page.evaluate("window.__violations") + self.console


@pytest.fixture
def river(newsroom, global_edition):
    return make_river(global_edition)


def test_pages_run_under_the_policy_without_violations(newsroom, river, browser):
    """Home, feed and article pages of both editions load, script and all, with nothing
    blocked; "More news" still fetches the next chunk in place."""
    pages = [url for code in ("main", "global")
             for _name, url in pages_of(newsroom, code, ("home", "feed", "article", "search"))]
    tab = browser.open()
    watched = Watched(tab)
    for url in pages:
        tab.goto(url)
        assert watched.violations() == [], url
        assert tab.page.evaluate("document.scripts.length") >= 1
    page = tab.goto("/global/news/")
    page.evaluate("window.notReloaded = true")
    page.locator(".feed a.more").click()
    page.wait_for_function("() => document.querySelectorAll('.feed .items li').length > 40")
    assert page.evaluate("window.notReloaded") is True
    assert watched.violations() == []
    tab.check_clean()


def test_the_watch_does_see_a_violation(newsroom, browser):
    """An inline script put into a page is blocked and reported (the watch works)."""
    tab = browser.open()
    watched = Watched(tab)
    page = tab.goto("/global/")
    page.evaluate("""() => { const s = document.createElement("script");
                             s.textContent = "window.ran = true"; document.body.append(s); }""")
    page.wait_for_function("() => window.__violations.length > 0")
    assert page.evaluate("window.ran") is None
    assert any("script-src" in violation for violation in watched.violations())


def test_the_error_page_is_styled_under_the_policy(settings, main_edition, browser):
    """The 500 page's inline style is allowed by its hash, and nothing is blocked."""
    tab = browser.open()
    settings.ROOT_URLCONF = __name__
    watched = Watched(tab)
    response = tab.page.goto(tab.base_url + "/boom/", wait_until="load")
    assert response.status == 500
    assert tab.page.evaluate("getComputedStyle(document.body).maxWidth") == "640px"
    assert watched.violations() == []


def test_the_api_docs_work_under_the_policy(browser):
    """Swagger UI, served from our static files, renders the API's operations."""
    tab = browser.open()
    watched = Watched(tab)
    page = tab.goto("/api/v1/docs/")
    page.wait_for_selector(".opblock", timeout=15_000)
    assert watched.violations() == []
    tab.check_clean()
