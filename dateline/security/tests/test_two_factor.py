"""Two-step verification: a code after the password, setting up an app from the account
page, roles that require it, turning it off, and the administrator's way out."""

from base64 import b32decode
from datetime import timedelta
from io import StringIO
from urllib.parse import parse_qs, quote, unquote, urlsplit

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from dateline.newsroom.roles import ROLE_EDITOR
from dateline.security import checks

from .conftest import SETUP, VERIFY, app_for, code, sign_in, wrong_code

pytestmark = pytest.mark.django_db

# Desk pages, the app's own page, and public and API pages: all wait for the code.
HELD = ["/admin/", "/admin/snippets/", "/admin/reports/", SETUP, "/global/", "/api/v1/editions"]


def page(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content.decode(), "html.parser")


def held_at(response, url, path):
    return (response.status_code == 302
            and response["Location"] == f"{url}?next={quote(path, safe='/')}"
            and "no-store" in response["Cache-Control"])


def later(seconds):
    """Move the clock on, past django-otp's pause after a wrong code and to a new code."""
    return time_machine.travel(timezone.now() + timedelta(seconds=seconds), tick=False)


def test_a_user_with_an_app_enters_a_code_after_the_password(client, editor, global_edition):
    """The password alone reaches nothing but the code prompt, which keeps where the
    user was going; a wrong code is refused, the right one opens the desk."""
    device = app_for(editor)
    response = sign_in(client, editor, next_url="/admin/account/")
    assert response.status_code == 302 and response["Location"] == "/admin/account/"

    for path in HELD:
        assert held_at(client.get(path), VERIFY, path), path
    prompt = page(client.get(VERIFY + "?next=/admin/account/"))
    assert prompt.select_one("input[name=code]")["autocomplete"] == "one-time-code"
    assert prompt.select_one("input[name=next]")["value"] == "/admin/account/"

    refused = client.post(VERIFY, {"code": wrong_code(device.bin_key), "next": "/admin/account/"})
    assert "That code is not right" in page(refused).select_one(".messages").get_text()
    assert held_at(client.get("/admin/"), VERIFY, "/admin/")

    with later(5):
        accepted = client.post(VERIFY, {"code": code(device.bin_key), "next": "/admin/account/"})
        assert accepted.status_code == 302 and accepted["Location"] == "/admin/account/"
        assert client.get("/admin/").status_code == 200
        assert client.get("/admin/account/").status_code == 200


def test_wrong_codes_in_a_row_pause_the_prompt(client, editor):
    """After wrong codes even the right one waits (django-otp doubles the pause each time)."""
    device = app_for(editor)
    sign_in(client, editor)
    for _ in range(3):
        client.post(VERIFY, {"code": wrong_code(device.bin_key)})
    paused = client.post(VERIFY, {"code": code(device.bin_key)})
    assert "Too many wrong codes" in page(paused).get_text()
    assert held_at(client.get("/admin/"), VERIFY, "/admin/")
    with later(10):
        assert client.post(VERIFY, {"code": code(device.bin_key)}).status_code == 302
        assert client.get("/admin/").status_code == 200


def test_a_code_opens_one_session_only(client, editor):
    """A code that signed in once is refused the second time, in another session too."""
    device = app_for(editor)
    once = code(device.bin_key)
    sign_in(client, editor)
    assert client.post(VERIFY, {"code": once}).status_code == 302
    other = Client()
    sign_in(other, editor)
    assert "That code is not right" in page(other.post(VERIFY, {"code": once})).get_text()
    assert held_at(other.get("/admin/"), VERIFY, "/admin/")


def test_an_editor_sets_up_an_app_from_the_account_page(client, editor):
    """Account → Two-step verification shows a QR code, the otpauth URL and the key (the
    same on reload); a wrong code leaves it off, the right one turns it on for this
    session and every later sign-in."""
    client.force_login(editor)
    account = page(client.get("/admin/account/"))
    link = account.select_one(f"a[href='{SETUP}']")
    assert link.get_text(strip=True) == "Two-step verification"
    assert "Off:" in link.find_parent("li").get_text()

    setup = page(client.get(SETUP))
    url = setup.select_one("a[href^='otpauth://']")["href"]
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    assert (parts.scheme, parts.netloc, unquote(parts.path)) == ("otpauth", "totp",
                                                                 "/Dateline:editor")
    assert query["issuer"] == ["Dateline"] and query["digits"] == ["6"]
    key = query["secret"][0]
    assert setup.select_one("code").get_text() == key
    assert setup.select_one("img")["src"].startswith("data:image/svg+xml")
    assert page(client.get(SETUP)).select_one("code").get_text() == key
    assert "no-store" in client.get(SETUP)["Cache-Control"]

    refused = client.post(SETUP, {"code": wrong_code(b32decode(key))})
    assert "That code is not right" in page(refused).get_text()
    assert not TOTPDevice.objects.filter(user=editor, confirmed=True).exists()

    with later(5):
        response = client.post(SETUP, {"code": code(b32decode(key)),
                                       "next": "/admin/account/"})
        assert response.status_code == 302 and response["Location"] == "/admin/account/"
        assert TOTPDevice.objects.get(user=editor).confirmed
        assert client.get("/admin/").status_code == 200
        assert "On:" in page(client.get("/admin/account/")).select_one(
            f"a[href='{SETUP}']").find_parent("li").get_text()
        assert key not in client.get(SETUP).content.decode()

        later_session = Client()
        sign_in(later_session, editor)
        assert held_at(later_session.get("/admin/"), VERIFY, "/admin/")


