"""The push channel: the desk's "Send out…" queues ``push:<article id>`` with the action
"breaking" (every subscriber of the edition) or "top" (those who chose all top stories);
the worker delivers it here. The outbox has checked that the article is public."""

from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from dateline.newsroom.addresses import absolute, article_url
from dateline.newsroom.models import Article
from dateline.reach import outbox

from . import sending
from .models import PushSubscription

ACTIONS = ("breaking", "top")
TITLE_CHARS = 200
BODY_CHARS = 300
ICON_RENDITION = "fill-192x192"


class Push(outbox.Channel):
    name = "push"
    label = _("Web push")

    def audience(self, edition, action):
        """How many subscriptions a push of ``action`` to ``edition`` reaches now."""
        subscriptions = PushSubscription.objects.filter(edition=edition)
        if action == "top":
            subscriptions = subscriptions.filter(scope=PushSubscription.Scope.ALL)
        return subscriptions.count()

    def deliver(self, message):
        if message.action not in ACTIONS:
            raise ValueError(f"a push is sent as {' or '.join(ACTIONS)}, not {message.action!r}")
        # Read as it is now, through published(): what goes out is what readers see.
        article = (Article.objects.published().select_related("edition", "edition__logo")
                   .filter(pk=message.article_id).first())
        if article is None:
            raise outbox.NotPublic("the article is not public")
        if not message.recipients and not sending.snapshot(message):
            return True  # nobody to reach
        urgency = "high" if message.action == "breaking" else "normal"
        return sending.send(message, payload(article), urgency)


def payload(article):
    """What the service worker shows: the notification's title, text, link, tag and icon.

    ``tag`` names the article: a second push about it replaces the first on screen."""
    return {
        "title": Truncator(article.headline).chars(TITLE_CHARS),
        "body": Truncator(article.lead or "").chars(BODY_CHARS),
        "url": article_url(article.edition, article.slug),
        "tag": f"article-{article.pk}",
        "icon": icon_url(article.edition),
    }


def icon_url(edition):
    if not edition.logo:
        return ""
    return absolute(edition.logo.get_rendition(ICON_RENDITION).url)
