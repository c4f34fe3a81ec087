"""The Telegram channel against a Bot-API-compatible server on loopback (botapi.py): what
is posted, edited and deleted, escaped and trimmed as Telegram needs, never for what is
not public, and how Telegram's refusals and flood control end up on the desk."""

import logging
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from dateline.conftest import HOSTILE
from dateline.newsroom import actions, edits
from dateline.newsroom.models import Article, ArticleUpdate
from dateline.reach import outbox
from dateline.reach.models import OutboxMessage
from dateline.reach.telegram import client
from dateline.reach.telegram.models import TelegramPost
from dateline.reach.telegram.text import units

from .botapi import parse_html
from .conftest import queue_post

pytestmark = pytest.mark.django_db

SENT, FAILED, PENDING, CANCELLED = (OutboxMessage.State.SENT, OutboxMessage.State.FAILED,
                                    OutboxMessage.State.PENDING, OutboxMessage.State.CANCELLED)


def _refreshed(message):
    message.refresh_from_db()
    return message


def _telegram_messages():
    return OutboxMessage.objects.filter(channel="telegram")


def _republish(article, **fields):
    return actions.EditArticleAction(article, edits.Changes(fields=fields),
                                     publish=True).execute(skip_permission_checks=True)


# -- posting ------------------------------------------------------------------------------

def test_article_without_picture_is_posted_as_text(bot, channel, make_published):
    """An article without a picture goes out as one sendMessage: bold headline, lead, a
    link to the article in the edition's language; recorded with its message id."""
    article = make_published("Kyiv talks resume", lead="Delegations meet on Monday.")
    message = queue_post(article)

    outbox.send_due()

    assert _refreshed(message).state == SENT
    [params] = bot.calls("sendMessage")
    assert params["chat_id"] == "@dateline_global" and params["parse_mode"] == "HTML"
    assert params["link_preview_options"] == {"is_disabled": True}
    assert params["text"] == (
        "<b>Kyiv talks resume</b>\n\nDelegations meet on Monday.\n\n"
        f'<a href="http://127.0.0.1:8000/global/news/{article.slug}/">Read on the site</a>')
    [posted] = bot.posts()
    post = TelegramPost.objects.get(article=article)
    assert (post.message_id, post.with_photo) == (posted["message_id"], False)
    assert post.revision_id == article.live_revision_id and post.posted_at
    assert post.link == f"https://t.me/dateline_global/{posted['message_id']}"


def test_article_with_picture_is_posted_as_photo_with_caption(bot, channel, make_published,
                                                              picture):
    """An article with a main picture goes out as sendPhoto: the absolute URL of a
    rendition the site serves, with the text as its caption."""
    article = make_published("Grain corridor reopens", main_image=picture)
    queue_post(article)

    outbox.send_due()

    assert not bot.calls("sendMessage")
    [params] = bot.calls("sendPhoto")
    rendition = picture.get_rendition("width-1200")
    assert params["photo"] == f"http://127.0.0.1:8000{rendition.url}"
    assert params["caption"].startswith("<b>Grain corridor reopens</b>")
    assert TelegramPost.objects.get(article=article).with_photo


def test_main_edition_posts_in_ukrainian(bot, make_published, main_edition):
    """The words of the post are in the edition's language."""
    from dateline.reach.telegram.models import TelegramChannel

    TelegramChannel.objects.create(edition=main_edition, chat="@dateline_main")
    article = make_published("Переговори", edition=main_edition)
    queue_post(article)

    outbox.send_due()

    [params] = bot.calls("sendMessage")
    assert params["chat_id"] == "@dateline_main"
    assert ">Читати на сайті</a>" in params["text"]


def test_hostile_headline_and_lead_are_escaped(bot, channel, make_published):
    """Markup in a headline or lead is escaped: Telegram parses the post and shows the
    text exactly as written."""
    headline = HOSTILE + " <script>alert(1)</script> &amp;"
    article = make_published(headline, lead="Lead <b>not bold</b> & <a href='x'>no link</a>")
    queue_post(article)

    outbox.send_due()

    [params] = bot.calls("sendMessage")
    assert "<script>" not in params["text"] and "&lt;script&gt;" in params["text"]
    [posted] = bot.posts()
    assert posted["text"].startswith(" ".join(headline.split()) + "\n\nLead <b>not bold</b> & ")


