"""Sign-in throttling, through Wagtail's sign-in page: per username, per address, for a
set time, with a clear message; a success clears only its own username's count. Each test
runs with the counts in the database (no shared cache: the demo, production without Redis)
and in the cache (Redis in production); ``test_throttle_processes.py`` runs real servers."""

from datetime import timedelta

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.test import Client, RequestFactory
from django.utils import timezone

from dateline.security.throttle import client_ip

from .conftest import LOGIN

pytestmark = pytest.mark.django_db

LOCKED = "Too many failed sign-in attempts"


@pytest.fixture(autouse=True, params=["database", "cache"])
def store(request, settings):
    settings.DATELINE_LOGIN_THROTTLE_STORE = request.param
    return request.param


def attempt(username, password, address="10.0.0.1", client=None):
    """One sign-in from ``address``, in a fresh session unless ``client`` is given."""
    client = client or Client()
    response = client.post(LOGIN, {"username": username, "password": password,
                                   "next": "/admin/"}, REMOTE_ADDR=address)
    signed_in = "_auth_user_id" in client.session
    text = BeautifulSoup(response.content.decode(), "html.parser").get_text(" ")
    return response.status_code, signed_in, " ".join(text.split())


def fail(username, times, address="10.0.0.1"):
    for _ in range(times):
        status, signed_in, text = attempt(username, "wrong", address)
        assert status == 200 and not signed_in and LOCKED not in text


def test_failures_lock_the_username_then_the_lock_expires(editor):
    """Five wrong passwords lock the username from every address: the right password is
    refused (429) with a message that says what happened and for how long. Fifteen minutes
    later it works."""
    fail("editor", 5)
    for address in ("10.0.0.1", "10.9.9.9"):
        status, signed_in, text = attempt("editor", "pw-editor", address)
        assert (status, signed_in) == (429, False)
        assert (f"{LOCKED}. Sign-in is paused; try again in 15 minutes.") in text
    with time_machine.travel(timezone.now() + timedelta(minutes=14)):
        assert attempt("editor", "pw-editor")[:2] == (429, False)
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert attempt("editor", "pw-editor")[:2] == (302, True)


def test_letter_case_does_not_make_another_username(editor):
    """"Editor" and "EDITOR " count toward the same lock as "editor"."""
    fail("editor", 2)
    fail("Editor", 2)
    fail("EDITOR ", 1)
    assert attempt("editor", "pw-editor", "10.7.7.7")[:2] == (429, False)


def test_failures_from_one_address_lock_it_for_every_username(settings, editor, chief):
    """Failures spread over many usernames lock the address, even for a right password;
    other addresses sign in as usual."""
    settings.DATELINE_LOGIN_FAILURES_PER_IP = 6
    for n in range(6):
        fail(f"someone{n}", 1, "10.0.0.66")
    assert attempt("editor", "pw-editor", "10.0.0.66")[:2] == (429, False)
    assert attempt("chief", "pw-chief", "10.0.0.67")[:2] == (302, True)


def test_a_success_clears_its_username_but_not_its_address(settings, editor, chief):
    """An attacker who signs in to their own account does not wipe the count of their
    address; the legitimate user's own count starts again after a success."""
    settings.DATELINE_LOGIN_FAILURES_PER_USER = 3
    settings.DATELINE_LOGIN_FAILURES_PER_IP = 7
    fail("chief", 2, "10.0.0.66")
    fail("someone", 2, "10.0.0.66")
    fail("editor", 2, "10.0.0.66")
    assert attempt("editor", "pw-editor", "10.0.0.66")[:2] == (302, True)
    fail("someone-else", 1, "10.0.0.66")  # the seventh failure from this address
    assert attempt("chief", "pw-chief", "10.0.0.66")[:2] == (429, False)

    fail("editor", 2, "10.0.0.77")  # 2 since the success: under 3
    assert attempt("editor", "pw-editor", "10.0.0.77")[:2] == (302, True)
    fail("chief", 1, "10.0.0.78")  # 3 for chief, counted before and after
    assert attempt("chief", "pw-chief", "10.0.0.78")[:2] == (429, False)


def test_attempts_during_a_lock_are_not_counted(settings, editor):
    """Knocking on a locked door does not keep it locked longer."""
    settings.DATELINE_LOGIN_LOCKOUT = 60
    fail("editor", 5)
    with time_machine.travel(timezone.now() + timedelta(seconds=50)):
        for _ in range(3):
            assert attempt("editor", "wrong")[0] == 429
    with time_machine.travel(timezone.now() + timedelta(seconds=61)):
        assert attempt("editor", "pw-editor")[:2] == (302, True)


def request_from(peer, forwarded=None):
    meta = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


@pytest.mark.parametrize(("trusted", "peer", "forwarded", "client"), [
    ([], "203.0.113.5", "198.51.100.1", "203.0.113.5"),  # no proxy: the header is a lie
    (["127.0.0.1"], "203.0.113.5", "198.51.100.1", "203.0.113.5"),
    (["127.0.0.1"], "127.0.0.1", "198.51.100.1", "198.51.100.1"),
    # The client wrote the first entry, the proxy appended what it saw.
    (["127.0.0.1"], "127.0.0.1", "1.2.3.4, 198.51.100.1", "198.51.100.1"),
    (["127.0.0.1", "10.0.0.0/8"], "127.0.0.1", "198.51.100.1, 10.1.2.3", "198.51.100.1"),
    (["*"], "192.0.2.10", "198.51.100.1", "198.51.100.1"),
    (["127.0.0.1"], "127.0.0.1", None, "127.0.0.1"),
])
def test_the_client_address_comes_from_trusted_proxies_only(settings, trusted, peer,
                                                             forwarded, client):
    """X-Forwarded-For is read only from DATELINE_TRUSTED_PROXIES, right to left."""
    settings.DATELINE_TRUSTED_PROXIES = trusted
    assert client_ip(request_from(peer, forwarded)) == client


def test_behind_the_proxy_each_client_has_its_own_count(settings, editor):
    """Through the proxy, one client's failures do not lock another client out."""
    settings.DATELINE_TRUSTED_PROXIES = ["127.0.0.1"]
    settings.DATELINE_LOGIN_FAILURES_PER_IP = 3
    for n in range(3):
        Client().post(LOGIN, {"username": f"x{n}", "password": "wrong"},
                      HTTP_X_FORWARDED_FOR="198.51.100.1")
    locked = Client().post(LOGIN, {"username": "editor", "password": "pw-editor"},
                           HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert locked.status_code == 429
    other = Client().post(LOGIN, {"username": "editor", "password": "pw-editor"},
                          HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert other.status_code == 302
