"""WebSub (W3C Recommendation, 2018): every feed names a hub (``syndication.links``), and each
change readers can see pings the hub with the feeds it changed, so that feed readers and
aggregators learn of a story in seconds instead of at their next poll.

The ping is the hubs' common publish notification (``hub.mode=publish`` and ``hub.url``,
form-encoded; the W3C text leaves its shape to the hub): one request for each feed, since
not every hub takes several ``hub.url`` at once. A ping only names feeds; the hub then
fetches them as anyone would, so it sees only what is public, and the message goes out
after the change's commit, when the page cache has been purged.
"""

import requests
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dateline.newsroom.models import Article
from dateline.syndication.links import feeds_showing, hub

from .models import OutboxMessage
from .outbox import Channel, enqueue, hold

TIMEOUT_SECONDS = 10


class HubRefused(Exception):
    """The hub answered a ping with an error status."""


class WebSub(Channel):
    name = "websub"
    label = _("WebSub pings")

    def article_changed(self, article, action):
        if not hub() or action == "sync" or not _was_public(article, action):
            return
        feeds = feeds_showing(article, action)
        # One ping per change: the key names the change (its kind and instant).
        key = f"{article.pk}:{action}:{timezone.now().isoformat()}"
        enqueue(self.name, key, edition=article.edition, article=article, action=action,
                payload={"feeds": feeds, "sent": []})

    def needs_public_article(self, message):
        # A ping names feeds, never an article: an unpublish must reach the hub too, so that
        # aggregators drop the story at once.
        return False

    def deliver(self, message):
        feeds = message.payload["feeds"]
        sent = message.payload.setdefault("sent", [])
        OutboxMessage.objects.filter(pk=message.pk).update(recipients=len(feeds))
        with requests.Session() as session:
            for url in feeds:
                if url in sent:
                    continue  # pinged before a crash or a failed try
                _ping(session, url)
                sent.append(url)
                OutboxMessage.objects.filter(pk=message.pk).update(
                    payload=message.payload, delivered=F("delivered") + 1)
                hold(message)
        return True


def _was_public(article, action):
    """Whether readers could see the article before or after this change: a ping names its
    feeds (a live article's own feed has its slug in it), which must not tell of a story
    that was never out."""
    if action in ("unpublish", "expire", "retract", "delete"):
        return article.first_published_at is not None
    return Article.objects.published().filter(pk=article.pk).exists()


def _ping(session, feed):
    response = session.post(hub(), data={"hub.mode": "publish", "hub.url": feed},
                            timeout=TIMEOUT_SECONDS)
    if not response.ok:
        raise HubRefused(f"{hub()} answered {response.status_code} for {feed}")