@pytest.mark.parametrize("with_picture, limit", [(True, 1024), (False, 4096)])
def test_long_lead_is_shortened_within_telegrams_limit(bot, channel, make_published, picture,
                                                       with_picture, limit):
    """A long lead is cut with an ellipsis so that the text Telegram counts (UTF-16 units:
    an emoji is two) stays within its limit, the headline and link whole."""
    lead = "Слово 🇺🇦 & <i>тест</i> " * 900
    article = make_published("Long read", lead=lead,
                             main_image=picture if with_picture else None)
    queue_post(article)

    outbox.send_due()

    [params] = bot.calls("sendPhoto" if with_picture else "sendMessage")
    visible = parse_html(params["caption" if with_picture else "text"])
    assert limit - 20 < units(visible) <= limit
    assert visible.startswith("Long read\n\nСлово 🇺🇦 & <i>тест</i>")
    assert visible.endswith("…\n\nRead on the site")
    assert TelegramPost.objects.get(article=article).message_id


# -- edits and deletions ----------------------------------------------------------------

@pytest.fixture
def posted(bot, channel, make_published):
    """An article on the channel (text post)."""
    article = make_published("First headline", lead="First lead.")
    queue_post(article)
    outbox.send_due()
    return Article.objects.get(pk=article.pk)


def test_republish_edits_the_same_message_once_per_revision(bot, posted):
    """Publishing a changed article edits its message (the same message id); each
    published version edits once."""
    post = TelegramPost.objects.get(article=posted)
    article = _republish(posted, headline="Second headline")

    outbox.send_due()
    outbox.send_due()

    [params] = bot.calls("editMessageText")
    assert params["message_id"] == post.message_id and params["chat_id"] == "@dateline_global"
    [message] = bot.posts()
    assert message["text"].startswith("Second headline\n\nFirst lead.")
    post.refresh_from_db()
    assert post.revision_id == article.live_revision_id and post.edited_at
    assert _telegram_messages().filter(action="edit").count() == 1

    _republish(article, lead="Second lead.")
    outbox.send_due()
    assert len(bot.calls("editMessageText")) == 2
    assert bot.posts()[0]["text"].startswith("Second headline\n\nSecond lead.")


def test_correction_edits_and_unchanged_text_is_success(bot, posted):
    """A correction re-publishes the article: its edit goes out, and Telegram's "message
    is not modified" (the post's text did not change) counts as done."""
    actions.AddUpdateNoteAction(posted, "A name was misspelt.",
                                kind=ArticleUpdate.Kind.CORRECTION).execute(
        skip_permission_checks=True)

    outbox.send_due()

    [edit] = _telegram_messages().filter(action="edit")
    assert edit.state == SENT, edit.last_error
    assert len(bot.calls("editMessageText")) == 1


def test_picture_post_is_edited_through_its_caption(bot, channel, make_published, picture):
    """A photo post is edited with editMessageCaption."""
    article = make_published("Photo story", main_image=picture)
    queue_post(article)
    outbox.send_due()

    _republish(article, headline="Photo story, updated")
    outbox.send_due()

    [params] = bot.calls("editMessageCaption")
    assert params["caption"].startswith("<b>Photo story, updated</b>")
    assert bot.posts()[0]["caption"].startswith("Photo story, updated")


@pytest.mark.parametrize("take_down", ["retract", "unpublish", "expire", "delete"])
def test_taking_an_article_down_deletes_its_message(bot, posted, take_down):
    """Retracting, unpublishing, expiring or deleting a posted article deletes its
    message from the channel."""
    post = TelegramPost.objects.get(article=posted)
    if take_down == "retract":
        actions.RetractAction(posted, "Could not be verified.").execute(
            skip_permission_checks=True)
    elif take_down == "delete":
        posted.delete()
        # What was queued and recorded while it was being deleted lets go of it.
        assert _telegram_messages().get(action="delete").article_id is None
        assert TelegramPost.objects.get(pk=post.pk).article_id is None
    else:
        actions.UnpublishAction(posted, kind=take_down).execute(skip_permission_checks=True)

    outbox.send_due()

    [params] = bot.calls("deleteMessage")
    assert (params["chat_id"], params["message_id"]) == ("@dateline_global", post.message_id)
    assert not bot.posts()
    post.refresh_from_db()
    assert post.deleted_at and not post.is_on_channel
    assert _telegram_messages().get(action="delete").state == SENT


