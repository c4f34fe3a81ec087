"""The newsletter channel of the outbox: breaking mails (queued by the desk's "Send out…"
screen), digests (queued by ``digest.queue_due_digests``) and confirmation mails (queued
by the sign-up page), all sent by the worker."""

import smtplib

from django.core.mail import get_connection
from django.utils.translation import gettext_lazy as _

from dateline.reach.outbox import Channel

from . import mail, sending
from .models import NewsletterList, Subscriber, Subscription

NAME = "newsletter"


class Newsletters(Channel):
    name = NAME
    label = _("Newsletters")

    def article_changed(self, article, action):
        """Nothing goes out by itself on a publish: an editor asks for a breaking mail."""

    def audience(self, edition, action):
        """How many readers a breaking mail of ``edition`` reaches now (the desk's "Send
        out" asks before it queues one)."""
        return Subscription.objects.filter(
            newsletter__edition=edition, newsletter__kind=NewsletterList.Kind.BREAKING,
            newsletter__active=True, state=Subscription.State.CONFIRMED).count()

    def deliver(self, message):
        if message.action == "confirm":
            return _deliver_confirmation(message)
        return sending.deliver(message)


def _deliver_confirmation(message):
    subscriber = Subscriber.objects.filter(pk=message.payload.get("subscriber")).first()
    newsletters = list(NewsletterList.objects.filter(
        pk__in=message.payload.get("lists", []), active=True).select_related("edition"))
    if subscriber is None or not newsletters:
        return True  # erased since, or the lists are gone: nothing to confirm
    email = mail.confirmation(subscriber, newsletters, newsletters[0].edition)
    email.connection = get_connection(fail_silently=False)
    try:
        email.send()
    except smtplib.SMTPRecipientsRefused:
        pass  # the address does not take mail: nothing more to do for it
    return True
