"""Real `dateline` processes for the operators' tests: a data directory, migrated and with
its static files collected (once per test session, then copied for each test), and the
environment of the demo or of production on it.

Uses ``dateline/health/tests/fault.py`` for running commands and services and polling.
"""

import atexit
import http.client
import os
import re
import shutil
import tempfile
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from dateline.health.tests.fault import SECRET, dateline

_prepared = {}
# The variables a test's `dateline` must not inherit from the shell that runs the tests.
FOREIGN = ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DATABASE_REPLICA_URLS", "REDIS_URL",
           "SECRET_KEY", "DATELINE_BASE_URL", "HOST", "PORT", "WEB_CONCURRENCY",
           "DATELINE_SERVER", "DATELINE_ADMIN_PASSWORD", "DATELINE_DEMO_EMPTY",
           "DATELINE_PAGE_CACHE", "DATELINE_VARNISH_URL", "EMAIL_HOST")


def environment(settings, data_dir, **extra):
    """The environment of a `dateline` process with ``settings`` (demo or production) on
    ``data_dir``'s SQLite database; production as on a real machine but over plain http."""
    env = {key: value for key, value in os.environ.items() if key not in FOREIGN}
    env.update(DJANGO_SETTINGS_MODULE=f"dateline.settings.{settings}",
               DATELINE_DATA_DIR=str(data_dir), PYTHONUNBUFFERED="1", LOG_LEVEL="INFO")
    if settings == "production":
        env.update(SECRET_KEY=SECRET, SECURE_SSL_REDIRECT="0",
                   ALLOWED_HOSTS="127.0.0.1,localhost")
    env.update({key: str(value) for key, value in extra.items()})
    return env


def prepared_data_dir(destination):
    """``destination`` holding a migrated SQLite database and collected static files; the
    first call of the session makes them (about 20 s), later ones copy."""
    if "template" not in _prepared:
        template = Path(tempfile.mkdtemp(prefix="dateline-live-template-")) / "data"
        atexit.register(shutil.rmtree, template.parent, ignore_errors=True)
        env = environment("demo", template)
        dateline(env, "migrate", "-v", "0")
        dateline(env, "collectstatic", "--noinput", "-v", "0")
        (template / "secret_key").unlink()  # each copy makes its own
        _prepared["template"] = template
    shutil.copytree(_prepared["template"], destination, dirs_exist_ok=True)
    return Path(destination)


def get(port, path, headers=None):
    """(status, headers, body text) of one GET on a fresh connection."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path, headers={"Connection": "close", **(headers or {})})
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode()
    finally:
        connection.close()


def answers(port):
    try:
        return get(port, "/healthz")[0] in (200, 503)
    except OSError:
        return False


class SignIn:
    """A sign-in POST to /admin/login/ with the CSRF cookie and token of its own GET, sent
    in two parts on its own connection: ``begin()`` sends the request line and a first
    header, ``finish()`` the rest; between the two, the server process that accepted the
    connection waits for it (a gunicorn sync worker takes no other)."""

    def __init__(self, port, username, password):
        status, headers, body = get(port, "/admin/login/")
        assert status == 200, status
        cookies = SimpleCookie()
        for header in headers.get_all("Set-Cookie") or []:
            cookies.load(header)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
        form = urlencode({"username": username, "password": password,
                          "csrfmiddlewaretoken": token, "next": "/admin/"}).encode()
        cookie = "; ".join(f"{name}={morsel.value}" for name, morsel in cookies.items())
        self.rest = (f"Content-Type: application/x-www-form-urlencoded\r\n"
                     f"Content-Length: {len(form)}\r\nCookie: {cookie}\r\n"
                     f"Connection: close\r\n\r\n").encode() + form
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def begin(self):
        self.connection.connect()
        self.connection.sock.sendall(b"POST /admin/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        return self

    def finish(self):
        """(status, signed in): 302 with a session cookie is a sign-in; 200 a wrong
        password; 429 a lock."""
        self.connection.sock.sendall(self.rest)
        response = http.client.HTTPResponse(self.connection.sock, method="POST")
        response.begin()
        response.read()
        self.connection.close()
        signed_in = any(header.startswith("sessionid=")
                        for header in response.headers.get_all("Set-Cookie") or [])
        return response.status, signed_in


def accept_queue(port):
    """Connections waiting in the listening socket's accept queue (Linux: rx_queue of the
    LISTEN entry in /proc/net/tcp), or None when it cannot be read."""
    try:
        lines = Path("/proc/net/tcp").read_text().splitlines()[1:]
    except OSError:
        return None
    waiting = None
    for line in lines:
        fields = line.split()
        if fields[1].endswith(f":{port:04X}") and fields[3] == "0A":
            waiting = (waiting or 0) + int(fields[4].split(":")[1], 16)
    return waiting


def wait_until_accepted(port, timeout=10.0):
    """Until no connection waits to be accepted (each begun request is in a process)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        waiting = accept_queue(port)
        if waiting is None:
            time.sleep(1.0)
            return
        if waiting == 0:
            time.sleep(0.1)  # accepted and reading: the worker is committed to it
            return
        time.sleep(0.02)
    raise AssertionError("connections still waiting to be accepted")
