"""The reader's side: sign up on the site, confirm by mail (double opt-in), manage one's
lists, leave with one click (RFC 8058); throttled, CSRF-safe, never cached, in the
edition's language; bad or hostile input changes nothing."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from dateline.newsroom import actions
from dateline.reach.models import OutboxMessage
from dateline.reach.newsletters import throttle
from dateline.reach.newsletters.models import (
    Bounce,
    Delivery,
    NewsletterList,
    Subscriber,
    Subscription,
)

from .conftest import confirm_readers, queue_breaking, send_all

SITE = "http://127.0.0.1:8000"
SUBSCRIBE = "/global/newsletters/"


def _sign_up(client, email, *lists, **headers):
    data = {"email": email, "lists": [str(n.pk) for n in lists]}
    return client.post(SUBSCRIBE, data, headers={"Origin": SITE, **headers})


def _path(url):
    return urlsplit(url).path


def _state():
    return (list(Subscriber.objects.values_list("email", flat=True).order_by("id")),
            list(Subscription.objects.values_list("subscriber_id", "newsletter_id", "state")
                 .order_by("id")),
            OutboxMessage.objects.filter(channel="newsletter").count())


def _links(received, word):
    text = received.message.get_body(("plain",)).get_content()
    return re.findall(rf"https?://\S+/{word}/\S+/", text)


def test_signup_form_is_on_home_and_article_pages_and_they_stay_cacheable(
        client, breaking_list, digest_list, make_published):
    """Home and article pages carry the sign-up form (no JavaScript, no token: they are
    shared by the page cache, so the form sets no cookie and names no reader)."""
    article = make_published("With a form")
    for path in ("/global/", article.get_absolute_url()):
        response = client.get(path)
        html = response.content.decode()
        assert 'class="newsletter-signup"' in html, path
        assert f'action="{SUBSCRIBE}"' in html and "csrfmiddlewaretoken" not in html
        assert "The morning digest" in html and "Breaking news" in html
        assert response.status_code == 200 and not response.cookies


def test_a_changed_list_shows_at_once_on_cached_pages(client, breaking_list):
    """Renaming or switching off a list purges the edition's pages that show the form."""
    assert b"Breaking news" in client.get("/global/").content
    breaking_list.name = "Alerts"
    breaking_list.save()
    assert b"Alerts" in client.get("/global/").content
    breaking_list.active = False
    breaking_list.save()
    assert b"newsletter-signup" not in client.get("/global/").content


def test_double_opt_in_sends_only_the_confirmation_until_confirmed(
        client, smtp, breaking_list, make_published):
    """Signing up sends one mail, the confirmation; a breaking mail skips the address
    until the confirm link is followed (GET shows a button, its POST confirms); then
    the address gets it."""
    response = _sign_up(client, "New.Reader@Example.ORG", breaking_list)
    assert response.status_code == 200 and b"Check your inbox" in response.content
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "New.Reader@example.org"
    assert subscriber.subscriptions.get().state == "pending"
    send_all()
    [confirmation] = smtp.messages()
    assert confirmation.recipients == ["New.Reader@example.org"]
    assert "List-Unsubscribe" not in confirmation.message

    queue_breaking(make_published("Before confirming"))
    send_all()
    assert len(smtp.messages()) == 1  # nothing but the confirmation

    [confirm_url] = _links(confirmation, "confirm")
    page = client.get(_path(confirm_url))
    assert page.status_code == 200 and b"<form" in page.content
    assert subscriber.subscriptions.get().state == "pending"  # a GET changes nothing
    done = client.post(_path(confirm_url))
    assert done.status_code == 200
    assert subscriber.subscriptions.get().state == "confirmed"

    queue_breaking(make_published("After confirming"))
    send_all()
    assert smtp.by_recipient() == {"New.Reader@example.org": 2}


def test_signing_up_again_keeps_one_address_and_says_nothing_about_it(client, breaking_list):
    """The address is stored once, whatever its case; the answer is the same for a known
    address as for a new one."""
    first = _sign_up(client, "same@example.org", breaking_list)
    second = _sign_up(client, "SAME@EXAMPLE.org", breaking_list)
    assert first.status_code == second.status_code == 200
    assert Subscriber.objects.count() == 1 and Subscription.objects.count() == 1


