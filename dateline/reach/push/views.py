"""The reader's side of web push: the service worker, the key, subscribe and unsubscribe.

None of these is ever cached: the key answer hands out a CSRF token (and sets its cookie),
which the page's script sends back with the subscription, since the pages themselves come
from the page cache without one.
"""

import json

from django.core.cache import cache
from django.db import transaction
from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from dateline.security.throttle import client_ip

from . import subscriptions, vapid
from .models import PushSubscription

MAX_BODY = 4096
# Subscribing and leaving, per client address: a browser does it once in a long while.
THROTTLE_REQUESTS, THROTTLE_SECONDS = 30, 3600


@require_GET
def service_worker(request):
    """The service worker at the root, so its scope is the whole site. Browsers check it for
    a new version whenever they navigate (``no-cache``); it has no fetch handler: it never
    stands between the reader and the site."""
    response = TemplateResponse(request, "push/sw.js", content_type="text/javascript")
    response["Service-Worker-Allowed"] = "/"
    patch_cache_control(response, private=True, no_cache=True)
    return response


@never_cache
@require_GET
def key(request):
    """The application server key and a CSRF token, asked for when the reader clicks."""
    return JsonResponse({"publicKey": vapid.public_key(), "csrfToken": get_token(request),
                         "worker": reverse("push_service_worker"),
                         "subscribe": reverse("push_subscribe"),
                         "unsubscribe": reverse("push_unsubscribe")})


def _json_view(view):
    """POST only, JSON in and out, throttled per client address, never cached."""

    @require_POST
    def wrapper(request):
        if _throttled(request):
            return _error(_("Too many requests; try again later."), 429)
        if len(request.body) > MAX_BODY:
            return _error(_("The request is too large."))
        try:
            data = json.loads(request.body)
        except (UnicodeDecodeError, ValueError):
            return _error(_("Send the subscription as a JSON object."))
        response = view(request, data)
        add_never_cache_headers(response)
        return response

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


@_json_view
def subscribe(request, data):
    """Store (or update) a browser's subscription: 201 when new, 200 when it was known."""
    try:
        fields = subscriptions.clean(data)
    except subscriptions.BadSubscription as refusal:
        return _error(str(refusal))
    endpoint = fields.pop("endpoint")
    with transaction.atomic():
        subscription, created = PushSubscription.objects.update_or_create(
            endpoint=endpoint, defaults={**fields, "failures": 0})
    return JsonResponse({"edition": subscription.edition.code, "scope": subscription.scope},
                        status=201 if created else 200)


@_json_view
def unsubscribe(request, data):
    """Forget a browser's subscription (the browser has already dropped it)."""
    endpoint = data.get("endpoint") if isinstance(data, dict) else None
    if not isinstance(endpoint, str) or not endpoint:
        return _error(_("Say which subscription to remove."))
    removed, _kinds = PushSubscription.objects.filter(endpoint=endpoint).delete()
    return JsonResponse({"removed": bool(removed)})


def _error(message, status=400):
    response = JsonResponse({"error": message}, status=status)
    add_never_cache_headers(response)
    return response


def _throttled(request):
    bucket = f"dateline-push-requests:{client_ip(request)}"
    cache.add(bucket, 0, THROTTLE_SECONDS)
    try:
        return cache.incr(bucket) > THROTTLE_REQUESTS
    except ValueError:  # expired between add() and incr()
        cache.set(bucket, 1, THROTTLE_SECONDS)
        return False
