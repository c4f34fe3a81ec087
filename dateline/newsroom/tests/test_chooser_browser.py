"""The tag chooser in Chromium, as a reporter uses it: search as you type within the
article's edition, create a tag on the spot, save the article with both.

Skipped without Chromium, like the site's browser tests (``dateline/site/tests/browser.py``).
"""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.test import Client

from dateline.newsroom.models import Article, Author, Edition, Tag
from dateline.newsroom.roles import ROLE_REPORTER
from dateline.site.tests.browser import browser, migrated_database, needs_chromium, serve_media  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True),
              pytest.mark.usefixtures("needs_chromium", "migrated_database")]
# ms: the chooser searches as the reporter types; under a loaded CI the answer can take
# longer than Playwright's default 10 s.
WAIT = 30_000

ADD = "/admin/snippets/newsroom/article/add/"


@pytest.fixture
def reporter_session():
    """Two editions with 150 tags each (Kyiv past the sixth page of an unfiltered list), a
    reporter whose author record is theirs and whose last article was in the global
    edition; the session cookie of their signed-in browser."""
    main = Edition.objects.create(name="Дейтлайн", code="main", language="uk",
                                  publication_name="Дейтлайн", is_default=True)
    world = Edition.objects.create(name="Dateline Global", code="global", language="en",
                                   path_prefix="global", publication_name="Dateline Global")
    for edition in (main, world):
        Tag.objects.bulk_create([Tag(edition=edition, name=f"Filler {n:03d}",
                                     slug=f"filler-{n:03d}") for n in range(150)])
    Tag.objects.create(edition=world, name="Kyiv")
    Tag.objects.create(edition=world, name="Greater Kyiv")
    Tag.objects.create(edition=main, name="Kyiv (Ukrainian edition)")
    user = User.objects.create_user("rita", first_name="Rita", last_name="Zqreporter")
    user.groups.add(Group.objects.get(name=ROLE_REPORTER))
    Author.objects.create(name="Rita Zqreporter", user=user)
    Article.objects.create(edition=world, headline="Earlier story", owner=user)
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def test_a_reporter_finds_a_tag_by_typing_and_creates_one_on_the_spot(reporter_session,
                                                                      browser, settings):
    """The new article opens in the reporter's usual edition with them as author. "Add
    tags" opens the chooser on that edition: typing "kyi" leaves Kyiv first and nothing of
    the other edition; "Create tag" makes Kharkiv there and adds it; the saved draft has
    both tags and its author."""
    # No autosave: one of its saves still in flight when "Save draft" is clicked on a new
    # article can make a second article (Wagtail's create view), which is not the subject.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    visit = browser.open()
    visit.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                                "value": reporter_session, "url": browser.base_url}])
    page = visit.goto(ADD)
    page.fill("#id_headline", "Zqchosen story")
    page.get_by_role("tab", name="Classification").click()
    assert "Rita Zqreporter" in page.locator("#panel-child-classification-authors-section"
                                             ).inner_text()

    page.click("#id_tag_links-OPEN_MODAL")
    modal = page.locator(".modal")
    modal.locator("#id_q").wait_for(timeout=WAIT)
    assert modal.locator("#search-results").inner_text().count("Filler") > 0
    modal.locator("#id_q").press_sequentially("kyi", delay=60)
    results = modal.locator("#search-results")
    results.locator("text=Greater Kyiv").wait_for(timeout=WAIT)
    offered = results.locator("tbody tr").all_inner_texts()
    assert [row.split("\t")[1].strip() for row in offered] == ["Kyiv", "Greater Kyiv"]
    modal.locator("#chooser-modal-select-" + results.locator(
        "input[data-multiple-choice-select]").first.get_attribute("value")).check()
    modal.get_by_role("button", name="Confirm selection").click()
    modal.wait_for(state="hidden", timeout=WAIT)

    page.click("#id_tag_links-OPEN_MODAL")
    modal.get_by_role("tab", name="Create tag").click()
    modal.locator("input[name=name]").fill("Kharkiv")
    modal.locator("form[data-chooser-modal-creation-form] button[type=submit]").click()
    modal.wait_for(state="hidden", timeout=WAIT)
    chosen = page.locator("#panel-child-classification-tags-section").inner_text()
    assert "Kyiv" in chosen and "Kharkiv" in chosen

    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url("**/edit/**")
    visit.check_clean()
    # Chromium stops here (and not again at the fixture's end) so the database can be read.
    browser.stop()
    browser._chromium = browser._playwright = None

    article = Article.objects.get(headline="Zqchosen story")
    world = Edition.objects.get(code="global")
    assert article.edition == world
    assert sorted(link.tag.name for link in article.tag_links.all()) == ["Kharkiv", "Kyiv"]
    assert Tag.objects.get(name="Kharkiv").edition == world
    assert [author.name for author in article.ordered_authors()] == ["Rita Zqreporter"]
