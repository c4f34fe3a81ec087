"""WebSub: every feed names the hub, and every change readers can see pings it once, after
the change's commit, with exactly the feeds that change."""

import json

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from dateline.newsroom import actions
from dateline.newsroom.models import ArticleAuthor, ArticleTag, Author, Section, Tag
from dateline.reach import outbox
from dateline.reach.models import OutboxMessage
from dateline.syndication.links import FORMATS

from .hub import Hub

BASE = "https://news.example.org"
FEEDS = {fmt: f"/feeds/global/{filename}" for fmt, (filename, _m, _l) in FORMATS.items()}


@pytest.fixture
def hub(settings):
    with Hub() as server:
        settings.DATELINE_WEBSUB_HUB = server.url
        settings.WAGTAILADMIN_BASE_URL = BASE
        yield server


@pytest.fixture
def filed(make_draft, global_edition):
    """A draft with a section, a tag and an author: 4 feeds × 3 formats show it."""
    section = Section.objects.create(edition=global_edition, name="War")
    tag = Tag.objects.create(edition=global_edition, name="Drones")
    author = Author.objects.create(name="Iryna Kovalchuk")
    article = make_draft("Drones over Kyiv", section=section)
    ArticleTag.objects.create(article=article, tag=tag)
    ArticleAuthor.objects.create(article=article, author=author, sort_order=0)
    article.save_revision()
    return article


def feed_set(edition="global", *scopes):
    return {f"{BASE}/feeds/{edition}/{scope}{filename}"
            for scope in ("", *scopes) for filename, _m, _l in FORMATS.values()}


@pytest.mark.django_db
def test_every_feed_names_the_hub_in_its_body_and_its_link_header(hub, make_published):
    make_published("A story")
    client = Client()
    for fmt, path in FEEDS.items():
        response = client.get(path)
        assert response.status_code == 200
        assert response["Link"] == f'<{hub.url}>; rel="hub", <{BASE}{path}>; rel="self"'
        body = response.content.decode()
        if fmt == "json":
            assert json.loads(body)["hubs"] == [{"type": "WebSub", "url": hub.url}]
        elif fmt == "rss":
            assert f'<atom:link href="{hub.url}" rel="hub"/>' in body
        else:
            assert f'<link href="{hub.url}" rel="hub"' in body


@pytest.mark.django_db
def test_without_a_hub_feeds_name_none_and_nothing_is_queued(settings, make_published):
    settings.DATELINE_WEBSUB_HUB = ""
    make_published("A story")
    response = Client().get(FEEDS["atom"])
    assert "Link" not in response and 'rel="hub"' not in response.content.decode()
    assert not OutboxMessage.objects.exists()


@pytest.mark.django_db
def test_a_publish_pings_the_hub_once_with_every_feed_that_shows_the_story(hub, filed):
    actions.PublishAction(filed).execute()
    assert hub.pings == []  # the worker sends, not the request
    assert outbox.send_due() == 1
    assert {mode for mode, _urls, _t in hub.pings} == {"publish"}
    assert all(t == "application/x-www-form-urlencoded" for _m, _u, t in hub.pings)
    assert sorted(hub.urls()) == sorted(feed_set("global", "section/war/", "tag/drones/",
                                                 "author/iryna-kovalchuk/"))
    message = OutboxMessage.objects.get()
    assert (message.state, message.delivered, message.recipients) == ("sent", 12, 12)
    assert outbox.send_due() == 0 and len(hub.pings) == 12


@pytest.mark.django_db
def test_unpublishing_and_correcting_ping_too_so_aggregators_drop_or_refresh_the_story(
        hub, make_published):
    article = make_published("A story")
    actions.UnpublishAction(article).execute()
    outbox.send_due()
    assert sorted(hub.urls()) == sorted([*feed_set(), *feed_set()])  # the publish, the unpublish
    actions.PublishAction(article).execute()
    actions.AddUpdateNoteAction(article, "A figure was wrong.", kind="correction").execute()
    outbox.send_due()
    assert f"{BASE}/feeds/global/corrections/rss.xml" in hub.urls()


