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

import base64
import contextlib
import json
import os
import secrets
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
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
    def __init__(self, port=0):
        self.subscribers = {}  # token -> Subscriber
        self.received = []  # {"endpoint", "payload", "headers", "at"}
        self.refused = []  # (endpoint, status, reason)
        self.gone, self.throttle_once = set(), set()
        self.lock = threading.Lock()
        self._verified = {}  # (token, key) -> exp: a JWT checked once need not be again
        self._hold_after = None
        self.held = self.admitted = 0
        self.holding = threading.Event()  # set when the first push is held
        self._release = threading.Event()
        self._drop_held = False
        self.server = ThreadingHTTPServer(("127.0.0.1", port), _handler(self))
        self.server.daemon_threads = True
        self.server.request_queue_size = 128
        self.thread = None

    @property
    def origin(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}"

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
        self._release.set()

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

    def start(self):
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True,
                                       name="loopback-push-service")
        self.thread.start()
        return self

    def stop(self):
        self.release()
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def accept(self, path, headers, body):
        """Check and decrypt one push; return the subscriber's endpoint, or raise Refused."""
        token = path.rsplit("/", 1)[-1]
        subscriber = self.subscribers.get(token)
        if subscriber is None or not path.startswith("/push/"):
            raise Refused(404, "no such subscription")
        if token in self.gone:
            raise Refused(410, "subscription expired")
        if token in self.throttle_once:
            self.throttle_once.discard(token)
            raise Refused(429, "slow down")
        self._check_vapid(token, subscriber, headers.get("Authorization", ""))
        if headers.get("TTL") is None or not headers["TTL"].isdigit():
            raise Refused(400, "TTL header missing")
        if headers.get("Content-Encoding") != "aes128gcm":
            raise Refused(415, "aes128gcm expected")
        try:
            plain = subscriber.decrypt(body)
            payload = json.loads(plain)
        except Exception as error:  # noqa: BLE001 (any failure to decrypt is the sender's)
            raise Refused(400, f"cannot decrypt: {type(error).__name__}: {error}") from error
        return subscriber.endpoint, payload

    def _check_vapid(self, token, subscriber, authorization):
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

    def hold(self):
        """Wait here if pushes are being held; True if this push is to be dropped."""
        with self.lock:
            limit = self._hold_after
            if limit is None or self.admitted < limit:
                self.admitted += 1
                return False
            self.held += 1
        self.holding.set()
        self._release.wait()
        return self._drop_held


def _token(endpoint):
    return urlsplit(endpoint).path.rsplit("/", 1)[-1]


def _handler(service):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as push services speak

        def log_message(self, *args):
            pass

        def do_POST(self):  # noqa: N802 (http.server's name)
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if self.path.startswith("/_control/"):
                return self._control(body)
            if service.hold():
                self.close_connection = True
                with contextlib.suppress(OSError):
                    self.connection.shutdown(2)
                return None
            try:
                endpoint, payload = service.accept(self.path, self.headers, body)
            except Refused as refusal:
                with service.lock:
                    service.refused.append((self.path, refusal.status, refusal.reason))
                return self._answer(refusal.status, refusal.reason.encode())
            with service.lock:
                service.received.append({"endpoint": endpoint, "payload": payload,
                                         "headers": {k.lower(): v for k, v in self.headers.items()},
                                         "at": time.time()})
            return self._answer(201, b"", location=f"{service.origin}/message/"
                                f"{secrets.token_urlsafe(8)}")

        def _answer(self, status, body, location=None, kind="text/plain"):
            self.send_response(status)
            if location:
                self.send_header("Location", location)
            if status == 429:
                self.send_header("Retry-After", "1")
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _control(self, body):
            """The bench's remote control (the service runs in a process of its own)."""
            request = json.loads(body or b"{}")
            if self.path == "/_control/subscribe":
                made = [service.subscribe(request.get("server_key")).info()
                        for _ in range(int(request["count"]))]
                answer = made
            elif self.path == "/_control/received":
                with service.lock:
                    answer = {"refused": len(service.refused), "received": [
                        [r["endpoint"], r["at"], r["payload"].get("tag")]
                        for r in service.received]}
            else:
                return self._answer(404, b"")
            return self._answer(200, json.dumps(answer).encode(), kind="application/json")

    return Handler


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
    try:
        service.server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main(sys.argv[1:])
