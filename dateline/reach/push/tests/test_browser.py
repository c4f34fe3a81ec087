"""The "Get alerts" prompt in a real browser (Playwright, Debian's Chromium, headless).

Without JavaScript there is no prompt; with it the prompt is there but asks for nothing
until the reader clicks; "Turn on alerts" asks for permission, registers the service
worker at the site's root and subscribes with our VAPID key, then hands the subscription
to the site. Headless Chromium has no push service to subscribe at (it would be Google's,
and nothing outside the live server is reachable), so ``pushManager.subscribe`` is
replaced by one that records its options and returns a subscription made here with real
keys; everything else (permission, the service worker, CSRF, the POST) is the browser's.
"""

import json

import pytest

from dateline.reach.push import vapid
from dateline.reach.push.loopback import Subscriber
from dateline.site.tests.browser import (  # noqa: F401  (fixtures)
    browser,
    migrated_database,
    needs_chromium,
    serve_media,
)

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True),
              pytest.mark.usefixtures("needs_chromium", "migrated_database")]

# Counts permission requests, and stands in for the push service's subscribe (see above).
WATCH = """
window.__asked = 0;
const request = Notification.requestPermission.bind(Notification);
Notification.requestPermission = (...args) => { window.__asked += 1; return request(...args); };
PushManager.prototype.subscribe = async function (options) {
  window.__subscribedWith = Array.from(new Uint8Array(options.applicationServerKey));
  const info = %s;
  return { endpoint: info.endpoint, toJSON: () => info, unsubscribe: async () => true };
};
"""


def _context(browser, base_url, **options):
    browser.open().context.close()  # starts Chromium
    return browser._chromium.new_context(base_url=base_url, **options)


def test_the_prompt_asks_nothing_until_clicked_and_then_subscribes(
        browser, live_server, make_published):
    """No JavaScript: no prompt. With it: the prompt shows, no permission is asked and no
    service worker registered on load; the click opens the choice; "Turn on alerts" asks
    permission, registers /push-sw.js for the whole site, subscribes with our key and the
    site stores the subscription with the reader's choice."""
    article = make_published("Alerts article")
    path = article.get_absolute_url()
    subscription = Subscriber("http://127.0.0.1:9/push/browser-test").info()
    server_key = list(vapid.b64url_decode(vapid.public_key()))

    plain = _context(browser, live_server.url, java_script_enabled=False)
    page = plain.new_page()
    page.goto(path)
    assert page.locator(".push-alerts").count() == 1
    assert not page.locator(".push-alerts").is_visible()
    plain.close()

    context = _context(browser, live_server.url, service_workers="allow")
    context.add_init_script(WATCH % json.dumps(subscription))
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(path)
    prompt = page.get_by_role("button", name="Get alerts")
    prompt.wait_for(state="visible")
    assert page.evaluate("window.__asked") == 0
    assert page.evaluate("Notification.permission") == "default"
    assert page.evaluate("navigator.serviceWorker.getRegistrations().then(r => r.length)") == 0
    assert not page.locator(".push-panel").is_visible()

    prompt.click()
    assert prompt.get_attribute("aria-expanded") == "true"
    page.get_by_label("All top stories").check()
    assert page.evaluate("window.__asked") == 0

    context.grant_permissions(["notifications"], origin=live_server.url)
    with page.expect_response(lambda r: r.url.endswith("/push/subscribe")) as posted:
        page.get_by_role("button", name="Turn on alerts").click()
    response = posted.value
    assert response.status == 201, response.text()
    assert response.json() == {"edition": "global", "scope": "all"}
    page.get_by_text("Alerts are on.").wait_for()
    assert page.evaluate("window.__asked") == 1
    assert page.evaluate("window.__subscribedWith") == server_key
    worker = page.evaluate("""navigator.serviceWorker.getRegistration('/').then(r =>
        r && [r.scope, (r.active || r.waiting || r.installing).scriptURL])""")
    assert worker == [f"{live_server.url}/", f"{live_server.url}/push-sw.js"]
    assert page.get_by_role("button", name="Turn off alerts").is_visible()
    assert errors == []
    context.close()
