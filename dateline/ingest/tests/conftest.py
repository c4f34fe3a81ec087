"""A web server on loopback for fetch tests, and small valid pictures."""

import io
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from PIL import Image as PILImage


def jpeg_bytes(size=(64, 48), color=(200, 30, 30)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, color).save(buffer, "JPEG")
    return buffer.getvalue()


class Route:
    def __init__(self, body=b"", status=200, headers=None, delay=0.0, chunks=None):
        self.body, self.status, self.headers = body, status, dict(headers or {})
        self.delay, self.chunks = delay, chunks


class LoopbackServer:
    """Serves ``routes`` (path -> Route) on 127.0.0.1 in a thread; counts the requests."""

    def __init__(self):
        self.routes = {}
        self.requests = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                server.requests.append((self.path, dict(self.headers)))
                route = server.routes.get(self.path)
                if route is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if route.delay:
                    time.sleep(route.delay)
                self.send_response(route.status)
                for name, value in route.headers.items():
                    self.send_header(name, value)
                if route.chunks is not None:
                    self.send_header("Transfer-Encoding", "chunked")
                    self.end_headers()
                    for chunk in route.chunks:
                        self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                    self.wfile.write(b"0\r\n\r\n")
                    return
                if "Content-Length" not in route.headers:
                    self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                self.wfile.write(route.body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever,
                                       kwargs={"poll_interval": 0.02}, daemon=True)

    def url(self, path, host="127.0.0.1"):
        return f"http://{host}:{self.port}{path}"

    def serve(self, path, body=b"", **kwargs):
        self.routes[path] = Route(body, **kwargs)
        return self.url(path)


@pytest.fixture
def server():
    """A loopback web server; the fetch guard must be told to allow loopback to reach it."""
    instance = LoopbackServer()
    instance.thread.start()
    yield instance
    instance.httpd.shutdown()
    instance.httpd.server_close()
