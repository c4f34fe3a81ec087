"""Pushes reach the loopback push service, encrypted, signed and decrypted with the
subscribers' own keys; only public articles go out, and each subscriber gets one."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from dateline.newsroom import actions, scheduling
from dateline.reach import outbox
from dateline.reach.models import OutboxMessage
from dateline.reach.push.models import PushDelivery, PushSubscription

pytestmark = pytest.mark.django_db

BREAKING, ALL = PushSubscription.Scope.BREAKING, PushSubscription.Scope.ALL


def queue_push(article, action="breaking"):
    return outbox.enqueue("push", f"push:{article.pk}", edition=article.edition,
                          article=article, action=action)


def test_breaking_push_reaches_every_subscriber_of_the_edition(
        make_published, subscribe, push_service, global_edition, main_edition):
    """A breaking push goes to every subscriber of the article's edition (both scopes),
    decrypted by each with its own keys, with the article's headline, lead, address and
    tag; subscribers of another edition get nothing."""
    ours = [subscribe(global_edition, scope) for scope in (BREAKING, ALL, BREAKING)]
    other, _ = subscribe(main_edition, ALL)
    article = make_published("Sirens A & B < C > D", lead="Take shelter.")
    message = queue_push(article)

    outbox.send_due()

    expected = {"title": "Sirens A & B < C > D", "body": "Take shelter.",
                "url": f"http://127.0.0.1:8000/global/news/{article.slug}/",
                "tag": f"article-{article.pk}", "icon": ""}
    for _subscription, subscriber in ours:
        assert push_service.payloads(subscriber.endpoint) == [expected]
    assert push_service.payloads(other.endpoint) == []
    headers = push_service.received[0]["headers"]
    assert headers["urgency"] == "high" and headers["topic"] == f"article-{article.pk}"
    assert int(headers["ttl"]) > 0
    message.refresh_from_db()
    assert message.state == OutboxMessage.State.SENT
    assert (message.recipients, message.delivered, message.failures) == (3, 3, 0)
    assert PushDelivery.objects.filter(message=message, state="sent").count() == 3
    assert all(s.last_success_at for s in PushSubscription.objects.filter(edition=global_edition))


def test_top_push_reaches_only_those_who_chose_all_top_stories(
        make_published, subscribe, push_service, global_edition):
    """A "top" push goes to the subscribers who chose all top stories, with normal urgency;
    those who chose breaking news only get nothing."""
    _, wants_all = subscribe(global_edition, ALL)
    _, breaking_only = subscribe(global_edition, BREAKING)
    message = queue_push(make_published("Top story"), action="top")

    outbox.send_due()

    assert [p["title"] for p in push_service.payloads(wants_all.endpoint)] == ["Top story"]
    assert push_service.payloads(breaking_only.endpoint) == []
    assert push_service.received[0]["headers"]["urgency"] == "normal"
    message.refresh_from_db()
    assert (message.state, message.recipients, message.delivered) == ("sent", 1, 1)


def test_an_expired_subscription_is_removed(make_published, subscribe, push_service,
                                            global_edition):
    """The push service answers 410 Gone: the subscription is deleted, the delivery kept as
    "expired" and counted as a failure; the others are delivered."""
    gone, gone_subscriber = subscribe(global_edition)
    _, fine = subscribe(global_edition)
    push_service.expire(gone_subscriber.endpoint)
    message = queue_push(make_published())

    outbox.send_due()

    assert not PushSubscription.objects.filter(pk=gone.pk).exists()
    assert len(push_service.payloads(fine.endpoint)) == 1
    message.refresh_from_db()
    assert (message.state, message.delivered, message.failures) == ("sent", 1, 1)
    delivery = PushDelivery.objects.get(message=message, state=PushDelivery.State.GONE)
    assert delivery.subscription is None and delivery.error.startswith("410")


def test_a_throttled_push_is_retried_later_and_the_rest_not_again(
        make_published, subscribe, push_service, global_edition):
    """One push service answers 429: the message backs off with that push still to send;
    the next try sends it, and nobody gets a push twice."""
    _, slow = subscribe(global_edition)
    others = [subscribe(global_edition)[1] for _ in range(3)]
    push_service.throttle(slow.endpoint)
    message = queue_push(make_published())

    outbox.send_due()

    message.refresh_from_db()
    assert message.state == OutboxMessage.State.PENDING and message.attempts == 1
    assert "429" in message.last_error and message.due_at > message.created_at
    assert (message.delivered, message.failures, message.remaining) == (3, 0, 1)
    OutboxMessage.objects.filter(pk=message.pk).update(due_at=message.created_at)  # backoff over

    outbox.send_due()

    message.refresh_from_db()
    assert message.state == OutboxMessage.State.SENT
    assert push_service.counts() == {s.endpoint: 1 for s in [slow, *others]}


@pytest.mark.parametrize("take_down", [
    lambda article: actions.UnpublishAction(article).execute(skip_permission_checks=True),
    lambda article: actions.RetractAction(article, "Wrong.").execute(
        skip_permission_checks=True),
])
def test_nothing_is_pushed_for_an_article_taken_down_before_the_push_went_out(
        take_down, make_published, subscribe, push_service, global_edition):
    """Queued, then unpublished or retracted before the worker came: nothing is sent, the
    message is marked "not sent"."""
    subscribe(global_edition)
    article = make_published()
    message = queue_push(article)
    take_down(article)

    outbox.send_due()

    assert push_service.received == []
    message.refresh_from_db()
    assert message.state == OutboxMessage.State.CANCELLED
    assert not PushDelivery.objects.exists()


def test_nothing_is_pushed_for_a_draft(make_draft, subscribe, push_service, global_edition):
    """A push queued for a draft never goes out."""
    subscribe(global_edition)
    message = queue_push(make_draft())

    outbox.send_due()

    assert push_service.received == []
    message.refresh_from_db()
    assert message.state == OutboxMessage.State.CANCELLED


def test_a_scheduled_article_is_pushed_once_it_is_published(
        make_draft, subscribe, push_service, global_edition):
    """A push queued for a scheduled article waits for its go-live time, then goes out
    once the article is published."""
    _, subscriber = subscribe(global_edition)
    go_live = timezone.now() + timedelta(hours=1)
    article = actions.PublishAction(make_draft("Embargoed", go_live_at=go_live)).execute()
    message = queue_push(article)

    outbox.send_due()

    assert push_service.received == []
    message.refresh_from_db()
    assert message.state == OutboxMessage.State.PENDING and message.due_at >= go_live
    with time_machine.travel(go_live + timedelta(seconds=2)):
        outbox.send_due()
        assert push_service.received == []  # not published yet: the worker has not come
        scheduling.publish_due()
    with time_machine.travel(go_live + timedelta(seconds=10)):
        outbox.send_due()
    assert [p["title"] for p in push_service.payloads(subscriber.endpoint)] == ["Embargoed"]


def test_an_edition_without_subscribers_is_done_at_once(make_published, push_service):
    """No subscribers: the message is sent, to nobody."""
    message = queue_push(make_published())

    outbox.send_due()

    message.refresh_from_db()
    assert (message.state, message.recipients) == ("sent", 0)


def test_the_icon_is_the_editions_logo(make_published, subscribe, push_service,
                                       global_edition):
    """An edition with a logo sends it as the notification's icon: an absolute address of
    its 192×192 rendition."""
    from dateline.site.tests.conftest import make_image

    global_edition.logo = make_image(title="Logo", size=(400, 400))
    global_edition.save()
    _, subscriber = subscribe(global_edition)
    queue_push(make_published())

    outbox.send_due()

    icon = push_service.payloads(subscriber.endpoint)[0]["icon"]
    assert icon.startswith("http://127.0.0.1:8000/media/images/") and "192x192" in icon
