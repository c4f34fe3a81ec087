"""An editor's day on the desk, in Chromium, in both editions (issue 17).

Three journeys, each from the dashboard, as an editor does them, counted and timed:

- a news in brief: headline, two paragraphs, a label and a tag, published, in one screen
  and at most five interactions; then it is public on the site;
- the scheduled and overdue list: a scheduled article and an overdue one, told apart;
- what is on the home page: two featured slots swapped by drag and drop, and the public
  home page shows the new order.

An interaction is a click, or a key press that moves the focus or submits; typed
characters (Enter inside the text too) are not. Requests are those the tab sends to the
server for documents and scripts' calls (``document``, ``xhr``, ``fetch``), beside every
request the tab makes (scripts, styles, icons too). The figures are printed, and the
measured ones are in ``docs/desk.md``.

The main edition's editor reads the desk in Ukrainian, the global edition's in English: the
journeys find their way by the page's structure, never by its words.
"""

import time
from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import Revision
from wagtail.users.models import UserProfile

from dateline.newsroom import actions
from dateline.newsroom.models import Article, FrontPage, FrontPageSlot, Label, Tag
from dateline.site.tests.browser import browser, migrated_database, needs_chromium, serve_media  # noqa: F401  (fixtures)

from .test_desk_browser import Desk, in_thread

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True),
              pytest.mark.usefixtures("needs_chromium", "migrated_database")]

BRIEF_INTERACTIONS = 5
PRACTISED_SECONDS = 30
ROUND_TRIPS = {"document", "xhr", "fetch"}

# Per edition: the desk's language, and the words of the story.
EDITIONS = {
    "main": {"desk": "uk", "label": "Терміново", "tag": "Київ",
             "headline": "Укрзалізниця додає нічний поїзд до Львова",
             "paragraphs": ["Перший рейс вирушить у п'ятницю.", "Квитки вже у продажу."]},
    "global": {"desk": "en", "label": "Breaking", "tag": "Kyiv",
               "headline": "Ukrzaliznytsia adds a night train to Lviv",
               "paragraphs": ["The first train leaves on Friday.", "Tickets are on sale."]},
}


class Journey:
    """Counts what the editor does in one tab, and what the tab asks of the server."""

    def __init__(self, page, name):
        self.page, self.name = page, name
        self.interactions, self.round_trips, self.requests = 0, 0, 0
        self.asked = []  # (method, path) of each round trip
        self.started = None
        page.on("request", self._request)

    def _request(self, request):
        if self.started is None:
            return
        self.requests += 1
        if request.resource_type in ROUND_TRIPS:
            self.round_trips += 1
            self.asked.append((request.method, request.url.split("//", 1)[-1].split("/", 1)[-1]))

    def __enter__(self):
        self.started = time.monotonic()
        return self

    def __exit__(self, *exc):
        self.seconds = time.monotonic() - self.started
        self.started = None

    def click(self, locator, **options):
        self.interactions += 1
        locator.click(**options)

    def press(self, key):
        """A key that moves the focus or submits (Tab, Enter on a button)."""
        self.interactions += 1
        self.page.keyboard.press(key)

    def type(self, text):
        """Characters into the focused field (not counted: an Enter here is a new line)."""
        self.page.keyboard.type(text)

    def report(self):
        asked = ", ".join(f"{method} /{path}" for method, path in self.asked)
        return (f"{self.name}: {self.interactions} interactions, {self.round_trips} requests "
                f"to the server ({self.requests} in all), {self.seconds:.1f} s [{asked}]")


def _newsroom(edition, editor, code):
    """The edition's label and tag, three published articles featured on its front page
    (the first its top story), one article scheduled for tomorrow and one overdue."""
    words = EDITIONS[code]
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = words["desk"]
    profile.save()
    Label.objects.create(edition=edition, name=words["label"])
    Label.objects.create(edition=edition, name=f"{words['label']} 2")
    Tag.objects.create(edition=edition, name=words["tag"])

    def draft(headline, **fields):
        article = Article(edition=edition, headline=headline, lead="Lead.", live=False,
                          **fields)
        article.save()
        article.save_revision()
        return article

    top, *featured = [actions.PublishAction(draft(f"Featured {code} {n}")).execute()
                      for n in range(4)]
    front = FrontPage.objects.create(edition=edition, top_story=top)
    for order, article in enumerate(featured):
        FrontPageSlot.objects.create(front_page=front, article=article, sort_order=order)

    soon = draft(f"Scheduled {code}", go_live_at=timezone.now() + timedelta(days=1))
    soon.latest_revision.publish()
    late = draft(f"Overdue {code}", go_live_at=timezone.now() + timedelta(days=1))
    late.latest_revision.publish()
    past = timezone.now() - timedelta(minutes=10)
    Revision.objects.filter(pk=late.latest_revision_id).update(approved_go_live_at=past)
    Article.objects.filter(pk=late.pk).update(go_live_at=past)
    return {"front": [article.headline for article in featured], "soon": soon.pk,
            "late": late.pk, "root": edition.root_path}