@pytest.mark.django_db
def test_a_publish_that_rolls_back_queues_no_ping(hub, make_draft):
    article = make_draft("Never out")
    with pytest.raises(RuntimeError), transaction.atomic():
        actions.PublishAction(article).execute()
        assert OutboxMessage.objects.count() == 1  # queued in the publishing transaction
        raise RuntimeError("the publish fails after the fact")
    assert not OutboxMessage.objects.exists()
    assert outbox.send_due() == 0 and hub.pings == []


@pytest.mark.django_db
def test_a_refusing_hub_is_asked_again_later_without_repeating_what_it_took(
        settings, make_published, time_machine):
    time_machine.move_to(timezone.now())
    with Hub(status=503) as refusing:
        settings.DATELINE_WEBSUB_HUB = refusing.url
        settings.WAGTAILADMIN_BASE_URL = BASE
        make_published("A story")
        outbox.send_due()
        message = OutboxMessage.objects.get()
        assert (message.state, message.attempts) == ("pending", 1)
        assert "503" in message.last_error
        assert outbox.send_due() == 0  # backing off
        refusing.status = 204
        time_machine.shift(outbox.backoff(1).total_seconds() + 1)
        outbox.send_due()
    message.refresh_from_db()
    assert message.state == "sent"
    pinged = refusing.urls()
    assert sorted(pinged[1:]) == sorted(feed_set())  # the refused one, then each once


@pytest.mark.django_db(transaction=True)
def test_the_hub_pinged_by_the_worker_reads_the_new_story_in_the_feed(
        settings, live_server, make_draft):
    """The ping goes out after the commit and after the page cache let go of the old feed:
    a hub that fetches the feed at once finds the story."""
    with Hub(fetch=True) as hub:
        settings.DATELINE_WEBSUB_HUB = hub.url
        settings.WAGTAILADMIN_BASE_URL = live_server.url
        article = make_draft("First on the hub")
        Client().get(FEEDS["rss"])  # the old feed, cached
        actions.PublishAction(article).execute()
        outbox.send_due()
        feed = hub.fetched[f"{live_server.url}{FEEDS['rss']}"]
    assert "First on the hub" in feed


@pytest.mark.django_db
def test_no_ping_names_a_feed_of_a_story_that_was_never_out(hub, make_draft):
    """A live blog's draft entries, a scheduled or future-dated publish, an unpublished
    draft: none reaches the hub (a live article's feed address carries its slug)."""
    from dateline.live.actions import EntryChanges, PostEntryAction

    live = make_draft("Secret live blog", kind="live")
    PostEntryAction(live, EntryChanges(text="Not yet."), publish=True).execute()
    scheduled = make_draft("Later", go_live_at=timezone.now() + timezone.timedelta(hours=1))
    actions.PublishAction(scheduled).execute()
    future = make_draft("Future", first_published_at=timezone.now() + timezone.timedelta(days=1))
    actions.PublishAction(future).execute()
    actions.UnpublishAction(make_draft("Never out")).execute()
    outbox.send_due()
    assert hub.pings == []


@pytest.mark.django_db
def test_a_story_that_appears_by_itself_pings_when_it_appears(hub, make_published,
                                                              time_machine, monkeypatch):
    """An embargo that lifts, a first publication time given ahead: no action runs then,
    and the worker's look announces the story, which pings its feeds once."""
    from dateline.newsroom import scheduling

    time_machine.move_to(timezone.now())
    monkeypatch.setattr(scheduling.appeared_look, "until", None)
    lift = timezone.now() + timezone.timedelta(hours=1)
    make_published("Held", embargo_until=lift)
    scheduling.run_once()
    assert hub.pings == []
    time_machine.shift(timezone.timedelta(hours=1, seconds=1))
    scheduling.run_once()
    assert sorted(hub.urls()) == sorted(feed_set())
    scheduling.run_once()
    assert len(hub.urls()) == len(feed_set())  # once
