"""The Telegram channel of the outbox: post an article, edit the post when the article
changes, delete it when the article is taken down.

Three actions, each one outbox message:

- ``post`` (queued by the desk's "Send out…" screen, key ``post:<article>``): the article's
  picture with a caption (``sendPhoto``), or a text message (``sendMessage``) when it has
  none. The core sends it only while the article is public (a scheduled one waits).
- ``edit`` (queued here when a posted article is published again, or given an update,
  correction or clarification; key ``edit:<article>:<live revision>``, so each published
  version edits once): ``editMessageCaption`` or ``editMessageText``. An edit of an article
  that is no longer public is cancelled by the core.
- ``delete`` (queued here when a posted article is unpublished, expires, is retracted or
  deleted; key ``delete:<post>``): ``deleteMessage``. It goes out whatever the article's
  state (``needs_public_article``), its payload names the message, since the article
  may be gone. A message Telegram will not let the bot delete (older than 48 hours when
  the bot lacks the "delete messages" right) is edited to say the story is withdrawn.

Exactly once. A post cannot be asked twice of Telegram safely: it has no idempotency key.
So the ``TelegramPost`` row is written before ``sendPhoto``/``sendMessage``, and completed
with the message's id in the transaction that marks the outbox message sent. A worker
killed in between leaves a row without a message id: Telegram may or may not have posted
it, and the next worker does not post it again; it marks the message failed and says so on
the desk (an editor looks at the channel). That one message, in flight at the kill, is the
only one whose fate is unknown; everything before it is recorded, everything after it is
sent by the next worker. Edits and deletions are idempotent and simply retried.

Errors: Telegram's 429 (flood control) puts the message back after ``retry_after``;
another refusal (400 with Telegram's description, 401 for a wrong token, 403 when the bot
may not post) fails the message at once with the reason on the desk; a network error is
retried with the outbox's backoff. The token never reaches an error (``client.redact``).
"""

import logging
from datetime import timedelta
from html import escape

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dateline.reach import outbox
from dateline.reach.models import OutboxMessage

from . import client
from .models import TelegramChannel, TelegramPost
from .text import CAPTION_LIMIT, MESSAGE_LIMIT, compose

logger = logging.getLogger("dateline.reach.telegram")

EDITS = ("publish", "update", "correction", "clarification")
REMOVALS = ("unpublish", "expire", "retract", "delete")
# A text post repeats the article's headline and lead: a preview of its link would show
# them a second time.
LINK_PREVIEW = {"is_disabled": True}


class GiveUp(Exception):
    """The message cannot go out as it is: fail it now, with the reason on the desk."""