def _brief_state(headline):
    article = Article.objects.get(headline=headline)
    return {"url": article.get_absolute_url(), "live": article.live,
            "labels": [label.name for label in article.labels.all()],
            "tags": [link.tag.name for link in article.tag_links.all()],
            "paragraphs": [block.value.source for block in article.body]}


def _featured(visit, root):
    """The featured headlines on the public home page, top to bottom (a new visit): the
    slots, then the latest news filling the free places."""
    visit.goto(root)
    return visit.page.locator("section.featured h3 a").all_inner_texts()


@pytest.fixture
def edition_of(main_edition, global_edition):
    return {"main": main_edition, "global": global_edition}


@pytest.mark.parametrize("code", ["main", "global"])
def test_an_editors_day(code, browser, editor, edition_of, capsys):
    world = _newsroom(edition_of[code], editor, code)
    words = EDITIONS[code]
    desk = Desk.sign_in(browser, editor)
    page = desk.page
    assert page.locator("html").get_attribute("lang") == words["desk"]
    reports = []

    # (a) The news in brief, from the dashboard to published.
    with Journey(page, "news in brief") as brief:
        brief.click(page.locator(f"[data-brief={code}]"))
        page.wait_for_selector("#id_headline:focus")
        brief.type(words["headline"])
        brief.press("Tab")
        brief.type("\n\n".join(words["paragraphs"]))
        brief.click(page.locator("#id_label").get_by_label(words["label"], exact=True))
        brief.click(page.locator("#id_tag"))
        brief.type(words["tag"])
        with page.expect_navigation():
            brief.click(page.locator("#news-in-brief button[type=submit]"))
        page.locator(".messages .success").wait_for()
    reports.append(brief.report())
    assert brief.interactions <= BRIEF_INTERACTIONS
    assert brief.seconds < PRACTISED_SECONDS
    # The screen is ready for the next one.
    assert page.input_value("#id_headline") == ""

    # (b) The scheduled and overdue list, from the dashboard.
    page.goto(desk.base_url + "/admin/")
    with Journey(page, "scheduled and overdue") as scheduled:
        scheduled.click(page.locator(
            ".dateline-quick a[href$='/article/scheduled/']"))
        soon = page.locator(f"tr:has(a[href$='/article/edit/{world['soon']}/'])")
        late = page.locator(f"tr:has(a[href$='/article/edit/{world['late']}/'])")
        soon.wait_for()
    reports.append(scheduled.report())
    assert scheduled.interactions == 1
    assert soon.locator("[data-status=scheduled]").count() == 1
    assert soon.locator("[data-overdue]").count() == 0
    assert late.locator("[data-status=scheduled][data-overdue]").count() == 1

    # (c) What is on the home page; the third featured article dragged to the top.
    reader = browser.open()
    assert _featured(reader, world["root"])[:3] == world["front"]
    page.goto(desk.base_url + "/admin/")
    with Journey(page, "home page reorder") as front:
        front.click(page.locator(".dateline-quick a[href$='/frontpage/now/']"))
        slots = page.locator(f"[data-edition={code}] tbody tr")
        slots.first.wait_for()
        assert slots.locator("td.title").all_inner_texts() == world["front"]
        page.wait_for_function("window.wagtail && window.wagtail.app")
        with page.expect_response(lambda r: "/frontpage/move/" in r.url) as moved:
            front.interactions += 1  # one drag: press, move, release
            dragged = slots.nth(2)
            _drag(page, dragged.locator("[data-w-orderable-target=handle]"), slots.first,
                  dragged.get_attribute("id"))
        assert moved.value.ok and moved.value.url.endswith("?position=0"), moved.value.url
    reports.append(front.report())
    expected = [world["front"][2], world["front"][0], world["front"][1]]
    assert _featured(browser.open(), world["root"])[:3] == expected
    assert front.interactions == 2

    with capsys.disabled():
        print(f"\n[{code}] " + "\n[{code}] ".join(reports).replace("{code}", code))

    state = in_thread(_brief_state, words["headline"])
    assert state["live"] and state["labels"] == [words["label"]]
    assert state["tags"] == [words["tag"]]
    assert [text.replace("&#x27;", "'") for text in state["paragraphs"]] == [
        f"<p>{paragraph}</p>" for paragraph in words["paragraphs"]]
    public = browser.open()
    article = public.goto(state["url"])
    assert words["headline"] in article.locator("h1").inner_text()
    assert words["paragraphs"][1] in article.locator("article").inner_text()


def _drag(page, handle, target, row_id):
    """Press on ``handle``, move in small steps onto ``target`` and over its upper half
    until SortableJS (Wagtail's orderable) has put the dragged row first, release: as a
    hand does, watching the row follow the pointer before letting go."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    start, end = handle.bounding_box(), target.bounding_box()
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.mouse.down()
    page.mouse.move(end["x"] + 20, end["y"] + end["height"] / 2, steps=12)
    first = "id => document.getElementById(id).parentElement.firstElementChild.id === id"
    for offset in (4, 2, 8, 1, 12, 3):
        page.mouse.move(end["x"] + 20, end["y"] + offset, steps=4)
        try:
            page.wait_for_function(first, arg=row_id, timeout=2_000)
            break
        except PlaywrightTimeout:
            continue
    page.mouse.up()
