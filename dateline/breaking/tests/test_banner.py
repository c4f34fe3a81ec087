"""An editor marks a published story as breaking news: every page of its edition shows the
banner at once (through the page cache), and it goes by itself at its time, or when the
story is unpublished or an editor takes it down. Only who may publish the story may."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from wagtail.models import ModelLogEntry

from dateline.breaking.actions import MARKED, EndBreakingAction, MarkBreakingAction
from dateline.breaking.models import BreakingNews
from dateline.conftest import HOSTILE
from dateline.newsroom import actions
from dateline.newsroom.edits import Conflict

pytestmark = pytest.mark.django_db

PAGES = ("/global/", "/global/news/", "/global/search/?q=anything")


def banner(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    found = BeautifulSoup(response.content, "html.parser").select_one(".breaking a")
    return found.get_text() if found else None


@pytest.fixture
def story(make_published):
    return make_published("Missiles over Kyiv")


def test_every_page_of_the_edition_shows_the_banner_at_once_and_not_the_other_edition(
        client, story, make_published, main_edition, editor):
    other = make_published("Another story")
    for path in (*PAGES, other.get_absolute_url()):
        assert banner(client, path) is None
        assert client.get(path)["X-Page-Cache"] == "hit"  # cached without it
    MarkBreakingAction(story, "1h", user=editor).execute()
    for path in (*PAGES, other.get_absolute_url()):
        assert banner(client, path) == "Missiles over Kyiv", path
    assert banner(client, "/") is None  # the Ukrainian edition
    entry = ModelLogEntry.objects.get(object_id=str(story.pk), action=MARKED)
    assert entry.user == editor


def test_the_banner_goes_by_itself_at_its_time(client, story, time_machine):
    time_machine.move_to(timezone.now())
    MarkBreakingAction(story, "30m").execute()
    assert banner(client, "/global/") == "Missiles over Kyiv"
    assert client.get("/global/")["X-Page-Cache"] == "hit"
    time_machine.shift(timedelta(minutes=31))
    assert banner(client, "/global/") is None


def test_unpublishing_the_story_or_taking_the_banner_down_removes_it(client, story,
                                                                     make_published):
    MarkBreakingAction(story, "1h").execute()
    assert banner(client, "/global/news/") == "Missiles over Kyiv"
    actions.UnpublishAction(story).execute()
    assert banner(client, "/global/news/") is None
    second = make_published("Second breaking story")
    MarkBreakingAction(second, "3h").execute()
    assert BreakingNews.objects.count() == 1  # one banner an edition: replaced
    assert banner(client, "/global/news/") == "Second breaking story"
    EndBreakingAction(BreakingNews.objects.get()).execute()
    assert banner(client, "/global/news/") is None


def _retract(story):
    actions.RetractAction(story, note="The story was wrong.").execute()


def _expire(story):
    from dateline.newsroom.models import Article

    Article.objects.filter(pk=story.pk).update(expire_at=timezone.now() - timedelta(seconds=1))
    from dateline.newsroom.scheduling import unpublish_expired

    unpublish_expired()


def _delete(story):
    story.delete()


@pytest.mark.parametrize("hide", [_retract, _expire, _delete], ids=["retracted", "expired",
                                                                      "deleted"])
def test_a_story_that_stops_being_public_leaves_the_banner_of_every_cached_page(
        client, make_published, hide):
    story = make_published("Zqbanner story")
    other = make_published("Other story")
    MarkBreakingAction(story, "1h").execute()
    pages = ("/global/", "/global/news/", other.get_absolute_url(), "/global/news/?partial=1")
    for path in pages:
        client.get(path)
        assert "Zqbanner" in client.get(path).content.decode()
    hide(story)
    for path in pages:
        assert "zqbanner" not in client.get(path).content.decode().lower(), path


def test_refusals_change_nothing(story, make_draft, reporter):
    with pytest.raises(Conflict):
        MarkBreakingAction(make_draft("Not out yet"), "1h").execute()
    with pytest.raises(Conflict):
        MarkBreakingAction(story, "forever").execute()
    with pytest.raises(PermissionDenied):
        MarkBreakingAction(story, "1h", user=reporter).execute()
    assert not BreakingNews.objects.exists()


def test_the_desk_marks_and_takes_down_from_the_story(client, story, editor, reporter):
    url = f"/admin/breaking/{story.pk}/"
    client.force_login(reporter)
    assert client.get(url).status_code in (302, 403)
    assert client.post(url, {"span": "1h"}).status_code in (302, 403)
    assert not BreakingNews.objects.exists()
    client.force_login(editor)
    assert url in client.get(f"/admin/snippets/newsroom/article/edit/{story.pk}/").content.decode()
    assert client.post(url, {"span": "1h"}).status_code == 302
    assert BreakingNews.objects.get().article == story
    assert "Take the banner down" in client.get(url).content.decode()
    assert client.post(url, {"end": "1"}).status_code == 302
    assert not BreakingNews.objects.exists()


def test_a_hostile_headline_is_escaped_in_the_banner(client, make_published):
    story = make_published(HOSTILE)
    MarkBreakingAction(story, "1h").execute()
    page = client.get("/global/").content.decode()
    shown = page.split('class="breaking"')[1].split("</p>")[0]
    assert "A &amp; B &lt; C &gt; D" in shown and "&lt;/script&gt;" in shown
    assert "< C >" not in shown and "</script>" not in shown


def test_the_newest_news_that_open_pages_ask_for_brings_the_banner(client, story):
    """Open pages ask for the newest chunk of news (``updates.js``): it carries the banner,
    or an empty one when there is none; a "More news" chunk does not."""
    def carried(path):
        page = BeautifulSoup(client.get(path).content, "html.parser")
        template = page.select_one("template[data-breaking]")
        return None if template is None else template.decode_contents().strip()

    assert carried("/global/news/?partial=1") == ""
    MarkBreakingAction(story, "1h").execute()
    assert "Missiles over Kyiv" in carried("/global/news/?partial=1")
    more = BeautifulSoup(client.get("/global/news/").content, "html.parser")
    assert more.select_one("template[data-breaking]") is None  # only in the partial
