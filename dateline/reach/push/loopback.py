"""A push service on loopback, for the tests and the bench only (never used in production).

It plays the part of a browser vendor's push service (RFC 8030) with real cryptography:
each subscriber it makes has its own ECDH P-256 key pair and 16-byte auth secret, as a
browser would; a push must carry a valid VAPID ``Authorization`` (RFC 8292: an ES256 JWT
signed by the key in ``k=``, for this service's origin, not expired, and made with the
application server key the subscription was made for), a ``TTL``, and an ``aes128gcm``
body (RFC 8291), which it decrypts with the subscriber's private key and auth secret
(http_ece). What arrives is recorded: endpoint, the decrypted JSON, headers, time.
Refused pushes are not recorded and get the status a real service would send.

It can be told to answer 410 for an endpoint (the subscription expired), 429 once, or to
hold every push after the first ``n`` accepted (``hold_after``), which lets a test kill a
sender at a known point: the held pushes are never accepted (``release(drop=True)``
closes their connections without an answer, as a service that was cut off would).

In a test: ``with LoopbackPushService() as service:`` (a thread). For the bench, run as a
process: ``python -m dateline.reach.push.loopback PORT`` and drive it over HTTP
(``/_control/...``, see ``ControlClient``).
"""

import asyncio
import base64
import contextlib
import json
import os
import secrets
import socket
import sys
import threading
import time
from http import HTTPStatus
from urllib.parse import urlsplit

import http_ece
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class Subscriber:
    """One browser's side of a subscription: its keys, and what reached it."""

    def __init__(self, endpoint, server_key=None):
        self.endpoint = endpoint
        self.private_key = ec.generate_private_key(ec.SECP256R1())
        self.auth = secrets.token_bytes(16)
        # The applicationServerKey the page subscribed with (base64url), if any.
        self.server_key = server_key

    def info(self):
        """As the browser's ``PushSubscription.toJSON()`` gives it to the page."""
        public = self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
        return {"endpoint": self.endpoint,
                "keys": {"p256dh": b64url(public), "auth": b64url(self.auth)}}

    def decrypt(self, body):
        return http_ece.decrypt(body, private_key=self.private_key, auth_secret=self.auth,
                                version="aes128gcm")


class Refused(Exception):
    def __init__(self, status, reason):
        super().__init__(reason)
        self.status, self.reason = status, reason