def test_edit_of_an_article_no_longer_public_does_not_go_out(bot, posted):
    """An edit queued before the article was unpublished is not sent; the deletion is."""
    article = _republish(posted, headline="Changed, then pulled")
    actions.UnpublishAction(article).execute(skip_permission_checks=True)

    outbox.send_due()

    assert not bot.calls("editMessageText")
    assert _telegram_messages().get(action="edit").state == CANCELLED
    assert len(bot.calls("deleteMessage")) == 1
    # A deleted post is not edited again when the article is published once more.
    actions.PublishAction(article).execute(skip_permission_checks=True)
    outbox.send_due()
    assert not bot.calls("editMessageText")


def test_message_too_old_to_delete_is_withdrawn(bot, posted):
    """A message Telegram will not let the bot delete (over 48 hours old) is edited to
    say that the story is withdrawn."""
    post = TelegramPost.objects.get(article=posted)
    actions.RetractAction(posted, "Could not be verified.").execute(skip_permission_checks=True)

    with time_machine.travel(timezone.now() + timedelta(hours=49)):
        outbox.send_due()

    [message] = bot.posts()
    assert message["message_id"] == post.message_id
    assert message["text"] == "This story has been withdrawn."
    assert "First headline" not in message["html"]
    post.refresh_from_db()
    assert post.deleted_at and not post.is_on_channel


def test_message_already_deleted_on_telegram_counts_as_deleted(bot, posted):
    """A message someone already deleted by hand is gone: the deletion is done."""
    post = TelegramPost.objects.get(article=posted)
    bot.messages[(bot.chats["@dateline_global"]["id"], post.message_id)]["deleted"] = True
    actions.UnpublishAction(posted).execute(skip_permission_checks=True)

    outbox.send_due()

    assert _telegram_messages().get(action="delete").state == SENT


# -- never for what is not public ----------------------------------------------------------

def test_draft_is_never_posted(bot, channel, make_draft):
    """A post queued for a draft is not sent."""
    message = queue_post(make_draft("Not yet"))

    outbox.send_due()

    assert _refreshed(message).state == CANCELLED
    assert not bot.requests and not TelegramPost.objects.exists()


def test_scheduled_article_waits_for_its_time(bot, channel, make_draft):
    """A post for a scheduled article waits until the article is out, then goes."""
    go_live = timezone.now() + timedelta(hours=1)
    article = actions.PublishAction(make_draft("Embargoed", go_live_at=go_live)).execute()
    message = queue_post(article)

    outbox.send_due()

    assert _refreshed(message).state == PENDING and message.due_at >= go_live
    assert not bot.requests


def test_unpublished_before_sending_is_not_posted(bot, channel, make_published):
    """An article unpublished before its post went out is not posted."""
    article = make_published("Pulled")
    message = queue_post(article)
    actions.UnpublishAction(article).execute(skip_permission_checks=True)

    outbox.send_due()

    assert _refreshed(message).state == CANCELLED
    assert not bot.requests


# -- errors -------------------------------------------------------------------------------

def test_wrong_token_fails_without_the_token_anywhere(bot, channel, make_published, settings,
                                                      caplog):
    """A token Telegram does not accept fails the message at once, saying so, and the
    token is neither in the stored error nor in the log."""
    settings.DATELINE_TELEGRAM_BOT_TOKEN = "987654:wrong-secret-token"  # noqa: S105
    message = queue_post(make_published("Any"))

    with caplog.at_level(logging.DEBUG):
        outbox.send_due()

    assert _refreshed(message).state == FAILED
    assert "401 Unauthorized" in message.last_error
    assert "wrong-secret-token" not in message.last_error
    assert "wrong-secret-token" not in caplog.text
    assert not bot.posts() and not TelegramPost.objects.exists()


def test_network_error_is_retried_with_the_token_redacted(channel, make_published, settings,
                                                          caplog):
    """Nothing answering at the Bot API's address: the message is retried later, and the
    error (whose URL holds the token) is stored and logged without it."""
    from dateline.health.tests.fault import free_port

    settings.DATELINE_TELEGRAM_BOT_TOKEN = "987654:secret-in-the-url"  # noqa: S105
    settings.DATELINE_TELEGRAM_API = f"http://127.0.0.1:{free_port()}"
    message = queue_post(make_published("Any"))

    with caplog.at_level(logging.INFO):
        outbox.send_due()

    assert _refreshed(message).state == PENDING and message.attempts == 1
    assert "/bot<token>/sendMessage" in message.last_error
    assert "secret-in-the-url" not in message.last_error + caplog.text
    assert not TelegramPost.objects.exists()  # never connected: nothing can be out


