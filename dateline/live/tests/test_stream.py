"""The stream open pages of live coverage ask for: one address for every reader, kept by
the caches until an entry changes, never holding what readers may not see."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from dateline.live.actions import DeleteEntryAction, EditEntryAction, EntryChanges, PostEntryAction
from dateline.live.stream import STREAM_MAX_AGE
from dateline.newsroom.actions import UnpublishAction

pytestmark = pytest.mark.django_db


def post(article, text, user, publish=True, **fields):
    return PostEntryAction(article, EntryChanges(text=text, **fields), user=user,
                           publish=publish).execute()


def read(client, article):
    response = client.get(f"/global/news/{article.slug}/live.json")
    return response, (response.json() if response.status_code == 200 else None)


def texts(data):
    return [" ".join(re.sub(r"<[^>]+>", " ", entry["html"]).split()) for entry in data["entries"]]


def test_the_stream_holds_public_entries_pinned_first_then_newest(client, make_live, editor):
    article = make_live()
    first = post(article, "First report.", editor)
    post(article, "Second report.", editor)
    post(article, "Pinned summary.", editor, pinned=True)
    post(article, "A draft.", editor, publish=False)
    post(article, "Scheduled.", editor, posted_at=timezone.now() + timedelta(hours=1))
    DeleteEntryAction(post(article, "Retracted claim.", editor), user=editor).execute()
    response, data = read(client, article)
    assert response["Content-Type"] == "application/json"
    shown = texts(data)
    assert len(shown) == 3
    for text, said in zip(shown, ("Pinned summary.", "Second report.", "First report."),
                          strict=True):
        assert said in text
    assert data["open"] is True and len(data["gone"]) == 1
    body = response.content.decode()
    for hidden in ("A draft", "Scheduled", "Retracted claim"):
        assert hidden not in body
    assert data["entries"][-1]["id"] == first.pk


def test_every_change_of_an_entry_reaches_the_next_reader_through_the_page_cache(
        client, make_live, editor):
    article = make_live()
    entry = post(article, "Explosions heard.", editor)
    response, _ = read(client, article)
    assert response["X-Page-Cache"] == "miss"
    assert read(client, article)[0]["X-Page-Cache"] == "hit"
    EditEntryAction(entry, EntryChanges(text="Three explosions heard."), user=editor).execute()
    response, data = read(client, article)
    assert response["X-Page-Cache"] == "miss" and "Three explosions" in data["entries"][0]["html"]
    DeleteEntryAction(entry, user=editor).execute()
    response, data = read(client, article)
    assert data["entries"] == [] and data["gone"] == [entry.pk]


def test_shared_caches_keep_the_stream_only_a_few_seconds(client, make_live, editor):
    article = make_live()
    post(article, "Entry.", editor)
    control = read(client, article)[0]["Cache-Control"]
    s_maxage = int(re.search(r"s-maxage=(\d+)", control)[1])
    assert "public" in control and 0 < s_maxage <= STREAM_MAX_AGE


def test_a_stream_from_the_page_cache_reaches_the_proxy_still_fresh(
        client, make_live, editor, time_machine):
    """The stream's s-maxage counts from its rendering, as the proxy counts it: a copy the
    page cache serves a second later, less its Age, still lives a second at the proxy
    (counted from the moment it was served, every poll after a post went to the app)."""
    article = make_live()
    post(article, "Entry.", editor)
    start = timezone.now()
    time_machine.move_to(start)
    read(client, article)
    time_machine.move_to(start + timedelta(seconds=1.2))
    response = read(client, article)[0]
    s_maxage = int(re.search(r"s-maxage=(\d+)", response["Cache-Control"])[1])
    assert response["X-Page-Cache"] == "hit"
    assert s_maxage <= STREAM_MAX_AGE and s_maxage - int(response["Age"]) >= 1


def test_a_scheduled_entry_cuts_the_streams_life_to_its_time(client, make_live, editor):
    article = make_live()
    post(article, "Soon.", editor, posted_at=timezone.now() + timedelta(seconds=2))
    control = read(client, article)[0]["Cache-Control"]
    assert int(re.search(r"s-maxage=(\d+)", control)[1]) <= 2


def test_no_stream_for_what_readers_may_not_see(client, make_live, make_published, editor):
    article = make_live()
    post(article, "Entry of a coverage taken down.", editor)
    assert read(client, make_published("Ordinary news"))[0].status_code == 404
    UnpublishAction(article, user=editor).execute()
    response, _ = read(client, article)
    assert response.status_code == 404
    assert b"taken down" not in response.content
