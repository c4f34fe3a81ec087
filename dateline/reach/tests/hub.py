"""A WebSub hub on loopback for the tests: it takes publish notifications as public hubs do
(form-encoded ``hub.mode=publish`` with ``hub.url``), answers 204, records each one and,
when asked to, fetches the feed it names at once, as a hub does before telling
subscribers, keeping what it read."""

import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs


class Hub:
    def __init__(self, fetch=False, status=204):
        self.fetch, self.status = fetch, status
        self.pings = []  # (hub.mode, [hub.url, ...], content type)
        self.fetched = {}  # feed url -> body
        self.received = threading.Condition()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_port}/hub"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def urls(self):
        return [url for _mode, urls, _type in self.pings for url in urls]

    def wait_for(self, count, timeout=10):
        with self.received:
            return self.received.wait_for(lambda: len(self.pings) >= count, timeout)

    def _handler(self):
        hub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                form = parse_qs(self.rfile.read(length).decode())
                urls = form.get("hub.url", [])
                if hub.fetch and hub.status < 300:
                    for url in urls:
                        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310
                            hub.fetched[url] = response.read().decode()
                # Recorded before the answer: the sender goes on (and a test looks) as soon
                # as it reads the status.
                with hub.received:
                    hub.pings.append((form.get("hub.mode", [""])[0], urls,
                                      self.headers.get("Content-Type", "")))
                    hub.received.notify_all()
                self.send_response(hub.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        return Handler