def test_refusal_fails_with_telegrams_description(bot, channel, make_published):
    """Telegram's 400 fails the message with its description, shown on the desk."""
    channel.chat = "@not_a_channel_of_ours"
    channel.save()
    message = queue_post(make_published("Any"))

    outbox.send_due()

    assert _refreshed(message).state == FAILED
    assert "Bad Request: chat not found" in message.last_error


def test_flood_control_is_retried_after_retry_after(bot, channel, make_published):
    """Telegram's 429 puts the message back until after its retry_after; then it is
    posted, once."""
    message = queue_post(make_published("Busy"))
    bot.flood(retry_after=7)

    outbox.send_due()

    assert _refreshed(message).state == PENDING and not bot.posts()
    assert message.due_at >= timezone.now() + timedelta(seconds=7)
    assert "7" in message.last_error
    outbox.send_due()
    assert len(bot.requests) == 1  # not due yet

    with time_machine.travel(message.due_at + timedelta(seconds=1)):
        outbox.send_due()

    assert _refreshed(message).state == SENT and len(bot.posts()) == 1


def test_unknown_fate_is_not_posted_again(bot, channel, make_published):
    """A post whose sender died after asking Telegram (a record without a message id) is
    not sent again: it fails, telling the desk to look at the channel."""
    article = make_published("In flight")
    message = queue_post(article)
    TelegramPost.objects.create(article=article, article_ref=article.pk,
                                edition=article.edition, outbox_message=message,
                                chat="@dateline_global")

    outbox.send_due()

    assert _refreshed(message).state == FAILED and "may have posted it" in message.last_error
    assert not bot.requests


def test_edition_without_channel_fails_with_the_fix(bot, make_published):
    """A post for an edition with no Telegram channel fails, saying where to set one."""
    message = queue_post(make_published("Nowhere to go"))

    outbox.send_due()

    assert _refreshed(message).state == FAILED and "Telegram channels" in message.last_error
    assert not bot.requests


def test_no_answer_after_asking_is_not_posted_again(bot, channel, make_published,
                                                    monkeypatch):
    """When Telegram does not answer a post in time, it may have posted it: the message
    fails with "look at the channel", and is not asked of Telegram again."""
    monkeypatch.setattr(client, "TIMEOUT", (5, 0.5))
    bot.hold_post(1)
    message = queue_post(make_published("Slow answer"))

    outbox.send_due()
    bot.let_go.set()  # Telegram took it in after all

    assert _refreshed(message).state == FAILED and "did not answer" in message.last_error
    assert TelegramPost.objects.get().message_id is None
    outbox.send_due()
    assert len(bot.calls("sendMessage")) == 1


def test_edit_waits_for_a_post_in_flight(bot, channel, make_published):
    """An edit that comes while the article's post is being sent waits for its outcome
    (another worker is sending it), instead of finding nothing to edit."""
    article = make_published("Being posted")
    post_message = queue_post(article)
    TelegramPost.objects.create(article=article, article_ref=article.pk,
                                edition=article.edition, outbox_message=post_message,
                                chat="@dateline_global")
    OutboxMessage.objects.filter(pk=post_message.pk).update(
        claimed_until=timezone.now() + outbox.LEASE)
    _republish(article, headline="Changed meanwhile")

    outbox.send_due()

    edit = _telegram_messages().get(action="edit")
    assert edit.state == PENDING and "still being sent" in edit.last_error
    assert not bot.requests


def test_missing_token_fails_with_the_fix(bot, channel, make_published, settings):
    """Without DATELINE_TELEGRAM_BOT_TOKEN the message fails, naming the setting."""
    settings.DATELINE_TELEGRAM_BOT_TOKEN = ""
    message = queue_post(make_published("No token"))

    outbox.send_due()

    assert _refreshed(message).state == FAILED
    assert "DATELINE_TELEGRAM_BOT_TOKEN is not set" in message.last_error
    assert not bot.requests
