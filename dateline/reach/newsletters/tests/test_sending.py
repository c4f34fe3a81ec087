"""Breaking mails and digests go out through a real SMTP server on loopback, once per
reader, with the headers, parts and links a mail client needs; nothing unpublished is
ever sent."""

import re
from datetime import time, timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from dateline.conftest import HOSTILE
from dateline.newsroom import actions
from dateline.newsroom.models import FrontPage
from dateline.reach.models import OutboxMessage
from dateline.reach.newsletters import digest, sending
from dateline.reach.newsletters.models import Delivery, Subscription

from .conftest import confirm_readers, queue_breaking, send_all

LINK = re.compile(r'href="([^"]+)"')


def _parts(received):
    message = received.message
    return (message.get_body(("plain",)).get_content(),
            message.get_body(("html",)).get_content())


def _path(url):
    assert url.startswith("http://127.0.0.1:8000/"), url
    return urlsplit(url).path


def test_breaking_mail_reaches_each_confirmed_reader_once_with_both_parts(
        smtp, breaking_list, make_published, client):
    """Each confirmed reader gets one mail: a text and an HTML part in the edition's
    language, its List-Unsubscribe (RFC 8058) and List-Id headers, a Message-ID made from
    the message and the reader, and links that resolve on the site."""
    readers = confirm_readers(breaking_list, 3)
    pending = confirm_readers(breaking_list, 1, start=10)[0]
    Subscription.objects.filter(subscriber=pending).update(state="pending")
    article = make_published(HOSTILE, lead="What happened, in one line.")
    message = queue_breaking(article)
    send_all()

    assert smtp.by_recipient() == {reader.email: 1 for reader in readers}
    message.refresh_from_db()
    assert (message.state, message.recipients, message.delivered, message.failures) == (
        "sent", 3, 3, 0)
    received = smtp.messages()[0]
    mail = received.message
    assert mail["Subject"] == f"Breaking: {HOSTILE}"
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = re.fullmatch(r"<(https?://[^>]+)>", mail["List-Unsubscribe"].strip()).group(1)
    assert "/global/newsletters/unsubscribe/" in unsubscribe
    assert mail["List-Id"].endswith(f"<breaking.{breaking_list.pk}.127.0.0.1>")
    reader = next(r for r in readers if r.email == received.recipients[0])
    assert mail["Message-ID"] == f"<newsletter.{message.pk}.{reader.pk}@127.0.0.1>"
    text, html = _parts(received)
    assert "A &amp; B &lt; C &gt; D" in html and HOSTILE not in html
    assert HOSTILE in text and "What happened, in one line." in text
    assert '<html lang="en">' in html and "Breaking news" in html
    assert 'name="color-scheme"' in html and "display:none" in html  # dark mode, preheader
    links = set(LINK.findall(html))
    assert article.get_absolute_url() in {_path(url) for url in links}
    for url in links:
        response = client.get(_path(url))
        assert response.status_code == 200, url
    assert unsubscribe in text and unsubscribe in links


def test_refused_recipient_is_failed_and_not_retried(smtp, breaking_list, make_published):
    """A recipient the server refuses is marked failed with the server's answer; the
    others are sent and the message is done (no retry mails anybody twice)."""
    readers = confirm_readers(breaking_list, 4)
    smtp.refuse.add(readers[1].email)
    message = queue_breaking(make_published("Refused once"))
    send_all()
    message.refresh_from_db()
    assert (message.state, message.delivered, message.failures) == ("sent", 3, 1)
    failed = Delivery.objects.get(state="failed")
    assert failed.subscriber == readers[1] and "550" in failed.error
    assert smtp.by_recipient() == {r.email: 1 for r in readers if r != readers[1]}


def test_no_smtp_server_is_retried_later_with_nothing_marked(
        smtp, settings, breaking_list, make_published):
    """With the SMTP server unreachable the message waits for a retry; no delivery is
    marked sent."""
    confirm_readers(breaking_list, 2)
    settings.EMAIL_PORT = 1  # nothing listens there
    message = queue_breaking(make_published("Server down"))
    send_all()
    message.refresh_from_db()
    assert message.state == "pending" and message.attempts == 1 and message.due_at > timezone.now()
    assert not Delivery.objects.filter(state="sent").exists()
    assert Delivery.objects.filter(message=message).count() == 2


def test_a_server_that_stops_answering_fails_the_call_within_its_timeout(
        smtp, settings, breaking_list, make_published):
    """A server that hangs at RCPT times the call out (long before the claim runs out):
    the message waits for a retry and nothing is marked sent."""
    confirm_readers(breaking_list, 2)
    settings.EMAIL_TIMEOUT = 1
    smtp.block_at = 1
    message = queue_breaking(make_published("Hung server"))
    send_all()
    smtp.release.set()
    message.refresh_from_db()
    assert message.state == "pending" and message.attempts == 1
    assert "imed out" in message.last_error
    assert not Delivery.objects.filter(state="sent").exists()


