"""The signed links of newsletter mail (``django.core.signing``, salted per use).

A token names the subscriber by id and carries a short hash of the address, so a link
stops working once the address is erased, even if its id is ever used again. It never
carries the address itself: links end up in logs. Confirmation links expire
(``CONFIRM_MAX_AGE``); the links to manage one's lists and to leave one (RFC 8058 asks
that they keep working) do not.
"""

import hashlib
from datetime import timedelta

from django.core import signing

from .models import Subscriber

CONFIRM_MAX_AGE = timedelta(days=3)
CONFIRM, MANAGE, UNSUBSCRIBE = "confirm", "manage", "unsubscribe"


def _salt(use):
    return f"dateline.newsletters.{use}"


def _fingerprint(email):
    return hashlib.sha256(email.lower().encode()).hexdigest()[:12]


def make(use, subscriber, newsletters=()):
    data = {"s": subscriber.pk, "h": _fingerprint(subscriber.email)}
    if newsletters:
        data["l"] = sorted(int(pk) for pk in newsletters)
    return signing.dumps(data, salt=_salt(use), compress=True)


def read(use, token):
    """(subscriber, list ids) named by ``token``, or (None, ()) for a broken, expired or
    outdated one."""
    max_age = CONFIRM_MAX_AGE if use == CONFIRM else None
    try:
        data = signing.loads(token, salt=_salt(use), max_age=max_age)
        subscriber = Subscriber.objects.filter(pk=int(data["s"])).first()
        newsletters = tuple(int(pk) for pk in data.get("l", ()))
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None, ()
    if subscriber is None or _fingerprint(subscriber.email) != data.get("h"):
        return None, ()
    return subscriber, newsletters