class LoopbackPushService:
    """The service: an asyncio HTTP/1.1 server (keep-alive) in a thread of its own, or in
    the main thread of its own process (``main``). One event loop decrypts every push: a
    thread per connection (``http.server``) spent more of the machine's CPU on switching
    and header parsing than on the cryptography, and the bench measures the sender."""

    def __init__(self, port=0):
        self.subscribers = {}  # token -> Subscriber
        self.received = []  # {"endpoint", "payload", "headers", "at"}
        self.refused = []  # (path, status, reason)
        self.gone, self.throttle_once = set(), set()
        self.lock = threading.Lock()
        self._verified = {}  # (jwt, key) -> exp: a JWT checked once need not be again
        self._hold_after = None
        self.held = self.admitted = 0
        self.holding = threading.Event()  # set when the first push is held
        self._drop_held = False
        self.loop = asyncio.new_event_loop()
        self._released = asyncio.Event()
        self._socket = socket.create_server(("127.0.0.1", port), backlog=256)
        self.port = self._socket.getsockname()[1]
        self.thread = None
        self._server = None

    @property
    def origin(self):
        return f"http://127.0.0.1:{self.port}"

    # -- set up ----------------------------------------------------------------------

    def subscribe(self, server_key=None):
        """A new subscriber (a browser that subscribed with ``server_key``)."""
        token = secrets.token_urlsafe(16)
        subscriber = Subscriber(f"{self.origin}/push/{token}", server_key)
        with self.lock:
            self.subscribers[token] = subscriber
        return subscriber

    def expire(self, endpoint):
        """From now on, answer 410 Gone for ``endpoint``."""
        self.gone.add(_token(endpoint))

    def throttle(self, endpoint):
        """Answer the next push to ``endpoint`` with 429 Too Many Requests."""
        self.throttle_once.add(_token(endpoint))

    def hold_after(self, admitted):
        """Let ``admitted`` more pushes through, then hold every one that arrives."""
        with self.lock:
            self.admitted = 0
            self._hold_after = admitted

    def release(self, drop=True):
        """Let the held pushes go: ``drop`` closes them unanswered and unrecorded."""
        self._drop_held = drop
        self._hold_after = None
        if self.loop.is_running():
            self.loop.call_soon_threadsafe(self._released.set)

    # -- reading -----------------------------------------------------------------------

    def payloads(self, endpoint=None):
        with self.lock:
            return [r["payload"] for r in self.received
                    if endpoint is None or r["endpoint"] == endpoint]

    def counts(self):
        """How many pushes each endpoint received."""
        counted = {}
        with self.lock:
            for record in self.received:
                counted[record["endpoint"]] = counted.get(record["endpoint"], 0) + 1
        return counted

    # -- serving -------------------------------------------------------------------------

    async def _start_serving(self):
        self._server = await asyncio.start_server(self._connection, sock=self._socket)

    def serve_forever(self):
        asyncio.set_event_loop(self.loop)
        self.loop.run_until_complete(self._start_serving())
        self.loop.run_forever()

    def start(self):
        self.thread = threading.Thread(target=self.serve_forever, daemon=True,
                                       name="loopback-push-service")
        self.thread.start()
        deadline = time.monotonic() + 10
        while self._server is None and time.monotonic() < deadline:
            time.sleep(0.01)
        return self

    def stop(self):
        self.release()

        async def close():
            self._server.close()
            self.loop.stop()

        if self.loop.is_running():
            asyncio.run_coroutine_threadsafe(close(), self.loop)
            self.thread.join(10)
        self.loop.close()
        self._socket.close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    async def _connection(self, reader, writer):
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                request_line, *lines = head.decode("latin-1").split("\r\n")
                method, path, _version = request_line.split(" ", 2)
                headers = {}
                for line in lines:
                    name, _, content = line.partition(":")
                    if name:
                        headers[name.strip().lower()] = content.strip()
                body = await reader.readexactly(int(headers.get("content-length") or 0))
                if path.startswith("/_control/"):
                    status, answer, extra = self._control(path, body)
                elif method != "POST":
                    status, answer, extra = 405, b"", {}
                else:
                    if await self._hold():
                        return  # dropped: the connection closes unanswered
                    status, answer, extra = self._push(path, headers, body)
                writer.write(_response(status, answer, extra))
                await writer.drain()
                if headers.get("connection", "").lower() == "close":
                    return
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError,
                ValueError):
            return
        finally:
            writer.close()

    def _push(self, path, headers, body):
        try:
            endpoint, payload = self.accept(path, headers, body)
        except Refused as refusal:
            with self.lock:
                self.refused.append((path, refusal.status, refusal.reason))
            return refusal.status, refusal.reason.encode(), (
                {"Retry-After": "1"} if refusal.status == 429 else {})
        with self.lock:
            self.received.append({"endpoint": endpoint, "payload": payload,
                                  "headers": headers, "at": time.time()})
        return 201, b"", {"Location": f"{self.origin}/message/{secrets.token_urlsafe(8)}"}

    def accept(self, path, headers, body):
        """Check and decrypt one push (``headers`` by lower-case name); return the
        subscriber's endpoint and the decrypted JSON, or raise Refused."""
        token = path.rsplit("/", 1)[-1]
        subscriber = self.subscribers.get(token)
        if subscriber is None or not path.startswith("/push/"):
            raise Refused(404, "no such subscription")
        if token in self.gone:
            raise Refused(410, "subscription expired")
        if token in self.throttle_once:
            self.throttle_once.discard(token)
            raise Refused(429, "slow down")
        self._check_vapid(subscriber, headers.get("authorization", ""))
        if not headers.get("ttl", "").isdigit():
            raise Refused(400, "TTL header missing")
        if headers.get("content-encoding") != "aes128gcm":
            raise Refused(415, "aes128gcm expected")
        try:
            payload = json.loads(subscriber.decrypt(body))
        except Exception as error:  # noqa: BLE001 (any failure to decrypt is the sender's)
            raise Refused(400, f"cannot decrypt: {type(error).__name__}: {error}") from error
        return subscriber.endpoint, payload

    def _check_vapid(self, subscriber, authorization):
        scheme, _, params = authorization.partition(" ")
        fields = dict(part.strip().split("=", 1) for part in params.split(",") if "=" in part)
        if scheme.lower() != "vapid" or "t" not in fields or "k" not in fields:
            raise Refused(401, "vapid t=...,k=... authorization expected")
        jwt, key = fields["t"], fields["k"]
        if subscriber.server_key and key != subscriber.server_key:
            raise Refused(403, "not the application server key of the subscription")
        if self._verified.get((jwt, key), 0) > time.time():
            return
        try:
            header_b64, claims_b64, signature_b64 = jwt.split(".")
            header = json.loads(b64url_decode(header_b64))
            claims = json.loads(b64url_decode(claims_b64))
            signature = b64url_decode(signature_b64)
            public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(),
                                                                  b64url_decode(key))
            public.verify(encode_dss_signature(int.from_bytes(signature[:32], "big"),
                                               int.from_bytes(signature[32:], "big")),
                          f"{header_b64}.{claims_b64}".encode(), ec.ECDSA(hashes.SHA256()))
        except (ValueError, InvalidSignature) as error:
            raise Refused(401, f"bad VAPID token: {type(error).__name__}") from error
        if header.get("alg") != "ES256" or len(signature) != 64:
            raise Refused(401, "ES256 expected")
        if claims.get("aud") != self.origin:
            raise Refused(401, f"aud {claims.get('aud')!r} is not {self.origin}")
        exp = claims.get("exp")
        if not isinstance(exp, int) or not time.time() < exp <= time.time() + 86400:
            raise Refused(401, "exp missing, past, or more than 24 h ahead")
        if not str(claims.get("sub", "")).startswith(("mailto:", "https:")):
            raise Refused(401, "sub must be a mailto: or https: contact")
        self._verified[(jwt, key)] = exp

    async def _hold(self):
        """Wait here if pushes are being held; True if this push is to be dropped."""
        with self.lock:
            limit = self._hold_after
            if limit is None or self.admitted < limit:
                self.admitted += 1
                return False
            self.held += 1
        self.holding.set()
        await self._released.wait()
        return self._drop_held

    def _control(self, path, body):
        """The bench's remote control (the service runs in a process of its own)."""
        request = json.loads(body or b"{}")
        if path == "/_control/subscribe":
            answer = [self.subscribe(request.get("server_key")).info()
                      for _ in range(int(request["count"]))]
        elif path == "/_control/received":
            with self.lock:
                answer = {"refused": len(self.refused), "received": [
                    [r["endpoint"], r["at"], r["payload"].get("tag")] for r in self.received]}
        else:
            return 404, b"", {}
        return 200, json.dumps(answer).encode(), {"Content-Type": "application/json"}


def _response(status, body, headers):
    reason = HTTPStatus(status).phrase
    lines = [f"HTTP/1.1 {status} {reason}", f"Content-Length: {len(body)}",
             *(f"{name}: {value}" for name, value in headers.items()), "", ""]
    return "\r\n".join(lines).encode("latin-1") + body


def _token(endpoint):
    return urlsplit(endpoint).path.rsplit("/", 1)[-1]


class ControlClient:
    """Drives a loopback push service in another process (the bench)."""

    def __init__(self, origin):
        self.origin = origin

    def _post(self, path, data):
        import requests

        response = requests.post(self.origin + path, json=data, timeout=600)
        response.raise_for_status()
        return response.json()

    def subscribe(self, count, server_key=None):
        return self._post("/_control/subscribe", {"count": count, "server_key": server_key})

    def received(self):
        return self._post("/_control/received", {})


def main(argv):
    port = int(argv[0]) if argv else 0
    service = LoopbackPushService(port)
    print(f"listening on {service.origin} (pid {os.getpid()})", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        service.serve_forever()


if __name__ == "__main__":
    main(sys.argv[1:])