def test_send_in_parts_resumes_without_duplicates(smtp, breaking_list, make_published,
                                                  monkeypatch):
    """A send cut into parts (a batch, then the budget is spent) continues where it
    stopped on the next call: every reader once, none skipped."""
    readers = confirm_readers(breaking_list, 7)
    monkeypatch.setattr(sending, "BATCH", 3)
    message = queue_breaking(make_published("In parts"))
    assert sending.deliver(message, budget=0) is False
    assert len(smtp.messages()) == 3
    message.refresh_from_db()
    assert (message.recipients, message.delivered) == (7, 3)
    assert sending.deliver(message, budget=0) is False
    assert sending.deliver(message, budget=0) is False
    assert sending.deliver(message, budget=0) is True
    assert smtp.by_recipient() == {r.email: 1 for r in readers}


def test_readers_confirmed_after_the_snapshot_are_not_added(smtp, breaking_list,
                                                           make_published, monkeypatch):
    """The readers of a send are those confirmed when it began."""
    confirm_readers(breaking_list, 2)
    monkeypatch.setattr(sending, "BATCH", 1)
    message = queue_breaking(make_published("Snapshot"))
    sending.deliver(message, budget=0)
    late = confirm_readers(breaking_list, 1, start=50)[0]
    while not sending.deliver(message, budget=0):
        pass
    assert late.email not in smtp.by_recipient() and len(smtp.messages()) == 2


@pytest.mark.parametrize("change", ["unpublish", "retract", "draft"])
def test_breaking_mail_of_an_article_no_longer_public_is_not_sent(
        smtp, breaking_list, make_published, make_draft, change, superuser):
    """A breaking mail queued for an article that is then unpublished or retracted, or
    one queued for a draft, is never sent: the outbox cancels it."""
    confirm_readers(breaking_list, 2)
    if change == "draft":
        article = make_draft("Only a draft")
    else:
        article = make_published("Taken down")
    message = queue_breaking(article)
    if change == "unpublish":
        actions.UnpublishAction(article, user=superuser).execute()
    elif change == "retract":
        actions.RetractAction(article, user=superuser, note="Wrong.").execute()
    send_all()
    message.refresh_from_db()
    assert message.state == OutboxMessage.State.CANCELLED
    assert smtp.messages() == []


def test_breaking_mail_of_a_scheduled_article_waits(smtp, breaking_list, make_draft):
    """A breaking mail queued for a scheduled article waits for its publication."""
    confirm_readers(breaking_list, 2)
    article = make_draft("Embargoed", go_live_at=timezone.now() + timedelta(hours=1))
    article.latest_revision.publish()
    message = queue_breaking(article)
    send_all()
    message.refresh_from_db()
    assert message.state == "pending" and message.due_at >= article.go_live_at
    assert smtp.messages() == []


def test_digest_is_queued_once_per_list_and_local_day(digest_list):
    """The digest is queued at its local time (not before), once per day, whatever the
    number of ticks."""
    kyiv = digest_list.edition.tz
    before = timezone.datetime(2026, 3, 2, 6, 59, tzinfo=kyiv)
    assert digest.queue_due_digests(now=before) == []
    at = before + timedelta(minutes=1)
    [message] = digest.queue_due_digests(now=at)
    assert message.key == f"digest:{digest_list.pk}:2026-03-02" and message.action == "digest"
    assert digest.queue_due_digests(now=at + timedelta(hours=3)) == []
    assert len(digest.queue_due_digests(now=at + timedelta(days=1))) == 1


def test_digest_lists_front_page_stories_first_and_only_published_ones(
        smtp, digest_list, make_published, make_draft, superuser):
    """The digest leads with the front page's top story, then the day's latest news; a
    draft, an unpublished and a retracted story are not in it."""
    digest_list.send_at = time(0, 0)
    digest_list.save()
    reader = confirm_readers(digest_list, 1)[0]
    older = make_published("Front page story")
    newer = make_published("Latest story")
    make_draft("Draft story")
    gone = make_published("Unpublished story")
    actions.UnpublishAction(gone, user=superuser).execute()
    retracted = make_published("Retracted story")
    actions.RetractAction(retracted, user=superuser, note="No.").execute()
    FrontPage.objects.create(edition=digest_list.edition, top_story=older)
    digest.queue_due_digests()
    send_all()
    [received] = smtp.messages()
    assert received.recipients == [reader.email]
    text, html = _parts(received)
    assert text.index("Front page story") < text.index("Latest story")
    for absent in ("Draft story", "Unpublished story", "Retracted story"):
        assert absent not in text and absent not in html
    assert newer.get_absolute_url() in html


def test_digest_of_a_quiet_day_sends_nothing(smtp, digest_list):
    """No story published in the day: no digest mail at all."""
    digest_list.send_at = time(0, 0)
    digest_list.save()
    confirm_readers(digest_list, 2)
    [message] = digest.queue_due_digests()
    send_all()
    message.refresh_from_db()
    assert message.state == "sent" and smtp.messages() == []


def test_demo_lists_and_its_mail_files(settings, tmp_path, main_edition, global_edition,
                                       make_published):
    """The demo makes a digest and a breaking list per edition with three confirmed
    readers (once, however often it starts); its mail is written to files."""
    from dateline.demo.newsletters import furnish_newsletters

    furnish_newsletters()
    lists = furnish_newsletters()
    assert len(lists) == 4 and Subscription.objects.filter(state="confirmed").count() == 12
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
    queue_breaking(make_published("Demo alert"))
    send_all()
    written = "".join(path.read_text() for path in (tmp_path / "mail").iterdir())
    assert written.count("List-Unsubscribe-Post: List-Unsubscribe=One-Click") == 3
    assert "To: sam.global@example.org" in written
