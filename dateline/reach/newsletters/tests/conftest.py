"""Shared by the newsletter tests: the loopback SMTP server, lists, confirmed readers."""

import pytest
from django.core.cache import cache

from dateline.reach import outbox
from dateline.reach.newsletters.models import NewsletterList, Subscriber, Subscription

from .smtp import SMTPServer


@pytest.fixture(scope="session")
def _smtp_server():
    server = SMTPServer().start()
    yield server
    server.stop()


@pytest.fixture
def smtp(_smtp_server, settings):
    """The loopback SMTP server, empty, with Django's mail sent to it."""
    _smtp_server.handler.reset()
    for name, value in _smtp_server.settings().items():
        setattr(settings, name, value)
    yield _smtp_server.handler
    _smtp_server.handler.release.set()


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def breaking_list(global_edition):
    return NewsletterList.objects.create(edition=global_edition, kind="breaking",
                                         name="Breaking news")


@pytest.fixture
def digest_list(global_edition):
    from datetime import time

    return NewsletterList.objects.create(edition=global_edition, kind="digest",
                                         name="The morning digest", send_at=time(7, 0))


def confirm_readers(newsletter, count, start=0):
    """``count`` confirmed readers of ``newsletter`` (reader0@example.org, ...)."""
    subscribers = Subscriber.objects.bulk_create(
        [Subscriber(email=f"reader{n}@example.org") for n in range(start, start + count)])
    subscribers = list(Subscriber.objects.filter(
        email__in=[s.email for s in subscribers]).order_by("id"))
    Subscription.objects.bulk_create(
        [Subscription(subscriber=s, newsletter=newsletter, state="confirmed") for s in subscribers])
    return subscribers


def queue_breaking(article):
    """What the desk's "Send out…" screen queues for a breaking mail."""
    return outbox.enqueue("newsletter", f"breaking:{article.pk}", edition=article.edition,
                          article=article, action="breaking")


def send_all(rounds=20):
    """Run the outbox until nothing is due (as the worker does)."""
    for _ in range(rounds):
        if not outbox.send_due():
            return
