"""Exactly once through a crash: the real `dateline worker`, SIGKILLed in the middle of a
post, and started again."""

import pytest
from django.db import connection
from django.utils import timezone

from dateline.health.tests.fault import database_url, dateline_env, service, wait_for
from dateline.reach.models import OutboxMessage
from dateline.reach.telegram.models import TelegramPost

from .botapi import TOKEN
from .conftest import queue_post

POSTS = 6
HELD = 3  # the post in flight when the worker is killed


@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_post_posts_each_article_once(bot, channel, make_published,
                                                        tmp_path):
    """Kill the worker while Telegram holds the third of six posts, then start it again:
    every article is on the channel exactly once. The two posts before the kill are
    recorded; the one in flight (which Telegram took in, but whose answer nobody read) is
    not sent again and is failed with "look at the channel" on the desk; the restarted
    worker posts the other three. The token is in no log."""
    articles = [make_published(f"Story {n}", lead=f"Lead {n}.") for n in range(POSTS)]
    messages = [queue_post(article) for article in articles]
    bot.hold_post(HELD)
    env = dateline_env(tmp_path, database_url(connection.settings_dict),
                       DATELINE_WORKER_INTERVAL="0.5", DATELINE_TELEGRAM_BOT_TOKEN=TOKEN,
                       DATELINE_TELEGRAM_API=bot.url)

    with service(env, "worker", log_path=tmp_path / "worker-1.log") as worker:
        assert bot.held.wait(120), worker.log()
        worker.kill()  # fault: SIGKILL while the third post is in flight
    bot.let_go.set()  # Telegram takes in the request that reached it
    wait_for(lambda: len(bot.posts()) == HELD, timeout=30, message="the held post")
    # The killed worker's claim runs out (outbox.LEASE) without waiting for it here.
    OutboxMessage.objects.filter(claimed_until__isnull=False).update(
        claimed_until=timezone.now())

    def all_handled():
        return not OutboxMessage.objects.filter(
            channel="telegram", state=OutboxMessage.State.PENDING).exists()

    with service(env, "worker", log_path=tmp_path / "worker-2.log") as restarted:
        wait_for(all_handled, timeout=120, message="the restarted worker")

    headlines = sorted(post["text"].split("\n")[0] for post in bot.posts())
    assert headlines == [f"Story {n}" for n in range(POSTS)]
    assert len(bot.calls("sendMessage")) == POSTS  # none asked of Telegram twice
    states = [OutboxMessage.objects.get(pk=m.pk).state for m in messages]
    assert states == ["sent"] * (HELD - 1) + ["failed"] + ["sent"] * (POSTS - HELD)
    in_flight = OutboxMessage.objects.get(pk=messages[HELD - 1].pk)
    assert "may have posted it" in in_flight.last_error
    assert TelegramPost.objects.filter(message_id__isnull=False).count() == POSTS - 1
    assert TelegramPost.objects.get(outbox_message=in_flight).message_id is None
    assert TOKEN not in worker.log() + restarted.log()
