"""A push service on loopback for every test that pushes, and subscribers made as a browser
makes them (their own keys, bound to our VAPID public key)."""

import pytest

from dateline.reach.push import vapid
from dateline.reach.push.loopback import LoopbackPushService
from dateline.reach.push.models import PushSubscription


@pytest.fixture(autouse=True)
def _fresh_throttle():
    """Each test starts with no requests counted against its address."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def push_service():
    with LoopbackPushService() as service:
        yield service


@pytest.fixture
def subscribe(push_service):
    """Make a subscriber at the push service and its subscription here: (subscription,
    subscriber)."""

    def make(edition, scope=PushSubscription.Scope.BREAKING):
        subscriber = push_service.subscribe(server_key=vapid.public_key())
        info = subscriber.info()
        subscription = PushSubscription.objects.create(
            endpoint=info["endpoint"], p256dh=info["keys"]["p256dh"],
            auth=info["keys"]["auth"], edition=edition, scope=scope)
        return subscription, subscriber

    return make
