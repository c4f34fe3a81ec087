"""Search in Chromium: a reader in each edition searches from the masthead and opens a
result; an editor finds an article on the desk by another form of its word.

Skipped without Chromium, like the site's browser tests (``dateline/site/tests/browser.py``).
"""

from urllib.parse import unquote, urlsplit

import pytest
from django.conf import settings
from django.test import Client

from dateline.newsroom import actions
from dateline.newsroom.models import Article, Edition
from dateline.site.tests.browser import browser, migrated_database, needs_chromium, serve_media  # noqa: F401  (fixtures)

from .conftest import body

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True),
              pytest.mark.usefixtures("needs_chromium", "migrated_database")]


@pytest.fixture
def editions():
    main = Edition.objects.create(name="Дейтлайн", code="main", language="uk",
                                  publication_name="Дейтлайн", is_default=True)
    world = Edition.objects.create(name="Dateline Global", code="global", language="en",
                                   path_prefix="global", publication_name="Dateline Global")
    stories = {}
    for edition, headline, text in (
            (main, "Наслідки ракетного удару по Одесі", "Рятувальники розбирають завали."),
            (main, "Погода на вихідні", "Без опадів."),
            (world, "Drones striking energy sites overnight", "Power is out in three regions."),
            (world, "Weather for the weekend", "No rain.")):
        draft = Article.objects.create(edition=edition, headline=headline, lead=text,
                                       body=body(text), live=False)
        draft.save_revision()
        stories[headline] = actions.PublishAction(draft).execute()
    return stories


def _at(path):
    return lambda url: unquote(urlsplit(url).path) == path


@pytest.mark.parametrize("prefix,typed,expected,marked", [
    ("/", "ракетні удари", "Наслідки ракетного удару по Одесі", ["ракетного", "удару"]),
    ("/global/", "drone strikes", "Drones striking energy sites overnight",
     ["Drones", "striking"]),
])
def test_a_reader_searches_and_opens_a_result(editions, browser, prefix, typed, expected,
                                              marked):
    """From the home page's search box: the results page lists the story found by other
    forms of its words, marks them, and its link opens the article."""
    tab = browser.open()
    page = tab.goto(prefix)
    page.fill("#q", typed)
    page.press("#q", "Enter")
    page.wait_for_url(lambda url: urlsplit(url).path == f"{prefix}search/")
    results = page.locator(".results .result")
    assert results.count() == 1
    assert results.locator(".result-headline mark").all_inner_texts() == marked
    link = results.locator(".result-headline a")
    href = link.get_attribute("href")
    link.click()
    page.wait_for_url(_at(href))
    assert page.locator("main article h1").inner_text() == expected
    tab.check_clean()


def test_an_editor_finds_an_article_on_the_desk_by_an_inflected_word(editions, browser,
                                                                      editor):
    """The article list's search box: «ударами» finds «удару» among the desk's articles."""
    client = Client()
    client.force_login(editor)
    tab = browser.open()
    tab.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                              "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                              "url": browser.base_url}])
    page = tab.goto("/admin/snippets/newsroom/article/")
    rows = page.locator("table.listing tbody tr")
    assert rows.count() == 4
    page.locator("#id_q").fill("ударами")  # the list follows the box as one types
    rows.filter(has_text="Погода на вихідні").wait_for(state="detached")
    assert "Наслідки ракетного удару по Одесі" in rows.first.inner_text()
    assert rows.count() == 1
