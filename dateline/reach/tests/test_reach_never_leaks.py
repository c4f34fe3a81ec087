"""Nothing that readers may not see ever leaves through a channel: not a draft, not an
embargoed or scheduled article before its time, not one unpublished, expired, retracted or
deleted before its send went out, and not the unpublished draft changes of a live article.

Each channel has its section; every send goes through the real protocol on loopback.
"""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from dateline.newsroom import actions, edits
from dateline.newsroom.models import ArticleUpdate
from dateline.reach import outbox
from dateline.reach.models import OutboxMessage
from dateline.reach.telegram.tests.conftest import bot, channel, queue_post  # noqa: F401

pytestmark = pytest.mark.django_db

UNSEEN = "EMBARGOED-DRAFT-WORDS"


# -- Telegram ---------------------------------------------------------------------------

def _draft(make_draft, **fields):
    return make_draft(f"{UNSEEN} headline", lead=f"{UNSEEN} lead", **fields)


def _never_public(make_draft):
    return _draft(make_draft)


def _scheduled(make_draft):
    go_live = timezone.now() + timedelta(hours=2)
    return actions.PublishAction(_draft(make_draft, go_live_at=go_live)).execute()


def _unpublished(make_draft):
    article = actions.PublishAction(_draft(make_draft)).execute()
    return actions.UnpublishAction(article).execute(skip_permission_checks=True)


def _retracted(make_draft):
    article = actions.PublishAction(_draft(make_draft)).execute()
    return actions.RetractAction(article, "Not verified.").execute(skip_permission_checks=True)


def _expired(make_draft):
    article = actions.PublishAction(_draft(make_draft)).execute()
    return actions.UnpublishAction(article, kind="expire").execute(skip_permission_checks=True)


TAKEN_DOWN = {"draft": _never_public, "scheduled": _scheduled, "unpublished": _unpublished,
              "retracted": _retracted, "expired": _expired}


@pytest.mark.parametrize("state, queued", [
    (state, "after") for state in TAKEN_DOWN] + [
    (state, "before") for state in ("unpublished", "retracted", "expired")])
def test_telegram_posts_nothing_that_is_not_public(bot, channel, make_draft,  # noqa: F811
                                                   state, queued):
    """A Telegram post queued for an article that is not public (queued while it is so,
    or before it was taken down) sends nothing at all; a scheduled one waits."""
    if queued == "before":
        article = actions.PublishAction(_draft(make_draft)).execute()
        message = queue_post(article)
        _take_down(article, state)
    else:
        article = TAKEN_DOWN[state](make_draft)
        message = queue_post(article)

    outbox.send_due()

    message.refresh_from_db()
    assert message.state == (OutboxMessage.State.PENDING if state == "scheduled"
                             else OutboxMessage.State.CANCELLED)
    assert not bot.requests


def _take_down(article, state):
    if state == "retracted":
        actions.RetractAction(article, "Not verified.").execute(skip_permission_checks=True)
    else:
        actions.UnpublishAction(article, kind="expire" if state == "expired" else "unpublish"
                                ).execute(skip_permission_checks=True)


def test_telegram_posts_nothing_past_its_expiry_time(bot, channel, make_published):  # noqa: F811
    """An article whose expiry time has passed is not posted, even before the worker has
    taken it down."""
    article = make_published("Expiring", expire_at=timezone.now() + timedelta(hours=1))
    message = queue_post(article)

    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        outbox.send_due()

    message.refresh_from_db()
    assert message.state == OutboxMessage.State.CANCELLED and not bot.requests


def test_deleted_article_is_not_posted(bot, channel, make_published):  # noqa: F811
    """A post queued for an article deleted before it went out sends nothing."""
    article = make_published(f"{UNSEEN} headline")
    message = queue_post(article)
    article.delete()

    outbox.send_due()

    message.refresh_from_db()
    assert message.state == OutboxMessage.State.CANCELLED and not bot.requests


def test_telegram_never_shows_draft_changes(bot, channel, make_published):  # noqa: F811
    """Saving a draft of a posted article changes nothing on Telegram, and a later
    correction (which republishes the live version) edits the message without the
    draft's words."""
    article = make_published("Live headline", lead="Live lead.")
    queue_post(article)
    outbox.send_due()

    actions.EditArticleAction(article, edits.Changes(fields={"headline": f"{UNSEEN} headline",
                                                             "lead": f"{UNSEEN} lead"})
                              ).execute(skip_permission_checks=True)
    outbox.send_due()
    assert [method for method, _ in bot.requests] == ["sendMessage"]

    actions.AddUpdateNoteAction(article, "A date was wrong.",
                                kind=ArticleUpdate.Kind.CORRECTION).execute(
        skip_permission_checks=True)
    outbox.send_due()

    assert all(UNSEEN not in str(params) for _, params in bot.requests)
    assert bot.posts()[0]["text"].startswith("Live headline\n\nLive lead.")
