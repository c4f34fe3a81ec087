"""Where each edition posts on Telegram, and what is on the channel now.

``TelegramChannel`` is set on the desk: one channel per edition. The bot's token is not
here: it comes from the environment (``DATELINE_TELEGRAM_BOT_TOKEN``), so a copy of the
database never carries it.

``TelegramPost`` is one article's message on a channel. Its row is written *before* the
message is sent (without a ``message_id``) and completed in the transaction that marks the
outbox message sent: a row still without a ``message_id`` after its sender died is a post
whose fate is unknown, which is never sent a second time (see ``channel.py``).
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A public channel's username (5 to 32 letters, digits and underscores, from a letter),
# or a numeric chat id (a channel's is -100 followed by its own id).
CHAT_PATTERN = re.compile(r"@[A-Za-z][A-Za-z0-9_]{4,31}|-?[1-9][0-9]{0,19}")


def validate_chat(value):
    if not CHAT_PATTERN.fullmatch(value or ""):
        raise ValidationError(
            _("Give the channel as @username (5 to 32 letters, digits or underscores) or "
              "as its numeric id, such as -1001234567890."), code="invalid_chat")


class TelegramChannel(models.Model):
    edition = models.OneToOneField("newsroom.Edition", verbose_name=_("edition"),
                                   on_delete=models.CASCADE, related_name="telegram_channel")
    chat = models.CharField(
        _("channel"), max_length=40, validators=[validate_chat],
        help_text=_("The channel's @username, or its numeric id (-100…) for a private "
                    "channel. Add the bot to the channel as an administrator allowed to "
                    "post, edit and delete messages."))
    active = models.BooleanField(
        _("active"), default=True,
        help_text=_("Untick to stop sending to this channel; what is queued then is not "
                    "sent."))

    class Meta:
        verbose_name = _("Telegram channel")
        verbose_name_plural = _("Telegram channels")
        ordering = ["edition__name"]

    def __str__(self):
        return f"{self.edition}: {self.chat}"

    def clean(self):
        self.chat = (self.chat or "").strip()
        super().clean()


def message_link(chat, message_id):
    """The t.me address of a message: public for a @channel, members-only for a numeric
    channel id (-100…)."""
    if not message_id:
        return ""
    if chat.startswith("@"):
        return f"https://t.me/{chat[1:]}/{message_id}"
    if chat.startswith("-100"):
        return f"https://t.me/c/{chat[4:]}/{message_id}"
    return ""


class TelegramPost(models.Model):
    # SET_NULL: the record of what was on the channel stays after the article is deleted.
    article = models.ForeignKey("newsroom.Article", verbose_name=_("article"), null=True,
                                blank=True, on_delete=models.SET_NULL, related_name="+")
    article_ref = models.BigIntegerField(editable=False)
    edition = models.ForeignKey("newsroom.Edition", verbose_name=_("edition"),
                                on_delete=models.CASCADE, related_name="+")
    # The outbox message that posted it: one post per message, whatever retries happen.
    outbox_message = models.OneToOneField("reach.OutboxMessage", null=True, blank=True,
                                          on_delete=models.SET_NULL, related_name="+")
    chat = models.CharField(_("channel"), max_length=40)
    message_id = models.BigIntegerField(_("message"), null=True, blank=True)
    with_photo = models.BooleanField(_("with photo"), default=False)
    # The article's live revision the message shows (an edit brings it up to date).
    revision_id = models.BigIntegerField(null=True, blank=True)
    sending_since = models.DateTimeField(default=timezone.now, editable=False)
    posted_at = models.DateTimeField(_("posted"), null=True, blank=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True)

    class Meta:
        verbose_name = _("Telegram post")
        verbose_name_plural = _("Telegram posts")
        ordering = ["-sending_since", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["chat", "message_id"],
                                    condition=Q(message_id__isnull=False),
                                    name="telegram_post_once_per_message"),
        ]
        indexes = [models.Index(fields=["article_ref"], name="telegram_post_article")]

    def __str__(self):
        return f"{self.chat} #{self.message_id or '?'}"

    @property
    def link(self):
        """The message on Telegram (t.me), or "" while it is not known."""
        return message_link(self.chat, self.message_id)

    @property
    def is_on_channel(self):
        return bool(self.message_id) and self.deleted_at is None
