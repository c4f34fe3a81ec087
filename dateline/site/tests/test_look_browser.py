"""The site's look in Chromium (see ``browser.py``): the phone masthead under 64 px, the
sections in one scrolling row, search behind an icon on phones and in full on desktops,
the site's own font fetched from its own static files."""

import pytest
from django.conf import settings

from .browser import (  # noqa: F401  (fixtures)
    browser,
    migrated_database,
    needs_chromium,
    pages_of,
    serve_media,
)

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True),
              pytest.mark.usefixtures("needs_chromium", "migrated_database")]

EDITIONS = ("main", "global")


MASTHEAD = """() => {
    const header = document.querySelector('header.masthead');
    const banner = header.querySelector('.breaking');
    const items = [...header.querySelectorAll('.sections li')];
    const visible = el => el && getComputedStyle(el).display !== 'none'
                           && el.getBoundingClientRect().width > 0;
    return {
        height: header.getBoundingClientRect().height
                - (banner ? banner.getBoundingClientRect().height : 0),
        rows: new Set(items.map(li => Math.round(li.getBoundingClientRect().top))).size,
        sections: items.length,
        searchIcon: visible(header.querySelector('a.search-link')),
        searchForm: visible(header.querySelector('form.search')),
        switchFits: [...header.querySelectorAll('.editions a')].every(
            a => a.getBoundingClientRect().right <= document.documentElement.clientWidth),
        font: getComputedStyle(document.querySelector('main h1, main h2')).fontFamily,
    };
}"""


def test_the_phone_masthead_is_under_64_px_and_the_desktop_one_shows_the_search(
        newsroom, browser):
    """At 375 px the masthead of the home and article pages of both editions (the
    breaking-news banner aside) is under 64 px tall: search behind an icon that links to
    the search page, the sections in one row, the language switch on screen. At 1280 px
    the search form shows in full. Headlines are set in the site's own font, which the
    browser fetched from the site (nothing else was asked for)."""
    from dateline.newsroom.models import Section

    for code in EDITIONS:  # enough sections to need scrolling on a phone
        edition = newsroom[code]["section"].edition
        for n in range(8):
            Section.objects.create(edition=edition, name=f"Section number {n}")
    pages = [(code, name, url) for code in EDITIONS
             for name, url in pages_of(newsroom, code, ("home", "article"))]
    problems = []
    for width in (375, 1280):
        tab = browser.open(width=width, height=800)
        for code, name, url in pages:
            page = tab.goto(url)
            page.evaluate("document.fonts.ready")
            found = page.evaluate(MASTHEAD)
            where = f"{code} {name} at {width}px"
            if found["rows"] != 1 or found["sections"] < 9:
                problems.append(f"{where}: sections in {found['rows']} rows")
            if not found["switchFits"]:
                problems.append(f"{where}: the language switch is off screen")
            if "Dateline Serif" not in found["font"]:
                problems.append(f"{where}: headline font {found['font']}")
            if width == 375:
                if found["height"] >= 64:
                    problems.append(f"{where}: masthead {found['height']:.1f}px tall")
                if not found["searchIcon"] or found["searchForm"]:
                    problems.append(f"{where}: search is not behind its icon")
            elif not found["searchForm"] or found["searchIcon"]:
                problems.append(f"{where}: the search form is not shown in full")
            if page.evaluate("document.scrollingElement.scrollWidth") > width:
                problems.append(f"{where}: scrolls sideways")
        fonts = tab.page.evaluate(
            "performance.getEntriesByType('resource').map(e => e.name)"
            ".filter(n => n.endsWith('.woff2'))")
        if not fonts or not all(f.startswith(tab.base_url + settings.STATIC_URL) for f in fonts):
            problems.append(f"fonts at {width}px came from {fonts}")
        tab.check_clean()
    assert not problems, "\n".join(problems)


def test_the_phone_search_icon_leads_to_the_search_form(newsroom, browser):
    """On a phone the search icon opens the edition's search page, whose form finds."""
    query = newsroom["global"]["section"].name
    tab = browser.open(width=375, height=800)
    page = tab.goto("/global/")
    page.locator("header a.search-link").click()
    page.wait_for_url("**/global/search/")
    page.fill("#search-q", query)
    page.locator("#search-q").press("Enter")
    page.wait_for_url("**/global/search/?*")
    assert page.locator(".results .result").count() > 0
    tab.check_clean()
