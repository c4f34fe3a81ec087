"""A Bot API on loopback, the worker's settings pointing at it, a channel per edition."""

import io

import pytest
from django.core.files.images import ImageFile
from PIL import Image as PILImage

from dateline.newsroom.models import NewsImage
from dateline.reach import outbox
from dateline.reach.telegram.models import TelegramChannel

from .botapi import TOKEN, BotAPI


@pytest.fixture
def bot(settings):
    server = BotAPI().start()
    settings.DATELINE_TELEGRAM_BOT_TOKEN = TOKEN
    settings.DATELINE_TELEGRAM_API = server.url
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def channel(global_edition):
    return TelegramChannel.objects.create(edition=global_edition, chat="@dateline_global")


@pytest.fixture
def picture(db):
    buffer = io.BytesIO()
    PILImage.new("RGB", (1600, 900), (30, 90, 160)).save(buffer, "JPEG")
    return NewsImage.objects.create(title="Picture", credit="Reuters", caption="A caption",
                                    file=ImageFile(buffer, name="picture.jpg"))


def queue_post(article):
    """What the desk's "Send out…" screen queues for Telegram."""
    return outbox.enqueue("telegram", f"post:{article.pk}", edition=article.edition,
                          article=article, action="post")
