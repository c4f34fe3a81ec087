"""WebSub (W3C Recommendation, 2018): every feed names a hub, and each change readers can see
pings the hub with the feeds it changed, so that feed readers and aggregators hear of a story
in seconds instead of at their next poll."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .outbox import Channel


class WebSub(Channel):
    name = "websub"
    label = _("WebSub pings")

    def article_changed(self, article, action):
        pass  # filled in below the core

    def deliver(self, message):
        return True


def hub_url():
    return settings.DATELINE_WEBSUB_HUB
