"""``next`` leads only to this site: sign-in, sign-out, the code prompt and setting up an
app all fall back to a page of ours when given another host in any spelling."""

import re

import pytest

from .conftest import LOGIN, SETUP, VERIFY, app_for, code, sign_in

pytestmark = pytest.mark.django_db

ELSEWHERE = [
    "https://evil.example/",
    "HTTPS://evil.example/admin/",
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    "/\t/evil.example",
    " //evil.example",
    "https:evil.example",
    "http:/evil.example",
    "https://testserver@evil.example/",
    "https://evil.example\\@testserver/",
    "javascript:alert(document.domain)",
    "data:text/html,<script>alert(1)</script>",
]


def stays_here(location):
    """Does a browser stay on this host when sent to ``location``? Read as the URL
    standard reads it, erring towards "no": backslashes are slashes, tabs and newlines
    vanish, and after an http(s) scheme or two slashes comes a host, however many slashes
    there are."""
    url = re.sub(r"[\t\n\r]", "", location.replace("\\", "/")).strip()
    scheme = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", url)
    if scheme:
        if scheme.group(1).lower() not in ("http", "https"):
            return False
        url = url[scheme.end():]
    elif not url.startswith("//"):
        return True  # a path on this host
    authority = re.split(r"[/?#]", url.lstrip("/"), maxsplit=1)[0]
    return authority.rpartition("@")[2].split(":")[0].lower() == "testserver"


def test_the_check_knows_elsewhere_from_here():
    """Every hostile spelling counts as elsewhere; our paths and host as here."""
    assert not any(stays_here(url) for url in ELSEWHERE)
    assert stays_here("/admin/account/") and stays_here("http://testserver/global/")


@pytest.mark.parametrize("target", ELSEWHERE)
def test_sign_in(client, editor, target):
    """Signing in works and lands on our site."""
    response = sign_in(client, editor, next_url=target)
    assert response.status_code == 302 and stays_here(response["Location"]), response["Location"]
    assert "_auth_user_id" in client.session


@pytest.mark.parametrize("target", ELSEWHERE)
def test_sign_in_page_when_signed_in(client, editor, target):
    """The sign-in page sends a signed-in user on, to our site."""
    client.force_login(editor)
    response = client.get(LOGIN, {"next": target})
    assert response.status_code == 302 and stays_here(response["Location"]), response["Location"]


@pytest.mark.parametrize("target", ELSEWHERE)
def test_sign_out(client, editor, target):
    """Signing out works and lands on our site."""
    client.force_login(editor)
    response = client.post("/admin/logout/", {"next": target})
    assert response.status_code == 302 and stays_here(response["Location"]), response["Location"]
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("target", ELSEWHERE)
def test_code_prompt(client, editor, target):
    """The right code opens the desk and lands on our site."""
    device = app_for(editor)
    sign_in(client, editor)
    response = client.post(VERIFY, {"code": code(device.bin_key), "next": target})
    assert response.status_code == 302 and stays_here(response["Location"]), response["Location"]
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize("target", ELSEWHERE)
def test_setting_up_an_app(client, editor, target):
    """Confirming a new app lands on our site."""
    client.force_login(editor)
    client.get(SETUP)
    device = editor.totpdevice_set.get()
    response = client.post(SETUP, {"code": code(device.bin_key), "next": target})
    assert response.status_code == 302 and stays_here(response["Location"]), response["Location"]


def test_our_own_pages_are_kept(client, editor):
    """The same views do follow ``next`` within the site."""
    assert sign_in(client, editor, next_url="/admin/account/")["Location"] == "/admin/account/"
    assert client.get(LOGIN, {"next": "/admin/reports/"})["Location"] == "/admin/reports/"