class Telegram(outbox.Channel):
    name = "telegram"
    label = _("Telegram")

    # -- queueing ----------------------------------------------------------------------

    def article_changed(self, article, action):
        if action in EDITS:
            self._queue_edit(article)
        elif action in REMOVALS:
            self._queue_deletions(article)

    def _queue_edit(self, article):
        if article.live_revision_id and _posts_of(article).exists():
            outbox.enqueue(self.name, f"edit:{article.pk}:{article.live_revision_id}",
                           edition=article.edition, article=article, action="edit")

    def _queue_deletions(self, article):
        for post in _posts_of(article):
            outbox.enqueue(self.name, f"delete:{post.pk}", edition=article.edition,
                           article=article, action="delete",
                           payload={"post": post.pk, "chat": post.chat,
                                    "message_id": post.message_id})

    def needs_public_article(self, message):
        return message.action != "delete"

    # -- sending -----------------------------------------------------------------------

    def deliver(self, message):
        handler = {"post": self._post, "edit": self._edit, "delete": self._delete}.get(
            message.action)
        try:
            if handler is None:
                raise GiveUp(gettext("Telegram does not know the action “%s”.") % message.action)
            client.token()
            return handler(message)
        except ImproperlyConfigured as error:
            return _give_up(message, str(error))
        except GiveUp as error:
            return _give_up(message, str(error))
        except client.BotAPIError as error:
            return _refused(message, error)

    def _post(self, message):
        article = message.article
        started = TelegramPost.objects.filter(outbox_message=message).first()
        if started and started.message_id:
            return _mark_sent(message)
        if started:
            raise GiveUp(gettext(
                "The worker stopped while this post was being sent: Telegram may have "
                "posted it. Look at the channel; it is not sent again by itself."))
        channel = _active_channel(article.edition)
        image = _image_url(article)
        post = TelegramPost.objects.create(
            article=article, article_ref=article.pk, edition=article.edition,
            outbox_message=message, chat=channel.chat, with_photo=bool(image),
            revision_id=article.live_revision_id)
        try:
            result = _send(post, article, image)
        except client.BotAPIError:
            post.delete()  # Telegram said no: nothing is on the channel
            raise
        except client.NoAnswer as error:
            if error.reached:
                raise GiveUp(gettext(
                    "Telegram did not answer (%s): the post may be on the channel. Look "
                    "at the channel; it is not sent again by itself.") % error) from None
            post.delete()  # never connected: nothing can be on the channel
            raise
        with transaction.atomic():
            TelegramPost.objects.filter(pk=post.pk).update(
                message_id=result["message_id"], with_photo=post.with_photo,
                posted_at=timezone.now())
            _mark_sent(message)
        return True

    def _edit(self, message):
        article = message.article
        posts = list(_posts_of(article).select_related("outbox_message"))
        if any(_in_flight(post) for post in posts):
            raise RuntimeError("the post is still being sent; its edit waits for it")
        post = next((post for post in posts if post.message_id), None)
        if post is None or post.revision_id == article.live_revision_id:
            return True  # nothing posted (the post will carry this version), or shown
        limit = CAPTION_LIMIT if post.with_photo else MESSAGE_LIMIT
        text = compose(article, limit)
        try:
            if post.with_photo:
                client.call("editMessageCaption", chat_id=post.chat, message_id=post.message_id,
                            caption=text.html, parse_mode="HTML")
            else:
                client.call("editMessageText", chat_id=post.chat, message_id=post.message_id,
                            text=text.html, parse_mode="HTML",
                            link_preview_options=LINK_PREVIEW)
        except client.BotAPIError as error:
            if "message is not modified" not in error.description:
                raise
        TelegramPost.objects.filter(pk=post.pk).update(revision_id=article.live_revision_id,
                                                       edited_at=timezone.now())
        return True

    def _delete(self, message):
        post = TelegramPost.objects.filter(pk=message.payload.get("post")).first()
        if post is None or post.deleted_at:
            return True
        if post.message_id is None:
            if _in_flight(post):
                raise RuntimeError("the post is still being sent; its deletion waits for it")
            return True  # never known to be on the channel
        try:
            client.call("deleteMessage", chat_id=post.chat, message_id=post.message_id)
        except client.BotAPIError as error:
            if "message can't be deleted" in error.description:
                _withdraw(post)
            elif "message to delete not found" not in error.description:
                raise
        TelegramPost.objects.filter(pk=post.pk).update(deleted_at=timezone.now())
        return True


def _withdraw(post):
    """Replace the text of a message Telegram will not let the bot delete (older than 48
    hours, without the "delete messages" right) with a notice that it is withdrawn."""
    with translation.override(post.edition.language):
        notice = escape(gettext("This story has been withdrawn."), quote=False)
    try:
        if post.with_photo:
            client.call("editMessageCaption", chat_id=post.chat, message_id=post.message_id,
                        caption=f"<i>{notice}</i>", parse_mode="HTML")
        else:
            client.call("editMessageText", chat_id=post.chat, message_id=post.message_id,
                        text=f"<i>{notice}</i>", parse_mode="HTML",
                        link_preview_options=LINK_PREVIEW)
    except client.BotAPIError as error:
        if "message is not modified" not in error.description:
            raise


