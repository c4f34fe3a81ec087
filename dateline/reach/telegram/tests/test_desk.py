"""The desk's "Telegram channels" (Settings): administrators set each edition's channel,
a channel given wrongly is refused with the reason, and other roles are kept out."""

import pytest
from django.urls import reverse

from dateline.reach.telegram.models import TelegramChannel, TelegramPost

pytestmark = pytest.mark.django_db

ADD = "wagtailsnippets_telegram_telegramchannel:add"
LIST = "wagtailsnippets_telegram_telegramchannel:list"


def test_administrator_sets_an_editions_channel(client, administrator, global_edition):
    """An administrator adds the edition's channel; it is stored as given."""
    client.force_login(administrator)
    assert client.get(reverse(LIST)).status_code == 200

    response = client.post(reverse(ADD), {"edition": global_edition.pk,
                                           "chat": " @dateline_global ", "active": "on"})

    assert response.status_code == 302, response.content[:2000]
    channel = TelegramChannel.objects.get()
    assert (channel.edition, channel.chat, channel.active) == (global_edition,
                                                               "@dateline_global", True)


@pytest.mark.parametrize("chat", ["dateline_global", "@abc", "@1starts_with_digit",
                                  "@has space", "-100abc", "https://t.me/dateline", ""])
def test_wrong_channel_is_refused_and_nothing_stored(client, administrator, global_edition,
                                                     chat):
    """A channel that is neither @username nor a numeric id is refused with the reason."""
    client.force_login(administrator)

    response = client.post(reverse(ADD), {"edition": global_edition.pk, "chat": chat})

    assert response.status_code == 200
    assert not TelegramChannel.objects.exists()
    if chat:
        assert "numeric id" in response.content.decode()


def test_numeric_channel_id_is_accepted(client, administrator, global_edition):
    """A private channel is given by its numeric id."""
    client.force_login(administrator)

    client.post(reverse(ADD), {"edition": global_edition.pk, "chat": "-1001234567890"})

    assert TelegramChannel.objects.get().chat == "-1001234567890"


@pytest.mark.parametrize("role", ["reporter", "editor", "chief"])
def test_other_roles_cannot_set_channels(client, request, global_edition, role):
    """Reporters, editors and chief editors neither see nor change the channels."""
    client.force_login(request.getfixturevalue(role))

    listing = client.get(reverse(LIST))
    added = client.post(reverse(ADD), {"edition": global_edition.pk,
                                        "chat": "@dateline_global"})

    assert listing.status_code in (302, 403) and added.status_code in (302, 403)
    assert not TelegramChannel.objects.exists()


def test_post_links_to_its_message():
    """A post's link opens the message on t.me (public channel) or t.me/c (private)."""
    assert TelegramPost(chat="@dateline_global", message_id=42).link == (
        "https://t.me/dateline_global/42")
    assert TelegramPost(chat="-1001234567890", message_id=7).link == (
        "https://t.me/c/1234567890/7")
    assert TelegramPost(chat="@dateline_global").link == ""


@pytest.mark.parametrize("role", ["reporter", "editor", "chief"])
def test_other_roles_cannot_change_or_delete_a_channel(client, request, global_edition, role):
    """Editing or deleting a channel is refused to the other roles, and it stays as it was."""
    channel = TelegramChannel.objects.create(edition=global_edition, chat="@dateline_global")
    client.force_login(request.getfixturevalue(role))

    edited = client.post(reverse("wagtailsnippets_telegram_telegramchannel:edit",
                                 args=[channel.pk]),
                         {"edition": global_edition.pk, "chat": "@someone_else"})
    deleted = client.post(reverse("wagtailsnippets_telegram_telegramchannel:delete",
                                  args=[channel.pk]))

    assert edited.status_code in (302, 403) and deleted.status_code in (302, 403)
    channel.refresh_from_db()
    assert (channel.chat, channel.active) == ("@dateline_global", True)
