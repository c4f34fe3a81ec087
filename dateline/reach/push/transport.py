"""A keep-alive HTTP/1.1 connection per push service origin, for one sending thread.

pywebpush posts through whatever it is given as ``requests_session`` (anything with
``post(url, data=, headers=, timeout=)``). A ``requests.Session`` spends more time on each
push than the encryption does (it merges proxy settings from the environment, builds and
prepares a request, wraps the answer); measured on the push bench, this plain
``http.client`` connection sends about twice as many pushes a second from the same CPU
(docs/reach-push.md). Push services answer small, never redirect and speak HTTP/1.1
keep-alive, which is all this does. https is verified against the system's CA store.
Proxies from the environment are not used.
"""

import http.client
import ssl
from urllib.parse import urlsplit

_TLS = None


def _tls():
    global _TLS
    if _TLS is None:
        _TLS = ssl.create_default_context()
    return _TLS


class Answer:
    """The little of ``requests.Response`` that a push needs."""

    def __init__(self, status, reason, headers, body):
        self.status_code, self.reason, self.headers = status, reason, headers
        self.content = body

    @property
    def text(self):
        return self.content.decode("utf-8", "replace")


class Connections:
    """One thread's connections, one per origin; reopened once when a kept one has closed."""

    def __init__(self):
        self._open = {}

    def post(self, url, data=None, headers=None, timeout=None):
        parts = urlsplit(url)
        origin = (parts.scheme, parts.hostname, parts.port)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        for attempt in (1, 2):
            connection = self._connection(origin, timeout)
            reused = getattr(connection, "_dateline_used", False)
            try:
                connection.request("POST", path or "/", body=data or b"", headers=dict(headers or {}))
                response = connection.getresponse()
                body = response.read()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self._close(origin)
                if reused and attempt == 1:
                    continue  # the service closed an idle connection: once more, on a new one
                raise
            except Exception:
                self._close(origin)
                raise
            connection._dateline_used = True
            if response.will_close:
                self._close(origin)
            return Answer(response.status, response.reason, dict(response.getheaders()), body)
        raise AssertionError("unreachable")

    def _connection(self, origin, timeout):
        connection = self._open.get(origin)
        if connection is None:
            scheme, host, port = origin
            seconds = max(timeout) if isinstance(timeout, tuple) else timeout
            if scheme == "https":
                connection = http.client.HTTPSConnection(host, port, timeout=seconds,
                                                         context=_tls())
            else:
                connection = http.client.HTTPConnection(host, port, timeout=seconds)
            self._open[origin] = connection
        return connection

    def _close(self, origin):
        connection = self._open.pop(origin, None)
        if connection is not None:
            connection.close()

    def close(self):
        for origin in list(self._open):
            self._close(origin)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
