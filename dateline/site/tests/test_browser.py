"""The public site in a real browser: a reader's journey, "More news" with and without
JavaScript, accessibility (axe-core) and layout at phone and desktop widths.

Playwright drives Debian's Chromium (``/usr/bin/chromium``) headless against the live
server, and nothing else: every other address is refused. Without Chromium these tests are
skipped (``.ci/run`` installs it and makes them required). Screenshots of the article and
feed pages of both editions at both widths go to ``$DATELINE_SCREENSHOTS`` when it is set.

Once a tab is open the test thread cannot query the database (see ``browser.Browser``), so
each test reads what it expects to see first.
"""

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from .browser import (  # noqa: F401  (fixtures)
    WIDTHS,
    browser,
    make_river,
    migrated_database,
    needs_chromium,
    pages_of,
    serve_media,
)

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True),
              pytest.mark.usefixtures("needs_chromium", "migrated_database")]

EDITIONS = ("main", "global")
AXE_PAGES = ("home", "article", "feed", "tag", "author", "search")
BLOCKING_IMPACTS = ("serious", "critical")


@pytest.fixture
def river(newsroom, global_edition):
    """Sixty older articles in the global edition: its feed has two chunks of 40 and 26."""
    return make_river(global_edition)


def at(path):
    """A ``wait_for_url`` matcher for a path with non-ASCII letters (sent percent-encoded)."""
    return lambda url: unquote(urlsplit(url).path) == path


def feed_rows(page):
    """Each feed item as (headline, date of the day header above it, its own local date)."""
    return page.eval_on_selector(".feed", """feed => {
        const rows = []; let day = null;
        for (const el of feed.querySelectorAll('.day, .items li')) {
            if (el.matches('.day')) { day = el.querySelector('time').getAttribute('datetime'); }
            else { rows.push([el.querySelector('a').textContent, day,
                              el.querySelector('time').getAttribute('datetime').slice(0, 10)]); }
        }
        return rows;
    }""")


def day_headers(page):
    return page.eval_on_selector_all(".feed .day time",
                                     "els => els.map(t => t.getAttribute('datetime'))")


def expected_feed(newsroom, river):
    """The global feed's headlines and local dates, newest first, as the server orders them."""
    articles = sorted([*newsroom["global"]["articles"], *river],
                      key=lambda a: (a.first_published_at, a.pk), reverse=True)
    tz = newsroom["global"]["section"].edition.tz
    return [(a.headline, a.first_published_at.astimezone(tz).date().isoformat())
            for a in articles]


def test_reader_goes_from_home_to_an_article_and_its_translation(newsroom, browser):
    """Home → a feed item → the article (headline, date, tags, Read also) → its translation."""
    article, translation = newsroom["global"]["articles"][0], newsroom["main"]["articles"][0]
    url, translated_url = article.get_absolute_url(), translation.get_absolute_url()
    published = article.first_published_at.astimezone(article.edition.tz).isoformat(
        timespec="seconds")
    picked = newsroom["global"]["articles"][4].headline

    tab = browser.open()
    page = tab.goto("/global/")
    assert "Dateline Global" in page.title()
    page.locator("aside .feed .items a", has_text=article.headline).first.click()
    page.wait_for_url(at(url))

    story = page.locator("main article")
    assert story.locator("h1").inner_text() == article.headline
    when = story.locator(".dateline time")
    assert when.get_attribute("datetime") == published
    assert when.is_visible() and when.inner_text().strip()
    assert story.locator(".tags a").all_inner_texts() == ["war"]
    read_also = story.locator(".read-also a").all_inner_texts()
    assert read_also[0] == picked and len(read_also) == 5
    assert story.locator(".read-also").is_visible()

    page.locator(".editions a[hreflang=uk]").click()
    page.wait_for_url(at(translated_url))
    assert page.locator("html").get_attribute("lang") == "uk"
    assert page.locator("main article h1").inner_text() == translation.headline
    tab.check_clean()