def test_confirm_link_is_signed_and_expires(client, smtp, breaking_list):
    """A tampered or expired confirm link confirms nothing (400)."""
    _sign_up(client, "late@example.org", breaking_list)
    send_all()
    [url] = _links(smtp.messages()[0], "confirm")
    assert client.post(_path(url).replace(":", "x", 1)).status_code == 400
    with time_machine.travel(timezone.now() + timedelta(days=4)):
        response = client.post(_path(url))
    assert response.status_code == 400 and b"expired" in response.content
    assert Subscription.objects.get().state == "pending"


def test_cross_site_post_without_origin_or_token_stores_nothing(breaking_list):
    """A POST from another site, or without Origin and CSRF token, stores nothing and
    gets the form back with a token to send it from the site."""
    client = Client(enforce_csrf_checks=True)
    before = _state()
    foreign = client.post(SUBSCRIBE, {"email": "x@example.org", "lists": [breaking_list.pk]},
                          headers={"Origin": "https://evil.example"})
    bare = client.post(SUBSCRIBE, {"email": "x@example.org", "lists": [breaking_list.pk]})
    assert foreign.status_code == bare.status_code == 403
    assert b"csrfmiddlewaretoken" in bare.content
    assert _state() == before
    page = client.get(SUBSCRIBE)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.content).group(1)
    ok = client.post(SUBSCRIBE, {"email": "x@example.org", "lists": [breaking_list.pk],
                                 "csrfmiddlewaretoken": token.decode()})
    assert ok.status_code == 200 and Subscriber.objects.count() == 1


@pytest.mark.parametrize("email, lists", [
    ('<script>alert(1)</script>@example.org', "own"),
    ("not-an-address", "own"),
    ("ok@example.org", "none"),
    ("ok@example.org", "other edition"),
    ("ok@example.org", "junk"),
])
def test_bad_sign_up_is_400_and_changes_nothing(client, breaking_list, main_edition, email,
                                                lists):
    """A bad address, no list, another edition's list or junk: 400, escaped, nothing
    stored."""
    other = NewsletterList.objects.create(edition=main_edition, kind="breaking", name="Терміново")
    chosen = {"own": [breaking_list.pk], "none": [], "other edition": [other.pk],
              "junk": ["1 OR 1=1"]}[lists]
    before = _state()
    response = client.post(SUBSCRIBE, {"email": email, "lists": chosen},
                           headers={"Origin": SITE})
    assert response.status_code == 400
    assert b"<script>alert" not in response.content
    assert _state() == before


