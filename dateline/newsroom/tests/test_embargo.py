"""An embargo holds in every output until its time, even for an article published by
mistake; the desk shows it; when it lifts, the article appears everywhere by itself."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from dateline.newsroom import scheduling
from dateline.newsroom.models import Article
from dateline.reach import outbox
from dateline.reach.models import OutboxMessage

pytestmark = pytest.mark.django_db

LIST = "/admin/snippets/newsroom/article/"


@pytest.fixture
def embargoed(make_published, time_machine):
    time_machine.move_to(timezone.now())
    return make_published("Zqembargo peace talks", embargo_until=timezone.now()
                          + timedelta(hours=1))


def test_an_embargoed_article_is_not_public_until_its_time(embargoed, time_machine):
    assert embargoed.live and embargoed not in Article.objects.published()
    assert Client().get(embargoed.get_absolute_url()).status_code == 404
    time_machine.shift(timedelta(hours=1, seconds=1))
    assert embargoed in Article.objects.published()


def test_pages_cached_before_the_lift_show_the_article_once_it_lifts(
        embargoed, time_machine, make_published, monkeypatch):
    monkeypatch.setattr(scheduling.appeared_look, "until", None)  # this process's first tick
    make_published("Other news")
    reader = Client()
    assert "Zqembargo" not in reader.get("/global/").content.decode()
    assert "Zqembargo" not in reader.get("/feeds/global/rss.xml").content.decode()
    time_machine.shift(timedelta(hours=1, seconds=1))
    assert scheduling.announce_appeared() == [embargoed.pk]  # the worker's tick
    assert "Zqembargo" in reader.get("/global/").content.decode()
    assert "Zqembargo" in reader.get("/feeds/global/rss.xml").content.decode()
    assert reader.get(embargoed.get_absolute_url()).status_code == 200


def test_the_desk_shows_and_filters_embargoed_articles(embargoed, make_published, client,
                                                       editor):
    make_published("Free to read")
    client.force_login(editor)
    listing = client.get(LIST).content.decode()
    assert "Embargoed" in listing
    only = client.get(LIST + "?status=embargoed").content.decode()
    assert "Zqembargo peace talks" in only and "Free to read" not in only


def test_a_send_queued_for_an_embargoed_article_waits_for_the_lift(embargoed, time_machine):
    sent = []

    class Recorder(outbox.Channel):
        name = label = "recorder"

        def deliver(self, message):
            sent.append(message.key)
            return True

    outbox.register(Recorder())
    try:
        message = outbox.enqueue("recorder", "k", edition=embargoed.edition, article=embargoed)
        outbox.send_due()
        message.refresh_from_db()
        assert (sent, message.state, message.due_at) == ([], "pending",
                                                         embargoed.embargo_until)
        time_machine.shift(timedelta(hours=1, seconds=1))
        outbox.send_due()
        assert sent == ["k"] and OutboxMessage.objects.get(pk=message.pk).state == "sent"
    finally:
        del outbox.CHANNELS["recorder"]