def test_more_news_appends_the_next_items_in_place(newsroom, river, browser):
    """"More news" appends the next items without a page load, on the feed page and in the
    home page's feed; a day continuing from the previous chunk keeps its one header, and
    every item sits under its own day."""
    expected = expected_feed(newsroom, river)
    assert expected[39][1] == expected[40][1], "the fixture must split a day across chunks"

    tab = browser.open()
    for path in ("/global/news/", "/global/"):
        page = tab.goto(path)
        assert [(h, d) for h, _, d in feed_rows(page)] == expected[:40], path
        page.evaluate("window.notReloaded = true")
        more = page.locator(".feed a.more")
        assert more.inner_text().strip() == "More news"
        more.click()
        page.wait_for_function("() => document.querySelectorAll('.feed .items li').length > 40")

        assert page.evaluate("window.notReloaded") is True, f"{path}: the page was reloaded"
        assert page.url == tab.base_url + path
        rows = feed_rows(page)
        assert [(h, d) for h, _, d in rows] == expected, path
        misplaced = [(headline, header, day) for headline, header, day in rows if header != day]
        assert misplaced == [], f"{path}: items under another day's header: {misplaced}"
        headers = day_headers(page)
        assert len(headers) == len(set(headers)), f"{path}: a day header is repeated: {headers}"
        assert page.locator(".feed a.more").count() == 0, f"{path}: the last chunk offers more"
        focused = page.evaluate("document.activeElement.textContent")
        assert focused == expected[40][0], f"{path}: focus should move to the first new headline"
    tab.check_clean()


def test_without_javascript_more_news_is_a_link_to_the_next_page(newsroom, river, browser):
    """Without JavaScript "More news" is a plain link that loads the next page, and the
    search form still works."""
    expected = expected_feed(newsroom, river)
    query = newsroom["global"]["section"].name

    tab = browser.open(javascript=False)
    page = tab.goto("/global/news/")
    more = page.locator("main a.more")
    href = more.get_attribute("href")
    assert href.startswith("/global/news/?cursor=") and more.get_attribute("rel") == "next"
    more.click()
    page.wait_for_url(f"**{href}")
    rows = feed_rows(page)
    assert [(h, d) for h, _, d in rows] == expected[40:]
    assert page.locator("main a.more").count() == 0

    page.fill("#q", query)
    page.locator("form.search button").click()
    page.wait_for_url("**/global/search/?q=*")
    assert page.locator(".results .result").count() == 6
    tab.check_clean()


def _axe(page):
    from axe_playwright_python.base import AXE_SCRIPT

    page.evaluate(AXE_SCRIPT)
    return page.evaluate("axe.run(document, {resultTypes: ['violations']})")


def test_pages_have_no_serious_accessibility_violations(newsroom, browser):
    """axe-core finds nothing serious or critical on the home, article, feed, tag, author
    and search pages of both editions, at phone and desktop widths."""
    pages = [page for code in EDITIONS for page in pages_of(newsroom, code, AXE_PAGES)]
    found = []
    for width in WIDTHS:
        tab = browser.open(width=width)
        for name, url in pages:
            tab.goto(url)
            for violation in _axe(tab.page)["violations"]:
                if violation["impact"] not in BLOCKING_IMPACTS:
                    continue
                nodes = "\n".join(f"      {', '.join(map(str, node['target']))}: "
                                  f"{node['failureSummary'].splitlines()[-1].strip()}"
                                  for node in violation["nodes"][:5])
                found.append(f"{name} {url} at {width}px: {violation['id']} "
                             f"({violation['impact']}) {violation['help']}\n{nodes}")
        tab.check_clean()
    assert not found, "axe-core violations:\n" + "\n".join(found)


OVERFLOWING = """() => {
    const width = document.documentElement.clientWidth;
    return [...document.querySelectorAll('body *')]
        .filter(el => el.getBoundingClientRect().right > width + 1)
        .filter(el => !el.closest('.visually-hidden, .skip'))
        .slice(0, 5)
        .map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : '')
                   + ' right edge at ' + Math.round(el.getBoundingClientRect().right) + 'px');
}"""