def test_hostile_list_name_is_escaped_on_the_page_and_in_mail(client, smtp, global_edition):
    """A list named with markup shows as text on the site and in the confirmation."""
    hostile = NewsletterList.objects.create(edition=global_edition, kind="breaking",
                                            name="<script>alert(1)</script> & news")
    html = client.get("/global/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; news" in html
    _sign_up(client, "h@example.org", hostile)
    send_all()
    body = smtp.messages()[0].message.get_body(("html",)).get_content()
    assert "<script>alert" not in body and "&lt;script&gt;" in body


def test_sign_ups_are_throttled_per_address_and_per_client(client, breaking_list):
    """A few confirmation mails per address, a few more sign-ups per client address, then
    429 with a clear message and nothing more queued."""
    for _ in range(throttle.PER_ADDRESS):
        assert _sign_up(client, "bombed@example.org", breaking_list).status_code == 200
    queued = OutboxMessage.objects.count()
    refused = _sign_up(client, "bombed@example.org", breaking_list)
    assert refused.status_code == 429 and b"Too many" in refused.content
    assert OutboxMessage.objects.count() == queued
    for n in range(throttle.PER_IP - throttle.PER_ADDRESS - 1):
        assert _sign_up(client, f"other{n}@example.org", breaking_list).status_code == 200
    assert _sign_up(client, "fresh@example.org", breaking_list).status_code == 429
    assert not Subscriber.objects.filter(email="fresh@example.org").exists()
    elsewhere = Client(REMOTE_ADDR="10.0.0.9")
    assert _sign_up(elsewhere, "fresh@example.org", breaking_list).status_code == 200


def test_one_click_unsubscribe_post_needs_no_cookie_or_token(smtp, breaking_list,
                                                             make_published):
    """The List-Unsubscribe URL: a POST with the RFC 8058 body unsubscribes, with no
    cookie and no CSRF token; a POST without that body changes nothing; a GET shows a
    button that sends it; a broken token is a 400."""
    reader = confirm_readers(breaking_list, 1)[0]
    queue_breaking(make_published("Leave"))
    send_all()
    header = smtp.messages()[0].message["List-Unsubscribe"].strip()
    path = _path(header.strip("<>"))
    client = Client(enforce_csrf_checks=True)
    page = client.get(path)
    assert page.status_code == 200
    assert b'name="List-Unsubscribe" value="One-Click"' in page.content
    assert "no-store" in page["Cache-Control"]
    assert client.post(path, {}).status_code == 400
    assert client.post(path[:-5] + "XXXX/", {"List-Unsubscribe": "One-Click"}).status_code == 400
    assert Subscription.objects.get(subscriber=reader).state == "confirmed"
    done = client.post(path, "List-Unsubscribe=One-Click",
                       content_type="application/x-www-form-urlencoded")
    assert done.status_code == 200 and not done.cookies
    subscription = Subscription.objects.get(subscriber=reader)
    assert subscription.state == "unsubscribed" and subscription.unsubscribed_at
    queue_breaking(make_published("After leaving"))
    send_all()
    assert len(smtp.messages()) == 1


def test_manage_page_from_the_mail_changes_lists(client, smtp, breaking_list, digest_list,
                                                 make_published):
    """Every mail links to a page that shows the reader's lists and changes them; junk
    input is a 400 and changes nothing."""
    reader = confirm_readers(breaking_list, 1)[0]
    queue_breaking(make_published("Manage"))
    send_all()
    [url] = _links(smtp.messages()[0], "manage")
    page = client.get(_path(url))
    assert page.status_code == 200 and reader.email.encode() in page.content
    assert "no-store" in page["Cache-Control"]
    assert re.search(rf'value="{breaking_list.pk}"[^>]*checked', page.content.decode())
    before = _state()
    assert client.post(_path(url), {"lists": ["junk"]}).status_code == 400
    assert _state() == before
    assert client.post(_path(url), {"lists": [digest_list.pk]}).status_code == 200
    states = dict(Subscription.objects.filter(subscriber=reader)
                  .values_list("newsletter_id", "state"))
    assert states == {breaking_list.pk: "unsubscribed", digest_list.pk: "confirmed"}


def test_reader_pages_speak_the_edition_language_and_are_never_cached(client, main_edition,
                                                                      global_edition):
    """/newsletters/ is in Ukrainian, /global/newsletters/ in English; neither is cached."""
    NewsletterList.objects.create(edition=main_edition, kind="breaking", name="Терміново")
    uk, en = client.get("/newsletters/"), client.get("/global/newsletters/")
    assert b'<html lang="uk">' in uk.content and b'<html lang="en">' in en.content
    for response in (uk, en, client.get("/newsletters/manage/junk/")):
        assert "no-store" in response["Cache-Control"]
        assert response.get("X-Page-Cache") is None


def test_subscribers_are_for_users_with_the_permission_only(client, editor, superuser,
                                                            breaking_list):
    """An editor without the permission cannot list readers' addresses; an administrator
    can."""
    confirm_readers(breaking_list, 1)
    client.force_login(editor)
    denied = client.get("/admin/snippets/newsletters/subscriber/")
    assert denied.status_code in (302, 403)
    assert b"reader0@example.org" not in denied.content
    client.force_login(superuser)
    allowed = client.get("/admin/snippets/newsletters/subscriber/")
    assert allowed.status_code == 200 and b"reader0@example.org" in allowed.content


def test_digest_preview_on_the_desk(client, superuser, editor, digest_list, make_published):
    """An editor with the permission previews the digest as HTML and as text; one without
    is turned away."""
    make_published("In the digest & more")
    client.force_login(superuser)
    url = f"/admin/newsletters/{digest_list.pk}/preview/"
    html = client.get(url)
    assert html.status_code == 200 and b"In the digest &amp; more" in html.content
    text = client.get(url + "?format=text")
    assert text["Content-Type"].startswith("text/plain") and b"In the digest & more" in text.content
    client.force_login(editor)
    denied = client.get(url)
    assert denied.status_code in (302, 403) and b"In the digest" not in denied.content


def test_export_bounce_and_erase_commands(capsys, smtp, breaking_list, make_published,
                                          tmp_path):
    """`newsletter export` prints what is stored about an address; a DSN marks its
    delivery bounced and stops mail to it; `newsletter erase` deletes it all."""
    import json

    reader = confirm_readers(breaking_list, 1)[0]
    message = queue_breaking(make_published("Bounced"))
    send_all()
    dsn = tmp_path / "dsn.eml"
    dsn.write_text(
        "From: MAILER-DAEMON@example.org\nMIME-Version: 1.0\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\n\n'
        "--B\nContent-Type: text/plain\n\nUndeliverable.\n"
        "--B\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; example.org\n\n"
        f"Final-Recipient: rfc822; {reader.email}\nAction: failed\nStatus: 5.1.1\n"
        "Diagnostic-Code: smtp; 550 no such user\n\n"
        "--B\nContent-Type: text/rfc822-headers\n\n"
        f"Message-ID: <newsletter.{message.pk}.{reader.pk}@127.0.0.1>\n\n--B--\n")
    call_command("newsletter", "bounce", dsn=str(dsn))
    assert Delivery.objects.get().state == "bounced"
    assert Bounce.objects.get().kind == "hard"
    reader.refresh_from_db()
    assert reader.bounced_at is not None
    queue_breaking(make_published("Not to a bounced address"))
    send_all()
    assert len(smtp.messages()) == 1

    capsys.readouterr()
    call_command("newsletter", "export", reader.email)
    data = json.loads(capsys.readouterr().out)
    assert data["email"] == reader.email and data["subscriptions"][0]["state"] == "confirmed"
    assert data["deliveries"][0]["state"] == "bounced" and data["bounces"][0]["kind"] == "hard"
    call_command("newsletter", "erase", reader.email)
    assert not Subscriber.objects.exists() and not Delivery.objects.exists()
    assert not Subscription.objects.exists() and not Bounce.objects.exists()


def test_unpublished_article_is_not_mailed_even_mid_send(smtp, breaking_list, make_published,
                                                         superuser, monkeypatch):
    """An article unpublished after part of its readers got it: the rest get nothing."""
    from dateline.reach.newsletters import sending

    confirm_readers(breaking_list, 4)
    monkeypatch.setattr(sending, "BATCH", 2)
    monkeypatch.setattr(sending, "CALL_SECONDS", 0)
    article = make_published("Pulled mid-send")
    message = queue_breaking(article)
    from dateline.reach import outbox

    outbox.send(outbox.claim())
    assert len(smtp.messages()) == 2
    actions.UnpublishAction(article, user=superuser).execute()
    send_all()
    message.refresh_from_db()
    assert message.state == "cancelled" and len(smtp.messages()) == 2


def test_lists_are_edited_on_the_desk(client, superuser, digest_list):
    """An administrator opens the lists and a list's edit form on the desk; a digest
    without its time is refused with a clear error and changes nothing."""
    client.force_login(superuser)
    index = client.get("/admin/snippets/newsletters/newsletterlist/")
    assert index.status_code == 200 and b"The morning digest" in index.content
    assert b"Preview digest" in index.content
    edit = f"/admin/snippets/newsletters/newsletterlist/edit/{digest_list.pk}/"
    assert client.get(edit).status_code == 200
    response = client.post(edit, {"edition": digest_list.edition_id, "kind": "digest",
                                  "name": "Renamed", "description": "", "send_at": "",
                                  "active": "on"})
    assert response.status_code == 200 and b"needs the time it goes out" in response.content
    digest_list.refresh_from_db()
    assert digest_list.name == "The morning digest"