def test_only_a_verified_session_may_change_the_app(client, editor):
    """With the password alone one cannot see, replace or remove the app."""
    device = app_for(editor)
    sign_in(client, editor)
    assert held_at(client.get(SETUP), VERIFY, SETUP)
    assert held_at(client.post(SETUP, {"code": code(device.bin_key)}), VERIFY, SETUP)
    assert TOTPDevice.objects.filter(user=editor).count() == 1


def test_a_role_can_require_an_app(client, settings, editor, reporter):
    """With the role in DATELINE_REQUIRE_2FA_GROUPS, its members are sent to set up an app
    before anything else, and back where they were going once it is on; other roles are
    not asked."""
    settings.DATELINE_REQUIRE_2FA_GROUPS = [ROLE_EDITOR]
    sign_in(client, editor)
    for path in ("/admin/", "/admin/account/", "/admin/account/"):
        assert held_at(client.get(path), SETUP, path), path
    setup = page(client.get(SETUP + "?next=/admin/account/"))
    assert "Your role requires two-step verification" in setup.get_text()
    key = parse_qs(urlsplit(setup.select_one("a[href^='otpauth://']")["href"]).query)["secret"][0]
    response = client.post(SETUP, {"code": code(b32decode(key)), "next": "/admin/account/"})
    assert response.status_code == 302 and response["Location"] == "/admin/account/"
    assert client.get("/admin/").status_code == 200

    other = Client()
    sign_in(other, reporter)
    assert other.get("/admin/").status_code == 200


def test_an_app_a_role_requires_cannot_be_turned_off(client, settings, editor):
    """The page says so and a POST changes nothing."""
    settings.DATELINE_REQUIRE_2FA_GROUPS = [ROLE_EDITOR]
    device = app_for(editor)
    sign_in(client, editor)
    client.post(VERIFY, {"code": code(device.bin_key)})
    shown = page(client.get(SETUP))
    assert "cannot be turned off" in shown.get_text() and not shown.select("input[name=code]")
    with later(30):
        assert client.post(SETUP, {"code": code(device.bin_key)}).status_code == 302
    assert TOTPDevice.objects.filter(user=editor).exists()


def test_turning_the_app_off_takes_a_code(client, editor):
    """A wrong code changes nothing; the right one removes the app, and the password
    alone signs in again."""
    device = app_for(editor)
    sign_in(client, editor)
    client.post(VERIFY, {"code": code(device.bin_key)})
    with later(30):
        refused = client.post(SETUP, {"code": wrong_code(device.bin_key)})
        assert "That code is not right" in page(refused).get_text()
        assert TOTPDevice.objects.filter(user=editor).exists()
    with later(60):
        response = client.post(SETUP, {"code": code(device.bin_key)})
        assert response.status_code == 302 and response["Location"] == "/admin/account/"
    assert not TOTPDevice.objects.filter(user=editor).exists()
    fresh = Client()
    sign_in(fresh, editor)
    assert fresh.get("/admin/").status_code == 200


def test_the_code_prompt_offers_sign_out_and_needs_a_password_first(client, editor):
    """Signed out, the prompt sends to sign-in; its Sign out button ends the session."""
    app_for(editor)
    response = client.get(VERIFY)
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    sign_in(client, editor)
    prompt = page(client.get(VERIFY))
    sign_out = prompt.select("form")[-1]["action"]
    assert client.post(sign_out).status_code == 302
    assert "_auth_user_id" not in client.session


def test_without_an_app_the_prompt_sends_on(client, editor):
    """A user with no app who lands on the prompt goes where they were going."""
    client.force_login(editor)
    response = client.get(VERIFY + "?next=/admin/account/")
    assert response.status_code == 302 and response["Location"] == "/admin/account/"


def test_an_administrator_removes_a_lost_app(client, editor):
    """`dateline remove_two_factor <username>` removes the app: the password alone signs in."""
    app_for(editor)
    out = StringIO()
    call_command("remove_two_factor", "editor", stdout=out)
    assert "Removed 1 authenticator app(s) of editor" in out.getvalue()
    sign_in(client, editor)
    assert client.get("/admin/").status_code == 200


def test_misconfiguration_stops_the_site_with_the_fix(settings):
    """OTPMiddleware missing or after the gate, or a group list that is not a list, fail
    the start-up checks."""
    assert checks.check_settings() == []
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE
                           if m != "django_otp.middleware.OTPMiddleware"]
    settings.DATELINE_REQUIRE_2FA_GROUPS = "Editor"
    assert [error.id for error in checks.check_settings()] == [
        "dateline_security.E001", "dateline_security.E003"]