def test_pages_fit_phone_and_desktop_widths(newsroom, browser):
    """At 375 px and 1280 px no page of either edition scrolls sideways and text is at
    least 16 px; the article and feed pages are photographed into $DATELINE_SCREENSHOTS
    when it is set."""
    pages = [(code, name, url) for code in EDITIONS
             for name, url in pages_of(newsroom, code, AXE_PAGES)]
    shots = os.environ.get("DATELINE_SCREENSHOTS")
    problems = []
    for width in WIDTHS:
        tab = browser.open(width=width, height=800)
        for code, name, url in pages:
            page = tab.goto(url)
            scroll = page.evaluate("document.scrollingElement.scrollWidth")
            if scroll > width:
                problems.append(f"{name} {url} at {width}px scrolls sideways to {scroll}px: "
                                f"{page.evaluate(OVERFLOWING)}")
            small = page.eval_on_selector_all(
                ".body p, .items a, .lead",
                "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))"
                ".filter(size => size < 16)")
            if small:
                problems.append(f"{name} {url} at {width}px: text smaller than 16px: {small}")
            if shots and name in ("article", "feed", "search"):
                Path(shots).mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(Path(shots) / f"{code}-{name}-{width}.png"),
                                full_page=True)
        tab.check_clean()
    assert not problems, "\n".join(problems)


VISIBLE_FEED = """() => [...document.querySelectorAll('aside .feed .items li')]
    .filter(li => li.getBoundingClientRect().height > 0)
    .map(li => li.querySelector('a').textContent)"""


def _shown(page, selector):
    return page.locator(selector).first.is_visible()


def test_on_a_phone_the_feed_after_an_article_shows_its_first_day(newsroom, river, browser):
    """At 375 px the feed after an article shows its first day and a "More news" that shows
    the rest in place (focus on the first headline it shows); without JavaScript that is a
    link to the news from the second day on. At 1280 px the whole feed shows."""
    headlines = [headline for headline, _day in expected_feed(newsroom, river)]
    days = [day for _headline, day in expected_feed(newsroom, river)]
    first_day = headlines[:days.count(days[0])]
    chunk = headlines[:40]
    article = newsroom["global"]["articles"][0].get_absolute_url()

    tab = browser.open(width=375)
    page = tab.goto(article)
    assert page.evaluate(VISIBLE_FEED) == first_day
    assert _shown(page, "aside a.reveal") and not _shown(page, "aside a.more[data-more]")
    page.locator("aside a.reveal").click()
    page.wait_for_function("!document.querySelector('aside .feed.collapsed')")
    assert page.evaluate(VISIBLE_FEED) == chunk
    assert page.evaluate("document.activeElement.textContent") == chunk[len(first_day)]
    assert page.locator("aside a.reveal").count() == 0 and _shown(page, "aside a.more[data-more]")
    tab.check_clean()

    tab = browser.open(width=1280)
    page = tab.goto(article)
    assert page.evaluate(VISIBLE_FEED) == chunk and not _shown(page, "aside a.reveal")
    tab.check_clean()

    tab = browser.open(width=375, javascript=False)
    page = tab.goto(article)
    assert page.evaluate(VISIBLE_FEED) == first_day
    page.locator("aside a.reveal").click()
    page.wait_for_url("**/global/news/?cursor=*")
    assert page.locator("main .items a").first.text_content() == headlines[len(first_day)]
    tab.check_clean()


def test_copy_link_puts_the_articles_address_on_the_clipboard(newsroom, browser):
    """With JavaScript "Copy link" copies the canonical address and says so; the page does
    not move."""
    from dateline.newsroom.addresses import article_url

    article = newsroom["main"]["articles"][0]
    canonical, path = article_url(article.edition, article.slug), article.get_absolute_url()
    tab = browser.open(width=375)
    tab.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = tab.goto(path)
    page.locator(".share a[data-copy]").click()
    page.wait_for_function("document.querySelector('.share-status').textContent !== ''")
    assert page.locator(".share-status").text_content() == "Посилання скопійовано"
    assert page.evaluate("navigator.clipboard.readText()") == canonical
    assert at(path)(page.url)
    tab.check_clean()
