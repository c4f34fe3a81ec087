"""A push to many subscribers survives a worker killed mid-send: the restarted worker sends
the rest, and every subscriber receives the push exactly once.

The worker is the real `dateline worker` command in a subprocess, sending to the loopback
push service in this process. The kill lands at a known point: the service lets ten pushes
through and then holds every push that arrives, without accepting it; once each of the
worker's sending threads waits on a held push (so every accepted push has been marked:
a thread sends its next push only after its last one is marked), the worker is killed
and the held pushes are dropped unanswered, as if the connection had been cut.
"""

import pytest
from django.db import connection

from dateline.health.tests.fault import (
    database_url,
    dateline_env,
    service,
    wait_for,
)
from dateline.reach import outbox
from dateline.reach.models import OutboxMessage
from dateline.reach.push import vapid
from dateline.reach.push.models import PushDelivery

SUBSCRIBERS = 40
THREADS = 4
LET_THROUGH = 10


@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_send_resumes_and_pushes_each_subscriber_once(
        make_published, subscribe, push_service, global_edition, tmp_path):
    """SIGKILL the worker after ten of forty pushes were accepted and while four more are
    in flight; start it again: the thirty that were not accepted go out, the ten that
    were do not go again, and each subscriber has exactly one push, decrypted."""
    subscribers = [subscribe(global_edition)[1] for _ in range(SUBSCRIBERS)]
    article = make_published("Breaking: the kill test")
    message = outbox.enqueue("push", f"push:{article.pk}", edition=global_edition,
                             article=article, action="breaking")
    env = dateline_env(tmp_path, database_url(connection.settings_dict),
                       DATELINE_WORKER_INTERVAL="1", DATELINE_PUSH_THREADS=THREADS,
                       DATELINE_VAPID_PRIVATE_KEY=vapid.key().private_pem().decode())
    push_service.hold_after(LET_THROUGH)

    with service(env, "worker", log_path=tmp_path / "worker-1.log") as worker:
        wait_for(lambda: push_service.held == THREADS, timeout=60,
                 message="every sending thread to wait on a held push")
        worker.kill()  # fault: SIGKILL mid-send
    push_service.release(drop=True)
    assert len(push_service.received) == LET_THROUGH
    states = PushDelivery.objects.filter(message=message)
    assert states.filter(state="sent").count() == LET_THROUGH
    assert states.filter(state="pending").count() == SUBSCRIBERS - LET_THROUGH
    # The killed worker's claim would run out after outbox.LEASE (60 s): let it go now.
    OutboxMessage.objects.filter(pk=message.pk).update(claimed_until=None)

    with service(env, "worker", log_path=tmp_path / "worker-2.log") as restarted:
        wait_for(lambda: OutboxMessage.objects.get(pk=message.pk).state == "sent",
                 timeout=60, message=f"the restarted worker to finish:\n{restarted.log()}")

    assert push_service.counts() == {s.endpoint: 1 for s in subscribers}
    assert {p["title"] for p in push_service.payloads()} == {"Breaking: the kill test"}
    message.refresh_from_db()
    assert (message.recipients, message.delivered, message.failures) == (SUBSCRIBERS,
                                                                         SUBSCRIBERS, 0)
