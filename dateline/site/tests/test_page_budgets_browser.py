"""What a page costs a reader, read in Chromium from the Performance API: the page does not
jump as it loads (Cumulative Layout Shift), its largest paint is named, and its fonts stay
within their budget. Home and article pages, both editions, at phone and desktop widths.

The times themselves (Largest Contentful Paint in milliseconds) are measured and written
down by ``make screenshots`` (docs/screenshots/README.md), not asserted here: a test's
speed depends on the machine it runs on.
"""

import pytest

from dateline.site.screenshots import VITALS

from .browser import (  # noqa: F401  (fixtures)
    FONT_BUDGET,
    WIDTHS,
    browser,
    migrated_database,
    needs_chromium,
    pages_of,
    serve_media,
)

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True),
              pytest.mark.usefixtures("needs_chromium", "migrated_database")]

# "Good" in Google's Core Web Vitals.
CLS_BUDGET = 0.1


def test_home_and_article_pages_keep_still_and_within_their_font_budget(newsroom, browser):
    """Each page's layout shifts add up to less than 0.1, Chromium names the element of its
    largest paint, and the fonts it loads weigh less than the budget."""
    pages = [(code, name, url) for code in ("main", "global")
             for name, url in pages_of(newsroom, code, ("home", "article"))]
    over = []
    for width in WIDTHS:
        for code, name, url in pages:
            tab = browser.open(width=width, height=800)
            vitals = tab.goto(url).evaluate(VITALS)
            where = f"{code} {name} at {width}px"
            if vitals["cls"] >= CLS_BUDGET:
                over.append(f"{where}: layout shift {vitals['cls']:.3f}")
            if vitals["lcp"] is None or not vitals["lcp_element"]:
                over.append(f"{where}: no largest contentful paint recorded ({vitals})")
            if vitals["font_bytes"] > FONT_BUDGET:
                over.append(f"{where}: {vitals['font_bytes']} bytes of fonts")
            tab.check_clean()
            tab.context.close()
    assert not over, "\n".join(over)
