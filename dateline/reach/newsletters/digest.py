"""The daily digest: queued by the worker once per list and local day, at the list's time.

``queue_due_digests`` runs at every worker tick (``WORKER_TASKS``). For each active
digest list whose time has come today in its edition's time zone it queues one outbox
message keyed ``digest:<list>:<local date>``: the key makes a second tick, a second
worker or a restart find the message already there. A worker that was down at the time
queues the day's digest when it comes back, the same day; a day it missed entirely is
not sent late.
"""

from django.utils import timezone

from dateline.reach import outbox
from dateline.reach.models import OutboxMessage

from .channel import NAME
from .models import NewsletterList


def digest_key(newsletter, day):
    return f"digest:{newsletter.pk}:{day.isoformat()}"


def queue_due_digests(now=None):
    """Queue today's digest of every list whose time has come; return the new messages."""
    now = now or timezone.now()
    queued = []
    for newsletter in (NewsletterList.objects.filter(kind=NewsletterList.Kind.DIGEST,
                                                     active=True, send_at__isnull=False)
                       .select_related("edition")):
        local = now.astimezone(newsletter.edition.tz)
        if local.time() < newsletter.send_at:
            continue
        key = digest_key(newsletter, local.date())
        if OutboxMessage.objects.filter(channel=NAME, key=key).exists():
            continue
        queued.append(outbox.enqueue(NAME, key, edition=newsletter.edition, action="digest",
                                     payload={"list": newsletter.pk,
                                              "date": local.date().isoformat()}))
    return queued
