"""The journeys of ``test_desk_journeys`` the way the desk offered them before issue 17, for
the "before" figures in ``docs/desk.md``: a news in brief in the full article editor, the
Scheduled list through the menu, and two featured slots swapped in the front page's form.

Not part of the suite (its name does not start with ``test_``); run it by name:

    python -m pytest -q -s dateline/newsroom/tests/measure_desk_before.py
"""

import pytest

from dateline.site.tests.browser import browser, migrated_database, needs_chromium, serve_media  # noqa: F401  (fixtures)

from .test_desk_browser import Desk
from .test_desk_journeys import EDITIONS, Journey, _featured, _newsroom

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True),
              pytest.mark.usefixtures("needs_chromium", "migrated_database")]


@pytest.mark.parametrize("code", ["global"])
def test_an_editors_day_before(code, browser, editor, main_edition, global_edition, settings):
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0  # as in test_chooser_browser: one article only
    edition = {"main": main_edition, "global": global_edition}[code]
    world = _newsroom(edition, editor, code)
    words = EDITIONS[code]
    desk = Desk.sign_in(browser, editor)
    page = desk.page
    reports = []

    with Journey(page, "news in brief, full editor") as brief:
        brief.click(page.locator("button.sidebar-menu-item__link", has_text="Newsroom").first)
        brief.click(page.locator("a[href$='/admin/snippets/newsroom/article/']").first)
        brief.click(page.locator("a[href*='/article/add/']").first)
        page.wait_for_selector("#id_headline")
        # The edition is already the one wanted here (the editor's usual one): not counted.
        brief.click(page.locator("#id_headline"))
        brief.type(words["headline"])
        brief.click(page.locator("#panel-child-content-body-section button[title='Insert a block']"
                                 ).first)
        brief.click(page.get_by_role("option", name="Paragraph").first)
        page.locator(".public-DraftEditor-content").first.wait_for()
        brief.type("\n".join(words["paragraphs"]))
        brief.click(page.locator("#tab-label-classification"))
        brief.interactions += 1  # one click on the label in the list
        page.select_option("#id_labels", label=words["label"])
        brief.click(page.locator("#id_tag_links-OPEN_MODAL"))
        modal = page.locator(".modal")
        modal.locator("#id_q").wait_for()
        brief.click(modal.locator("#id_q"))
        brief.type(words["tag"])
        modal.locator("input[title='Select " + words["tag"] + "']").wait_for()
        brief.click(modal.locator("input[title='Select " + words["tag"] + "']"))
        brief.click(modal.locator("[data-multiple-choice-submit]"))
        modal.wait_for(state="hidden")
        brief.click(page.locator("footer [data-w-dropdown-target=toggle]").first)
        with page.expect_navigation():
            brief.click(page.locator("button[name=action-publish]"))
        page.locator(".messages .success").wait_for()
    reports.append(brief.report())

    page.goto(desk.base_url + "/admin/")
    with Journey(page, "scheduled list, through the menu") as scheduled:
        scheduled.click(page.locator("button.sidebar-menu-item__link", has_text="Newsroom").first)
        scheduled.click(page.locator("a[href$='/article/scheduled/']").first)
        page.locator(f"a[href$='/article/edit/{world['late']}/']").first.wait_for()
    reports.append(scheduled.report())

    page.goto(desk.base_url + "/admin/")
    with Journey(page, "front page slots, in its form") as front:
        front.click(page.locator("button.sidebar-menu-item__link", has_text="Newsroom").first)
        front.click(page.locator("a[href$='/admin/snippets/newsroom/frontpage/']").first)
        front.click(page.locator("td.title a", has_text=edition.name).first)
        third = page.locator("#id_slots-FORMS > *", has_text=world["front"][2])
        third.wait_for()
        place = """headline => [...document.querySelectorAll("#id_slots-FORMS > *")]
                     .findIndex(child => child.textContent.includes(headline))"""
        while (where := page.evaluate(place, world["front"][2])) > 0:
            front.click(third.locator("[data-inline-panel-child-move-up]"))
            page.wait_for_function(f"headline => ({place})(headline) < {where}", arg=world["front"][2])
        with page.expect_navigation():
            front.click(page.get_by_role("button", name="Save", exact=True))
        page.locator(".messages .success").wait_for()
    reports.append(front.report())
    print(f"\n[{code}] before: " + f"\n[{code}] before: ".join(reports))
    moved = _featured(browser.open(), world["root"])[:3]
    assert moved == [world["front"][2], world["front"][0], world["front"][1]], moved
