"""A breaking newsletter survives a worker killed mid-send: the real `dateline worker`
sends through the loopback SMTP server, is SIGKILLed while the server holds one mail's
RCPT, and a second worker finishes the send: every reader gets exactly one mail."""

import pytest
from django.db import connection

from dateline.health.tests.fault import database_url, dateline_env, service, wait_for
from dateline.reach.models import OutboxMessage
from dateline.reach.newsletters.models import Delivery

from .conftest import confirm_readers, queue_breaking

READERS = 60
KILL_AT = 25  # the RCPT at which the server holds the worker, and the test kills it


@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_send_mails_every_reader_exactly_once(
        _smtp_server, breaking_list, make_published, tmp_path):
    """SIGKILL the worker while the server holds the 25th mail at RCPT: the 24 mails
    before it are accepted and marked sent, the 25th was never accepted. A second worker
    (once the first one's claim has run out) sends the other 36: each of the 60 readers
    received exactly one mail, none was skipped."""
    smtp = _smtp_server.handler
    smtp.reset()
    readers = confirm_readers(breaking_list, READERS)
    message = queue_breaking(make_published("Air-raid alert lifted"))
    smtp.block_at = KILL_AT
    env = dateline_env(tmp_path, database_url(connection.settings_dict),
                       DATELINE_WORKER_INTERVAL="0.5", EMAIL_HOST="127.0.0.1",
                       EMAIL_PORT=_smtp_server.port, EMAIL_USE_TLS="0")

    with service(env, "worker", log_path=tmp_path / "worker-1.log") as worker:
        if not smtp.reached.wait(120):
            raise AssertionError(f"the worker never reached RCPT {KILL_AT}:\n{worker.log()}")
        worker.kill()  # fault: SIGKILL with one mail in flight
    smtp.block_at = None
    smtp.release.set()
    assert len(smtp.messages()) == KILL_AT - 1
    assert Delivery.objects.filter(message=message, state="sent").count() == KILL_AT - 1
    assert Delivery.objects.filter(message=message).count() == READERS
    message.refresh_from_db()
    assert message.state == "pending" and message.claimed_until is not None
    # The killed worker's claim would run out by itself after outbox.LEASE (60 s).
    OutboxMessage.objects.filter(pk=message.pk).update(claimed_until=None)

    with service(env, "worker", log_path=tmp_path / "worker-2.log") as restarted:
        wait_for(lambda: OutboxMessage.objects.get(pk=message.pk).state == "sent",
                 timeout=120, message=f"the restarted worker to finish:\n{restarted.log()}")
    counts = smtp.by_recipient()
    assert counts == {reader.email: 1 for reader in readers}
    message.refresh_from_db()
    assert (message.recipients, message.delivered, message.failures) == (READERS, READERS, 0)
