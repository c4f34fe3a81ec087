"""The demo's newsletters: per edition a morning digest and a breaking list, each with a
few confirmed readers at example.org (their mail goes to the demo's mail files)."""

from datetime import time

from django.utils import timezone

from dateline.newsroom.models import Edition
from dateline.reach.newsletters.models import NewsletterList, Subscriber, Subscription

READERS = ("olena", "taras", "sam")
NAMES = {"uk": ("Ранковий дайджест", "Терміново"), "en": ("Morning digest", "Breaking news")}


def furnish_newsletters():
    """Create the lists and readers unless they are there; return the lists."""
    made = []
    for edition in Edition.objects.all():
        digest_name, breaking_name = NAMES.get(edition.language, NAMES["en"])
        digest, _ = NewsletterList.objects.get_or_create(
            edition=edition, kind=NewsletterList.Kind.DIGEST,
            defaults={"name": digest_name, "send_at": time(7, 30)})
        breaking, _ = NewsletterList.objects.get_or_create(
            edition=edition, kind=NewsletterList.Kind.BREAKING, defaults={"name": breaking_name})
        for reader in READERS:
            subscriber, _ = Subscriber.objects.get_or_create(
                email=f"{reader}.{edition.code}@example.org")
            for newsletter in (digest, breaking):
                Subscription.objects.get_or_create(
                    subscriber=subscriber, newsletter=newsletter,
                    defaults={"state": Subscription.State.CONFIRMED,
                              "confirmed_at": timezone.now()})
        made += [digest, breaking]
    return made
