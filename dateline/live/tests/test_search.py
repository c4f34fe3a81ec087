"""A live article is found by what its public entries say, in every form of the words, and
never by an entry readers cannot read: a draft, a deleted one, one scheduled ahead until
its time comes."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from dateline.live.actions import DeleteEntryAction, EntryChanges, PostEntryAction
from dateline.newsroom.scheduling import run_once

pytestmark = pytest.mark.django_db


def found(client, words, edition="global"):
    prefix = "/global" if edition == "global" else ""
    response = client.get(f"{prefix}/search/", {"q": words})
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    return [" ".join(result.get_text().split()) for result in page.select(".results li")]


def post(article, text, **options):
    return PostEntryAction(article, EntryChanges(text=text, **options.pop("fields", {})),
                           **options).execute()


def test_an_entry_makes_its_live_article_a_result_with_the_entry_in_the_snippet(
        client, make_live):
    live = make_live("Night of strikes: live")
    post(live, "Air defence shot down drones over Cherkasy.")
    results = found(client, "drone cherkasy")
    assert len(results) == 1 and "Night of strikes: live" in results[0]
    assert "Cherkasy" in results[0]


def test_draft_deleted_and_scheduled_entries_find_nothing_until_readers_can_read_them(
        client, make_live, time_machine):
    time_machine.move_to(timezone.now())
    live = make_live("Night of strikes: live")
    post(live, "Zqdraftword in a draft.", publish=False)
    gone = post(live, "Zqdeletedword said once.")
    assert found(client, "zqdeletedword")
    DeleteEntryAction(gone).execute()
    post(live, "Zqscheduledword at dawn.",
         fields={"posted_at": timezone.now() + timedelta(minutes=30)})
    for word in ("zqdraftword", "zqdeletedword", "zqscheduledword"):
        assert found(client, word) == [], word
    run_once()
    assert found(client, "zqscheduledword") == []
    time_machine.shift(timedelta(minutes=31))
    run_once()  # the worker announces the entry that came out
    assert len(found(client, "zqscheduledword")) == 1


def test_ukrainian_entries_are_found_in_other_forms(client, make_published, main_edition):
    from dateline.newsroom.models import Article

    live = make_published("Ніч обстрілів: онлайн", edition=main_edition, kind=Article.Kind.LIVE)
    post(live, "Сили ППО збили ракети над Черкасами.")
    assert len(found(client, "ракета Черкаси", edition="main")) == 1
