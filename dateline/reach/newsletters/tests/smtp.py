"""A real SMTP server on loopback for the tests (aiosmtpd), which records what it received.

``RecordingHandler`` keeps every accepted mail (its envelope recipients and its bytes),
refuses the recipients in ``refuse`` with a 550, and, when ``block_at`` is set, signals
``reached`` at that RCPT and holds the session there (without blocking the server's other
sessions) until ``release`` is set: the moment a test kills a sender mid-send.
"""

import asyncio
import email
import email.policy
import socket
import threading
from dataclasses import dataclass

from aiosmtpd.controller import Controller


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Received:
    recipients: list
    data: bytes

    @property
    def message(self):
        return email.message_from_bytes(self.data, policy=email.policy.default)


class RecordingHandler:
    def __init__(self):
        self.lock = threading.Lock()
        self.received = []
        self.refuse = set()
        self.rcpt_seen = 0
        self.block_at = None
        self.reached = threading.Event()
        self.release = threading.Event()

    def reset(self):
        with self.lock:
            self.received.clear()
            self.refuse.clear()
            self.rcpt_seen = 0
            self.block_at = None
        self.reached.clear()
        self.release.clear()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address in self.refuse:
            return "550 5.1.1 No such mailbox here"
        with self.lock:
            self.rcpt_seen += 1
            blocked = self.block_at is not None and self.rcpt_seen == self.block_at
        if blocked:
            self.reached.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
            return "451 4.3.0 Held by the test"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        with self.lock:
            self.received.append(Received(list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted for delivery"

    def messages(self):
        with self.lock:
            return list(self.received)

    def by_recipient(self):
        counts = {}
        for item in self.messages():
            for address in item.recipients:
                counts[address] = counts.get(address, 0) + 1
        return counts


class SMTPServer:
    def __init__(self):
        self.handler = RecordingHandler()
        self.port = free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    def start(self):
        self.controller.start()
        return self

    def stop(self):
        self.handler.release.set()
        self.controller.stop()

    def settings(self):
        """The Django settings that send mail to this server."""
        return {"EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": self.port, "EMAIL_USE_TLS": False,
                "EMAIL_HOST_USER": "", "EMAIL_HOST_PASSWORD": "", "EMAIL_TIMEOUT": 10}