def _posts_of(article):
    """The article's posts still on a channel (or being posted)."""
    return TelegramPost.objects.filter(article_ref=article.pk, deleted_at__isnull=True)


def _in_flight(post):
    """Whether ``post`` is being sent right now (by another worker): its outcome comes."""
    message = post.outbox_message
    return post.message_id is None and message is not None and (
        message.state == OutboxMessage.State.PENDING)


def _active_channel(edition):
    channel = TelegramChannel.objects.filter(edition=edition, active=True).first()
    if channel is None:
        raise GiveUp(gettext("The edition “%s” has no active Telegram channel: set one on the "
                             "desk (Settings → Telegram channels).") % edition)
    return channel


def _image_url(article):
    from dateline.syndication.structured import social_image

    image = social_image(article.main_image)
    return image["url"] if image else ""


def _send(post, article, image):
    """Post ``article`` as a photo with a caption, or as text; Telegram's message."""
    if image:
        text = compose(article, CAPTION_LIMIT)
        try:
            return client.call("sendPhoto", chat_id=post.chat, photo=image, caption=text.html,
                               parse_mode="HTML")
        except client.BotAPIError as error:
            if error.error_code != 400 or not _about_the_photo(error):
                raise
            logger.warning("Telegram could not take the picture of %s (%s): posting text",
                           article.pk, error)
            post.with_photo = False
    text = compose(article, MESSAGE_LIMIT)
    return client.call("sendMessage", chat_id=post.chat, text=text.html, parse_mode="HTML",
                       link_preview_options=LINK_PREVIEW)


def _about_the_photo(error):
    """Whether Telegram refused the picture itself (it could not fetch or read it)."""
    description = error.description.lower()
    return any(word in description for word in ("photo", "url", "file", "image", "webpage"))


def _mark_sent(message):
    now = timezone.now()
    OutboxMessage.objects.filter(pk=message.pk).update(
        state=OutboxMessage.State.SENT, sent_at=now, claimed_until=None)
    message.state, message.sent_at = OutboxMessage.State.SENT, now
    return True


def _give_up(message, reason):
    """Fail ``message`` now (no retry can help), with ``reason`` for the desk; return False,
    so that the outbox only lets go of its claim (it is not marked sent)."""
    reason = client.redact(reason)
    OutboxMessage.objects.filter(pk=message.pk).update(
        state=OutboxMessage.State.FAILED, last_error=reason, claimed_until=None,
        attempts=message.attempts + 1)
    message.state, message.last_error = OutboxMessage.State.FAILED, reason
    logger.warning("not sending %s: %s", message, reason)
    return False


def _refused(message, error):
    """Telegram answered no: wait as told (429), retry its own trouble (5xx), or fail."""
    if error.error_code == 429:
        return _wait(message, error)
    if error.error_code >= 500:
        raise error
    if error.error_code == 401:
        return _give_up(message, gettext(
            "Telegram does not accept the bot's token (401 Unauthorized): check "
            "DATELINE_TELEGRAM_BOT_TOKEN."))
    if error.error_code == 403:
        return _give_up(message, gettext(
            "Telegram does not let the bot post there (%s): add the bot to the channel as an "
            "administrator.") % error.description)
    return _give_up(message, gettext("Telegram refused it: %s") % error.description)


def _wait(message, error):
    """Put the message back until Telegram's flood control lets it go (``retry_after``)."""
    attempts = message.attempts + 1
    if attempts >= outbox.MAX_ATTEMPTS:
        return _give_up(message, str(error))
    wait = max(timedelta(seconds=(error.retry_after or 0) + 1), outbox.backoff(attempts))
    message.due_at = timezone.now() + wait
    OutboxMessage.objects.filter(pk=message.pk).update(
        attempts=attempts, due_at=message.due_at, claimed_until=None,
        last_error=gettext("Telegram asked to wait %(seconds)s s (flood control).")
        % {"seconds": error.retry_after})
    logger.info("Telegram asks %s to wait %s s", message, error.retry_after)
    return False
