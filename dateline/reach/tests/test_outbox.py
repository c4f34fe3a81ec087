"""The outbox's promises, whatever the channel: queued once per key in the change's
transaction, sent once, only while the article is public, retried with backoff, resumed
after a worker stops holding it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from dateline.newsroom import actions, scheduling
from dateline.reach import outbox
from dateline.reach.models import OutboxMessage

pytestmark = pytest.mark.django_db


class Recorder(outbox.Channel):
    """A channel that writes down what it is handed; ``parts`` calls finish one message,
    ``failing`` calls raise first."""

    name = "recorder"
    label = "Recorder"

    def __init__(self):
        self.delivered, self.parts, self.failing = [], 1, 0

    def deliver(self, message):
        if self.failing:
            self.failing -= 1
            raise ConnectionError("the service is down")
        self.delivered.append(message.key)
        return self.delivered.count(message.key) >= self.parts


@pytest.fixture
def recorder():
    channel = outbox.register(Recorder())
    yield channel
    del outbox.CHANNELS[channel.name]


def queue(article, key="k"):
    return outbox.enqueue("recorder", key, edition=article.edition, article=article)


def test_a_key_is_queued_once_however_often_it_is_asked_for(recorder, make_published):
    article = make_published()
    first, second = queue(article), queue(article)
    assert first.pk == second.pk and OutboxMessage.objects.filter(channel="recorder").count() == 1
    outbox.send_due()
    queue(article)  # asked again after it went: still the one, sent
    assert recorder.delivered == ["k"]
    assert OutboxMessage.objects.get(channel="recorder").state == "sent"


@pytest.mark.parametrize("hide", ["unpublish", "retract", "expire", "delete"])
def test_nothing_goes_out_about_an_article_that_stopped_being_public(
        recorder, make_published, hide):
    article = make_published()
    message = queue(article)
    if hide == "unpublish":
        actions.UnpublishAction(article).execute()
    elif hide == "retract":
        actions.RetractAction(article, "We could not verify it.").execute()
    elif hide == "expire":
        actions.UnpublishAction(article, kind="expire").execute()
    else:
        article.delete()
    outbox.send_due()
    message.refresh_from_db()
    assert recorder.delivered == []
    assert message.state == "cancelled" and message.last_error.startswith("the article")


def test_nothing_goes_out_about_a_draft(recorder, make_draft):
    message = queue(make_draft())
    outbox.send_due()
    message.refresh_from_db()
    assert (recorder.delivered, message.state) == ([], "cancelled")


def test_a_scheduled_articles_message_waits_for_its_publication(
        recorder, make_draft, time_machine):
    time_machine.move_to(timezone.now())
    go_live = timezone.now() + timedelta(minutes=30)
    article = actions.PublishAction(make_draft(go_live_at=go_live)).execute()
    message = queue(article)
    outbox.send_due()
    message.refresh_from_db()
    assert (recorder.delivered, message.state, message.due_at) == ([], "pending", go_live)
    time_machine.shift(timedelta(minutes=31))
    scheduling.publish_due()
    outbox.send_due()
    assert recorder.delivered == ["k"]


def test_a_failing_send_is_retried_later_and_given_up_after_the_last_attempt(
        recorder, make_published, time_machine):
    time_machine.move_to(timezone.now())
    message = queue(make_published())
    recorder.failing = outbox.MAX_ATTEMPTS
    for attempt in range(1, outbox.MAX_ATTEMPTS + 1):
        assert outbox.send_due() == 1
        message.refresh_from_db()
        assert message.attempts == attempt and "the service is down" in message.last_error
        assert outbox.send_due() == 0  # not before its backoff
        time_machine.shift(outbox.backoff(attempt))
    assert message.state == "failed" and recorder.delivered == []
    assert outbox.send_due() == 0


def test_a_message_sent_in_parts_is_handed_over_until_it_is_all_out(recorder, make_published):
    recorder.parts = 3
    queue(make_published())
    outbox.send_due()
    assert recorder.delivered == ["k", "k", "k"]
    assert OutboxMessage.objects.get(channel="recorder").state == "sent"


def test_a_claimed_message_is_left_to_its_worker_until_its_claim_lapses(
        recorder, make_published, time_machine):
    """A worker killed mid-send holds its message for ``LEASE`` at most; then another
    worker takes it over and finishes it."""
    time_machine.move_to(timezone.now())
    message = queue(make_published())
    assert outbox.claim().pk == message.pk  # a worker took it, then died
    assert outbox.claim() is None and outbox.send_due() == 0
    time_machine.shift(outbox.LEASE + timedelta(seconds=1))
    assert outbox.send_due() == 1 and recorder.delivered == ["k"]


def test_an_overdue_message_is_told_on_the_dashboard(
        recorder, make_published, editor, client, time_machine):
    time_machine.move_to(timezone.now())
    queue(make_published())
    client.force_login(editor)
    assert "is overdue" not in client.get("/admin/").content.decode()
    time_machine.shift(timedelta(minutes=6))
    page = client.get("/admin/").content.decode()
    assert "1 message is overdue" in page and "/admin/reach/outbox/?state=pending" in page


OUTBOX = "/admin/reach/outbox/"


def again_url(message):
    return f"{OUTBOX}{message.pk}/again/"


def test_a_failed_message_is_sent_again_from_the_outbox_and_the_history_says_who(
        recorder, make_published, client, editor, time_machine):
    from wagtail.models import ModelLogEntry

    from dateline.reach.actions import SEND_AGAIN

    time_machine.move_to(timezone.now())
    article = make_published("Air raid alert")
    message = outbox.enqueue("recorder", "k", edition=article.edition, article=article)
    recorder.failing = outbox.MAX_ATTEMPTS
    for _try in range(outbox.MAX_ATTEMPTS):
        outbox.send_due()
        time_machine.shift(timedelta(hours=1, seconds=1))
    message.refresh_from_db()
    assert message.state == "failed"
    client.force_login(editor)
    assert again_url(message) in client.get(OUTBOX + "?state=failed").content.decode()
    response = client.post(again_url(message), {"next": OUTBOX + "?state=failed"})
    assert response.status_code == 302 and response["Location"] == OUTBOX + "?state=failed"
    message.refresh_from_db()
    assert (message.state, message.attempts) == ("pending", 0)
    entry = ModelLogEntry.objects.get(object_id=str(article.pk), action=SEND_AGAIN)
    assert entry.user == editor and entry.data == {"sent_to": "recorder:publish", "was": "failed"}
    outbox.send_due()
    message.refresh_from_db()
    assert message.state == "sent" and recorder.delivered == ["k"]
    # Sent now: no button, and a second press changes nothing.
    assert again_url(message) not in client.get(OUTBOX).content.decode()
    client.post(again_url(message))
    assert OutboxMessage.objects.get(pk=message.pk).state == "sent"


def test_a_message_not_sent_for_an_unpublished_article_goes_again_only_once_it_is_public(
        recorder, make_published, client, editor):
    article = make_published("Withdrawn for a moment")
    message = outbox.enqueue("recorder", "k", edition=article.edition, article=article)
    actions.UnpublishAction(article).execute()
    outbox.send_due()
    message.refresh_from_db()
    assert message.state == "cancelled"
    client.force_login(editor)
    page = client.post(again_url(message), follow=True).content.decode()
    assert "Publish the article again first" in page
    assert OutboxMessage.objects.get(pk=message.pk).state == "cancelled"
    actions.PublishAction(article).execute()
    client.post(again_url(message))
    outbox.send_due()
    assert recorder.delivered == ["k"]


def test_who_may_not_publish_may_not_send_again_and_next_stays_on_the_outbox(
        recorder, make_published, client, reporter, editor):
    article = make_published("A story")
    message = outbox.enqueue("recorder", "k", edition=article.edition, article=article)
    OutboxMessage.objects.filter(pk=message.pk).update(state="failed")
    client.force_login(reporter)
    assert client.post(again_url(message)).status_code == 403
    assert client.get(again_url(message)).status_code == 405
    assert OutboxMessage.objects.get(pk=message.pk).state == "failed"
    client.force_login(editor)
    response = client.post(again_url(message), {"next": "https://evil.example/"})
    assert response["Location"] == OUTBOX
