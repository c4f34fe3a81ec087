"""The reader's side: the service worker, the key, and subscribing and leaving, with CSRF,
validation (bad input is a 400 that says why, and nothing is stored) and a throttle."""

import json

import pytest
from django.test import Client

from dateline.conftest import HOSTILE
from dateline.reach.push import vapid
from dateline.reach.push.loopback import Subscriber
from dateline.reach.push.models import PushSubscription

pytestmark = pytest.mark.django_db

ENDPOINT = "https://fcm.googleapis.com/fcm/send/abc:def-123"


@pytest.fixture
def reader():
    """A browser: a client that enforces CSRF, holding the token the key answer handed it."""
    client = Client(enforce_csrf_checks=True)
    client.token = client.get("/push/key").json()["csrfToken"]
    return client


def post(client, path, data, token=True):
    body = data if isinstance(data, (bytes, str)) else json.dumps(data)
    headers = {"HTTP_X_CSRFTOKEN": client.token} if token else {}
    return client.post(path, body, content_type="application/json", **headers)


def browser_subscription(endpoint=ENDPOINT, **extra):
    info = Subscriber(endpoint).info()
    return {**info, "edition": "global", "scope": "breaking", **extra}


def test_service_worker_is_served_at_the_root_and_never_cached(client):
    """/push-sw.js is JavaScript for the whole site's scope, revalidated every time; it
    shows notifications tagged by article and opens the article; it handles no fetches."""
    response = client.get("/push-sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]
    script = response.content.decode()
    assert "showNotification" in script and "tag: alert.tag" in script
    assert "openWindow" in script and '"fetch"' not in script


def test_key_hands_out_the_vapid_public_key_and_a_csrf_token(client):
    """The key answer: our VAPID public key (a P-256 point), a CSRF token with its cookie,
    and the addresses the script needs; never cached."""
    response = client.get("/push/key")
    data = response.json()
    assert data["publicKey"] == vapid.public_key()
    assert len(vapid.b64url_decode(data["publicKey"])) == 65
    assert data["csrfToken"] and "csrftoken" in response.cookies
    assert (data["worker"], data["subscribe"], data["unsubscribe"]) == (
        "/push-sw.js", "/push/subscribe", "/push/unsubscribe")
    assert "no-store" in response["Cache-Control"]


def test_subscribing_stores_the_subscription_and_again_updates_it(reader, global_edition):
    """A good subscription is stored (201); the same endpoint again changes its choice
    (200), never a second row."""
    data = browser_subscription()
    response = post(reader, "/push/subscribe", data)
    assert response.status_code == 201, response.content
    assert response.json() == {"edition": "global", "scope": "breaking"}
    stored = PushSubscription.objects.get()
    assert (stored.endpoint, stored.p256dh, stored.auth, stored.edition) == (
        ENDPOINT, data["keys"]["p256dh"], data["keys"]["auth"], global_edition)

    response = post(reader, "/push/subscribe", {**data, "scope": "all"})
    assert response.status_code == 200
    assert PushSubscription.objects.get().scope == "all"


def test_subscribing_without_the_csrf_token_is_refused(reader, global_edition):
    """No CSRF token: 403, nothing stored."""
    response = post(reader, "/push/subscribe", browser_subscription(), token=False)
    assert response.status_code == 403
    assert not PushSubscription.objects.exists()


def _broken_point():
    return vapid.b64url(b"\x04" + b"\x01" * 64)


BAD = {
    "plain http": ({"endpoint": "http://push.example.com/x"}, "https"),
    "ftp": ({"endpoint": "ftp://push.example.com/x"}, "https"),
    "javascript": ({"endpoint": "javascript:alert(1)"}, "https"),
    "hostile": ({"endpoint": HOSTILE}, "https"),
    "private address": ({"endpoint": "https://10.0.0.5/push"}, "https"),
    "metadata address": ({"endpoint": "https://169.254.169.254/latest"}, "https"),
    "localhost over https": ({"endpoint": "https://localhost/push"}, "https"),
    "credentials": ({"endpoint": "https://user:pw@push.example.com/x"}, "https"),
    "too long": ({"endpoint": "https://push.example.com/" + "a" * 1000}, "https"),
    "not a string": ({"endpoint": ["https://push.example.com/x"]}, "https"),
    "no keys": ({"keys": None}, "public key"),
    "short p256dh": ({"keys": {"p256dh": vapid.b64url(b"\x04" * 33), "auth": "x" * 22}},
                     "public key"),
    "p256dh off the curve": ({"keys": {"p256dh": _broken_point(),
                                       "auth": vapid.b64url(b"a" * 16)}}, "public key"),
    "auth of 12 bytes": ({"keys": {"p256dh": Subscriber("x").info()["keys"]["p256dh"],
                                   "auth": vapid.b64url(b"a" * 12)}}, "auth secret"),
    "not base64": ({"keys": {"p256dh": "!!!!" * 22, "auth": "%%%%"}}, "public key"),
    "unknown edition": ({"edition": "nowhere"}, "edition"),
    "hostile edition": ({"edition": HOSTILE}, "edition"),
    "bad scope": ({"scope": "everything"}, "breaking news only"),
}


@pytest.mark.parametrize("change, says", BAD.values(), ids=BAD.keys())
def test_a_bad_subscription_is_a_400_that_says_why_and_nothing_is_stored(
        reader, global_edition, change, says):
    """Each broken or hostile field: 400 with a message naming what is wrong; no row."""
    response = post(reader, "/push/subscribe", browser_subscription(**change))
    assert response.status_code == 400
    assert says in response.json()["error"].lower()
    assert not PushSubscription.objects.exists()


@pytest.mark.parametrize("body", [b"not json", b"[1, 2]", b"\xff\xfe", b'"a string"',
                                  b"{" + b" " * 5000 + b"}"])
def test_a_body_that_is_not_a_subscription_is_a_400(reader, global_edition, body):
    """Not JSON, not an object, not UTF-8, too large: 400 with a message, nothing stored."""
    response = post(reader, "/push/subscribe", body)
    assert response.status_code == 400 and response.json()["error"]
    assert not PushSubscription.objects.exists()


def test_loopback_endpoints_only_when_allowed(reader, global_edition, settings):
    """http://127.0.0.1 endpoints (the tests' push service) are taken only with
    DATELINE_PUSH_ALLOW_LOOPBACK; otherwise 400."""
    data = browser_subscription("http://127.0.0.1:9/push/abc")
    settings.DATELINE_PUSH_ALLOW_LOOPBACK = False
    assert post(reader, "/push/subscribe", data).status_code == 400
    settings.DATELINE_PUSH_ALLOW_LOOPBACK = True
    assert post(reader, "/push/subscribe", data).status_code == 201


def test_unsubscribing_removes_the_subscription(reader, global_edition):
    """Leaving removes the row; an unknown endpoint removes nothing; no endpoint is a 400."""
    post(reader, "/push/subscribe", browser_subscription())
    other = browser_subscription("https://updates.push.services.mozilla.com/wpush/v2/x")
    post(reader, "/push/subscribe", other)

    response = post(reader, "/push/unsubscribe", {"endpoint": ENDPOINT})
    assert response.json() == {"removed": True}
    assert list(PushSubscription.objects.values_list("endpoint", flat=True)) == [
        other["endpoint"]]
    assert post(reader, "/push/unsubscribe", {"endpoint": ENDPOINT}).json() == {
        "removed": False}
    assert post(reader, "/push/unsubscribe", {"endpoint": 5}).status_code == 400
    assert post(reader, "/push/unsubscribe", {}, token=False).status_code == 403
    assert PushSubscription.objects.count() == 1


def test_subscribe_and_unsubscribe_are_post_only(client):
    assert client.get("/push/subscribe").status_code == 405
    assert client.get("/push/unsubscribe").status_code == 405


def test_too_many_requests_from_one_address_are_refused(reader, global_edition):
    """After 30 requests in an hour from one address: 429, nothing stored."""
    for n in range(30):
        post(reader, "/push/unsubscribe", {"endpoint": f"{ENDPOINT}{n}"})
    response = post(reader, "/push/subscribe", browser_subscription())
    assert response.status_code == 429 and response.json()["error"]
    assert not PushSubscription.objects.exists()


def test_pages_carry_the_prompt_hidden_until_its_script_shows_it(client, make_published):
    """Every page of an edition has the "Get alerts" prompt, hidden (no script, no prompt),
    naming its edition, with its script; the page is still cacheable (no cookie)."""
    article = make_published()
    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    assert '<div class="push-alerts" data-push="/push/key" data-edition="global"' in html
    assert html.split('class="push-alerts"', 1)[1].split(">", 1)[0].endswith("hidden")
    assert "push/alerts.js" in html
    assert not response.cookies
