"""The home page as an editor's page: the desk's top story and slots (a slot pinned until
a time leaves by itself, through the page cache), then a rail per section in the desk's
order, the columns with their authors' pictures, and Most read; no story twice."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from dateline.mostread.models import TopList
from dateline.newsroom import actions
from dateline.newsroom.models import ArticleAuthor, Author, FrontPage, FrontPageSlot, Section
from dateline.site import front

from .conftest import make_image, publish_at

pytestmark = pytest.mark.django_db


def soup(client, path="/global/"):
    response = client.get(path)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def texts(page, selector):
    return [node.get_text(" ", strip=True) for node in page.select(selector)]


@pytest.fixture
def river(global_edition, make_draft):
    """Three sections (the desk orders them Culture, Economy, News, and wants no rail for
    News: the feed beside the page is the news) of eight stories each, and eight more
    without a section, newer: they fill the top of the page."""
    now = timezone.now().replace(second=0, microsecond=0)
    sections = {name: Section.objects.create(edition=global_edition, name=name, sort_order=order,
                                             home_rail=name != "News")
                for name, order in (("Economy", 2), ("Culture", 1), ("News", 0))}
    image = make_image()
    stories = {}
    for offset, (name, section) in enumerate(sections.items()):
        stories[name] = [publish_at(make_draft(f"{name} story {n}", section=section,
                                               main_image=image),
                                    now - timedelta(hours=1 + n, minutes=offset))
                         for n in range(8)]
    stories["top"] = [publish_at(make_draft(f"Top story {n}"), now - timedelta(minutes=n + 1))
                      for n in range(8)]
    return {"sections": sections, "stories": stories, "now": now, "image": image}


def test_rails_show_each_sections_latest_published_stories_in_the_desks_order(client, river):
    """After the top story and the featured row (the latest news), each section but News
    has a rail of its five newest stories, in the desk's order, linked to the section
    page, the first with a picture; no story shows twice."""
    page = soup(client)
    rails = page.select(".rail:not(.columns-rail)")
    assert [texts(rail, ".rail-title")[0] for rail in rails] == ["Culture", "Economy"]
    for rail, name in zip(rails, ["Culture", "Economy"], strict=True):
        assert texts(rail, ".rail-items li") == [f"{name} story {n}" for n in range(5)]
        assert rail.select_one(".rail-title a")["href"] == f"/global/section/{name.lower()}/"
        assert rail.select_one(".rail-lead img") is not None
    shown = [a["href"] for a in page.select(".top-story h2 a, .featured a, .rail-items a")]
    assert len(shown) == len(set(shown)) == 1 + 6 + 10


def test_an_unpublished_story_leaves_its_rail_for_the_next(client, river):
    page = soup(client)
    first = river["stories"]["Economy"][0]
    assert "Economy story 0" in texts(page, ".rail-items li")
    actions.UnpublishAction(first).execute()
    rail = soup(client).select(".rail:not(.columns-rail)")[1]
    assert texts(rail, ".rail-items li") == [f"Economy story {n}" for n in range(1, 6)]


def test_the_desks_new_order_of_sections_reorders_the_rails(client, river):
    assert texts(soup(client), ".rail-title") == ["Culture", "Economy"]
    economy = river["sections"]["Economy"]
    economy.sort_order = 0
    economy.save()
    assert texts(soup(client), ".rail-title") == ["Economy", "Culture"]


def test_a_section_the_desk_takes_off_the_home_page_has_no_rail(client, river):
    """Unticking "rail on the home page" takes the rail away from the cached page too; the
    section stays in the navigation."""
    assert texts(soup(client), ".rail-title") == ["Culture", "Economy"]
    culture = river["sections"]["Culture"]
    culture.home_rail = False
    culture.save()
    page = soup(client)
    assert texts(page, ".rail-title") == ["Economy"]
    assert "Culture" in texts(page, ".sections a")


def test_the_columns_rail_shows_opinion_pieces_with_their_authors_pictures(
        client, river, make_draft):
    columnist = Author.objects.create(name="Vitaly Portnikov", is_columnist=True,
                                      photo=make_image("Portrait"))
    piece = make_draft("A column on the war", kind="opinion")
    ArticleAuthor.objects.create(article=piece, author=columnist, sort_order=0)
    piece.save_revision()
    publish_at(piece, river["now"] - timedelta(hours=20))
    page = soup(client)
    columns = page.select_one(".columns-rail")
    assert texts(columns, ".columns-items a") == ["A column on the war"]
    assert texts(columns, ".column-author") == ["Vitaly Portnikov"]
    assert columns.select_one(".column-author img") is not None


def test_a_home_page_of_few_stories_shows_each_once(client, newsroom):
    """Six stories: all on top; no rail repeats them."""
    page = soup(client)
    assert page.select(".rail-items a") == []
    shown = [a["href"] for a in page.select(".top-story h2 a, .featured a")]
    assert len(shown) == len(set(shown)) == 6


def test_the_cold_home_page_costs_a_bounded_number_of_queries(client, river, settings,
                                                             django_assert_max_num_queries):
    """Every block read: the rails from one window of the newest stories (no query per
    section when the window holds them), the columns, Most read."""
    settings.DATELINE_PAGE_CACHE = False
    client.get("/global/")  # the first view makes the image renditions
    with django_assert_max_num_queries(10):
        client.get("/global/")


# -- pins ---------------------------------------------------------------------------------

@pytest.fixture
def pinned(global_edition, river):
    """A front page whose only featured slot is an old Economy story."""
    page = FrontPage.objects.create(edition=global_edition)
    slot = FrontPageSlot.objects.create(front_page=page, article=river["stories"]["Economy"][7])
    return page, slot


def featured(client):
    """The lead, then the featured row (with no top story chosen, the first slot leads)."""
    return texts(soup(client), ".top-story h2, .featured h3")


def test_a_pinned_slot_leaves_the_home_page_by_itself_at_its_time(client, pinned, editor,
                                                                 time_machine):
    """Through the page cache: the page that shows the pin is kept no longer than it."""
    time_machine.move_to(timezone.now())
    page, slot = pinned
    actions.PinFrontPageSlotAction(page, slot, timezone.now() + timedelta(minutes=30),
                                   user=editor).execute()
    assert featured(client)[0] == "Economy story 7"
    assert client.get("/global/")["X-Page-Cache"] == "hit"
    time_machine.shift(timedelta(minutes=29))
    assert featured(client)[0] == "Economy story 7"
    time_machine.shift(timedelta(minutes=2))
    assert "Economy story 7" not in featured(client)
    assert featured(client) == [f"Top story {n}" for n in range(7)]  # the latest news fill it


def test_pinning_is_an_action_with_history_and_a_purge(client, pinned, editor):
    page, slot = pinned
    assert featured(client)[0] == "Economy story 7"
    until = timezone.now() + timedelta(hours=2)
    actions.PinFrontPageSlotAction(page, slot, until, user=editor).execute()
    slot.refresh_from_db()
    assert slot.pinned_until == until
    entry = ModelLogEntry.objects.filter(object_id=str(page.pk)).latest("timestamp")
    assert entry.user == editor and entry.data["pinned_until"] == until.isoformat()
    assert client.get("/global/")["X-Page-Cache"] == "miss"  # purged
    actions.PinFrontPageSlotAction(page, slot, None, user=editor).execute()
    slot.refresh_from_db()
    assert slot.pinned_until is None


def test_a_pin_in_the_past_or_by_a_reporter_is_refused_and_nothing_changes(pinned, reporter,
                                                                         editor):
    page, slot = pinned
    with pytest.raises(ValidationError):
        actions.PinFrontPageSlotAction(page, slot, timezone.now() - timedelta(minutes=1),
                                       user=editor).execute()
    with pytest.raises(PermissionDenied):
        actions.PinFrontPageSlotAction(page, slot, timezone.now() + timedelta(hours=1),
                                       user=reporter).execute()
    slot.refresh_from_db()
    assert slot.pinned_until is None


def test_the_desk_pins_from_its_front_page_screen_in_the_editions_time(client, pinned, editor,
                                                                      global_edition):
    page, slot = pinned
    client.force_login(editor)
    screen = reverse("wagtailsnippets_newsroom_frontpage:now")
    assert f'action="{reverse("wagtailsnippets_newsroom_frontpage:pin_slot", args=[slot.pk])}"' \
        in client.get(screen).content.decode()
    local = (timezone.now() + timedelta(days=1)).astimezone(global_edition.tz)
    response = client.post(reverse("wagtailsnippets_newsroom_frontpage:pin_slot", args=[slot.pk]),
                           {"until": local.strftime("%Y-%m-%dT%H:%M")}, follow=True)
    assert response.status_code == 200
    slot.refresh_from_db()
    assert slot.pinned_until == local.replace(second=0, microsecond=0)
    assert "until" in BeautifulSoup(response.content, "html.parser").select_one(
        ".dateline-pin__now").get_text()
    client.post(reverse("wagtailsnippets_newsroom_frontpage:pin_slot", args=[slot.pk]),
                {"unpin": "1"})
    slot.refresh_from_db()
    assert slot.pinned_until is None


def test_the_desk_screen_says_a_pin_has_ended(client, pinned, editor, time_machine):
    time_machine.move_to(timezone.now())
    page, slot = pinned
    actions.PinFrontPageSlotAction(page, slot, timezone.now() + timedelta(minutes=5)).execute()
    time_machine.shift(timedelta(minutes=6))
    client.force_login(editor)
    row = BeautifulSoup(client.get(reverse("wagtailsnippets_newsroom_frontpage:now")).content,
                        "html.parser").select_one(f"#slot_{slot.pk}")
    assert "ended" in row.select_one(".dateline-pin__now").get_text()


# -- Most read --------------------------------------------------------------------------------

def test_most_read_shows_the_lists_five_published_stories_in_order(client, river,
                                                                   global_edition):
    stories = river["stories"]["Culture"]
    TopList.objects.create(edition=global_edition, decided_at=timezone.now(),
                           article_ids=[s.pk for s in stories[:7]])
    assert texts(soup(client), ".most-read li") == [f"Culture story {n}" for n in range(5)]
    actions.UnpublishAction(stories[0]).execute()
    assert texts(soup(client), ".most-read li") == [f"Culture story {n}" for n in range(1, 6)]


def test_no_list_no_block(client, river):
    assert soup(client).select(".most-read") == []


def test_the_rail_size_and_window_are_small():
    assert front.RAIL_SIZE <= 6 and front.WINDOW <= 200


# -- plans ---------------------------------------------------------------------------------

@pytest.mark.parametrize("index", ["article_edition_feed", "article_section_feed"])
def test_the_window_and_a_quiet_sections_rest_are_index_range_scans(global_edition, index):
    """At a million articles the home page reads index ranges, never the table nor a sort
    (as ``newsroom/tests/test_query_plans.py`` asks of the lists)."""
    from dateline.newsroom.tests.test_query_plans import _plan

    if index == "article_edition_feed":  # the window
        rows = front.newest_rows(global_edition, [])[:front.WINDOW]
    else:  # the rest of a quiet section, older than the window, none of the page's
        section = Section.objects.create(edition=global_edition, name="Quiet")
        rows = front.newest_rows(global_edition, [1, 2], (timezone.now(), 1000),
                                 section=section)[:3]
    plan = _plan(rows)
    assert index in plan
    assert "TEMP B-TREE" not in plan and "Seq Scan" not in plan
    assert "Sort" not in plan.replace("Sort Key", "")
