"""The shipped reverse proxy in real processes: Varnish (deploy/varnish/dateline.vcl) and the
nginx TLS front (deploy/nginx/dateline.conf).

Two backends stand behind Varnish: a small scripted HTTP server, for what the VCL does with
each kind of response (TTL, grace, stale-if-error, cookies, purges), and the real app in a
live server, for the purge on publish end to end. Needs Debian's ``varnish`` and
``varnish-modules`` (the xkey vmod), and ``nginx`` and ``openssl`` for the TLS front; CI
installs them (``.ci/run``).
"""

import concurrent.futures
import glob
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.test import Client, override_settings

from dateline.newsroom import actions

VCL = Path(__file__).resolve().parents[3] / "deploy" / "varnish" / "dateline.vcl"
VARNISHD = shutil.which("varnishd") or shutil.which("varnishd", path="/usr/sbin:/usr/local/sbin")
HAS_XKEY = bool(glob.glob("/usr/lib/*/varnish/vmods/libvmod_xkey.so")
                + glob.glob("/usr/local/lib/varnish/vmods/libvmod_xkey.so"))

pytestmark = pytest.mark.skipif(
    not (VARNISHD and HAS_XKEY),
    reason="needs varnishd with the xkey vmod (Debian: apt-get install varnish varnish-modules); "
           "CI installs them")


def _free_port(host="127.0.0.1"):
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def vcl_for(host, port):
    """The shipped VCL with its backend pointed at ``host:port``."""
    text = VCL.read_text()
    text, count = re.subn(r'(backend default \{\s*\.host = )"[^"]*";(\s*\.port = )"[^"]*";',
                          rf'\1"{host}";\2"{port}";', text)
    assert count == 1, "the VCL's backend block changed shape; update vcl_for()"
    return text


class Varnish:
    """A varnishd of our own on a free loopback port, stopped by ``stop()``."""

    def __init__(self, backend_port, listen_host="127.0.0.1"):
        self.dir = Path(tempfile.mkdtemp(prefix="dateline-varnish-"))
        self.dir.chmod(0o755)  # run as root, varnishd reads the VCL as its own user
        (self.dir / "dateline.vcl").write_text(vcl_for("127.0.0.1", backend_port))
        self.host, self.port = listen_host, _free_port(listen_host)
        self.log = open(self.dir / "varnishd.log", "wb")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            [VARNISHD, "-F", "-n", str(self.dir / "work"), "-a", f"{self.host}:{self.port}",
             "-f", str(self.dir / "dateline.vcl"), "-s", "malloc,64m", "-T", "none",
             "-p", "http_resp_hdr_len=16k", "-p", "http_resp_size=64k"],
            stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 30
        while True:
            if self.process.poll() is not None:
                output = (self.dir / "varnishd.log").read_text(errors="replace")
                self.stop()
                raise RuntimeError(f"varnishd exited: {output}")
            try:
                socket.create_connection((self.host, self.port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError("varnishd did not start listening within 30 s") from None
                time.sleep(0.1)

    @property
    def url(self):
        return f"http://{self.host}:{self.port}"

    def request(self, method, path, headers=None, source=None):
        """(status, headers as a dict with lower-case names, body) of one request."""
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30,
                                          source_address=(source, 0) if source else None)
        try:
            conn.request(method, path, headers=headers or {})
            response = conn.getresponse()
            body = response.read()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, body
        finally:
            conn.close()

    def get(self, path, headers=None):
        return self.request("GET", path, headers)

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)


class Script:
    """What the scripted backend answers for each path, and what it was asked."""

    def __init__(self):
        self.responses = {}
        self.seen = []  # (path, headers) of every request, in order
        self.lock = threading.Lock()

    def set(self, path, body=b"ok", status=200, headers=None, behaviour=None):
        self.responses[path] = (status, dict(headers or {}), body, behaviour)

    def count(self, path):
        with self.lock:
            return sum(1 for seen_path, _ in self.seen if seen_path == path)

    def last_headers(self, path):
        with self.lock:
            return next(h for p, h in reversed(self.seen) if p == path)


def _handler(script):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            with script.lock:
                script.seen.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
            status, headers, body, behaviour = script.responses.get(
                self.path, (404, {"Cache-Control": "private, no-store"}, b"no such page", None))
            if behaviour == "hang up":
                self.close_connection = True
                return
            if behaviour == "slow":  # long enough for requests to pile up behind it
                time.sleep(0.5)
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_POST = do_GET  # noqa: N815

        def log_message(self, *args):
            pass

    return Handler


@pytest.fixture(scope="module")
def scripted():
    """(varnish, script): the shipped VCL in front of a scripted backend."""
    script = Script()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(script))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    varnish = Varnish(server.server_address[1])
    try:
        yield varnish, script
    finally:
        varnish.stop()
        server.shutdown()
        server.server_close()


PUBLIC = "public, max-age=0, s-maxage=3600, stale-while-revalidate=30, stale-if-error=86400"


def _page(script, path, body=b"v1", control=PUBLIC, keys="site", **extra):
    headers = {"Content-Type": "text/html; charset=utf-8", "Cache-Control": control, **extra}
    if keys:
        headers["xkey"] = keys
    script.set(path, body, headers=headers)


# --- What the VCL does with each kind of response --------------------------------------


def test_public_page_is_stored_and_served_from_cache(scripted):
    """A page marked public with s-maxage is fetched once; the next reader gets a HIT."""
    varnish, script = scripted
    _page(script, "/stored/")
    status, headers, body = varnish.get("/stored/")
    assert (status, headers["x-cache"], body) == (200, "MISS", b"v1")
    status, headers, body = varnish.get("/stored/")
    assert (status, headers["x-cache"], body) == (200, "HIT", b"v1")
    assert script.count("/stored/") == 1


def test_surrogate_keys_never_reach_the_reader(scripted):
    """The xkey header and the VCL's own bookkeeping stay inside Varnish."""
    varnish, script = scripted
    _page(script, "/keys-hidden/", keys="site article-1 list-edition-1")
    for _ in range(2):
        _, headers, _ = varnish.get("/keys-hidden/")
        assert "xkey" not in headers
        assert not [name for name in headers if name.startswith("x-dateline")]


@pytest.mark.parametrize("control", ["private, no-store", "no-cache", None])
def test_responses_not_marked_public_are_not_stored(scripted, control):
    """private, no-store, no-cache or no Cache-Control at all: every request reaches the app."""
    varnish, script = scripted
    path = f"/not-stored-{control}/".replace(" ", "").replace(",", "")
    headers = {"Content-Type": "text/html"}
    if control:
        headers["Cache-Control"] = control
    script.set(path, b"mine", headers=headers)
    for _ in range(3):
        assert varnish.get(path)[0] == 200
    assert script.count(path) == 3


def test_a_render_a_purge_overtook_leaves_no_hit_for_miss(scripted):
    """The page cache's "overtaken" response reaches its reader only; the requests after it
    wait for one fresh render and share it, instead of all going to the app (a built-in
    hit-for-miss would send every one of them there for two minutes)."""
    varnish, script = scripted
    path = "/overtaken/"
    script.set(path, b"old", headers={"Content-Type": "text/html",
                                      "Cache-Control": "private, no-store",
                                      "X-Dateline-Overtaken": "1"})
    status, headers, body = varnish.get(path)
    assert (status, body) == (200, b"old") and "x-dateline-overtaken" not in headers
    script.set(path, b"new", headers={"Content-Type": "text/html", "Cache-Control": PUBLIC,
                                      "xkey": "site"}, behaviour="slow")
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda _: varnish.get(path), range(8)))
    assert [body for _, _, body in answers] == [b"new"] * 8
    assert script.count(path) == 2  # the overtaken render, then one fresh one for all


def test_response_setting_a_cookie_is_not_stored(scripted):
    """A response that sets a cookie is passed on but never served to anyone else."""
    varnish, script = scripted
    _page(script, "/sets-cookie/", **{"Set-Cookie": "sessionid=abc; HttpOnly"})
    varnish.get("/sets-cookie/")
    _, headers, _ = varnish.get("/sets-cookie/")
    assert headers["x-cache"] != "HIT"
    assert script.count("/sets-cookie/") == 2


@pytest.mark.parametrize("headers", [
    {"Cookie": "sessionid=abc"},
    {"Cookie": "theme=dark; csrftoken=xyz"},
    {"Authorization": "Bearer token"},
])
def test_signed_in_requests_pass_with_their_credentials(scripted, headers):
    """The session or CSRF cookie, or Authorization: the app answers, with the credentials."""
    varnish, script = scripted
    _page(script, "/personal/")
    varnish.get("/personal/")  # an anonymous reader stores the public version
    _, response_headers, _ = varnish.get("/personal/", headers)
    assert response_headers["x-cache"] == "PASS"
    sent = script.last_headers("/personal/")
    for name, value in headers.items():
        assert sent[name.lower()] == value


def test_other_cookies_are_stripped_and_the_page_is_cached(scripted):
    """An analytics cookie does not reach the app nor split the cache."""
    varnish, script = scripted
    _page(script, "/with-analytics/")
    varnish.get("/with-analytics/", {"Cookie": "_ga=GA1.2.3"})
    assert "cookie" not in script.last_headers("/with-analytics/")
    _, headers, _ = varnish.get("/with-analytics/", {"Cookie": "_ga=GA1.9.9"})
    assert headers["x-cache"] == "HIT"


def test_admin_and_writes_always_pass(scripted):
    """/admin/ and every method but GET and HEAD go to the app each time."""
    varnish, script = scripted
    _page(script, "/admin/pages/")
    _page(script, "/api/v1/articles")
    for _ in range(2):
        assert varnish.get("/admin/pages/")[1]["x-cache"] == "PASS"
        assert varnish.request("POST", "/api/v1/articles")[1]["x-cache"] == "PASS"
    assert script.count("/admin/pages/") == 2
    assert script.count("/api/v1/articles") == 2


def test_tracking_parameters_do_not_split_the_cache(scripted):
    """Share links with utm_*, fbclid or gclid are the same page; other parameters count."""
    varnish, script = scripted
    _page(script, "/shared/?cursor=2")
    varnish.get("/shared/?cursor=2")
    for path in ("/shared/?utm_source=x&cursor=2", "/shared/?cursor=2&fbclid=abc",
                 "/shared/?gclid=1&cursor=2&utm_medium=social"):
        assert varnish.get(path)[1]["x-cache"] == "HIT", path
    assert script.count("/shared/?cursor=2") == 1


def test_static_files_are_cached(scripted):
    """/static/ and /media/ come from the app once, cookies or not."""
    varnish, script = scripted
    script.set("/static/site.css", b"body{}", headers={
        "Content-Type": "text/css", "Cache-Control": "max-age=315360000, public, immutable"})
    script.set("/media/images/a.jpg", b"jpeg", headers={"Content-Type": "image/jpeg"})
    for path in ("/static/site.css", "/media/images/a.jpg"):
        varnish.get(path, {"Cookie": "_ga=1"})
        assert varnish.get(path, {"Cookie": "_ga=2"})[1]["x-cache"] == "HIT"
        assert script.count(path) == 1


def test_stale_while_revalidate_serves_stale_and_refreshes(scripted):
    """Within stale-while-revalidate the stored copy is served at once and refreshed behind."""
    varnish, script = scripted
    control = "public, max-age=0, s-maxage=1, stale-while-revalidate=60, stale-if-error=60"
    _page(script, "/swr/", b"old", control=control)
    varnish.get("/swr/")
    _page(script, "/swr/", b"new", control=control)
    time.sleep(1.5)
    assert varnish.get("/swr/")[2] == b"old"
    deadline = time.monotonic() + 5
    while varnish.get("/swr/")[2] != b"new":
        assert time.monotonic() < deadline, "the background refresh never landed"
        time.sleep(0.1)


def test_past_stale_while_revalidate_a_healthy_app_is_asked(scripted):
    """The long stale-if-error grace is not served while the app answers."""
    varnish, script = scripted
    control = "public, max-age=0, s-maxage=1, stale-while-revalidate=0, stale-if-error=600"
    _page(script, "/sie-healthy/", b"old", control=control)
    varnish.get("/sie-healthy/")
    _page(script, "/sie-healthy/", b"new", control=control)
    time.sleep(1.5)
    assert varnish.get("/sie-healthy/")[2] == b"new"


@pytest.mark.parametrize("failure", ["500", "hang up"])
def test_stale_if_error_serves_the_stored_copy_when_the_app_fails(scripted, failure):
    """An error from the app, or no answer at all: the expired copy is served instead."""
    varnish, script = scripted
    path = f"/sie-{failure.replace(' ', '-')}/"
    control = "public, max-age=0, s-maxage=1, stale-while-revalidate=0, stale-if-error=600"
    _page(script, path, b"old", control=control)
    varnish.get(path)
    if failure == "500":
        script.set(path, b"error", status=500, headers={"Content-Type": "text/html"})
    else:
        script.set(path, behaviour="hang up")
    time.sleep(1.5)
    status, _, body = varnish.get(path)
    assert (status, body) == (200, b"old")
    assert script.count(path) >= 2  # it did ask the app first


def test_xkey_purge_removes_exactly_the_tagged_objects(scripted):
    """A PURGE with xkey-purge drops every object carrying one of the keys, and only those."""
    varnish, script = scripted
    _page(script, "/purge-a/", keys="site article-101 list-tag-7")
    _page(script, "/purge-b/", keys="site article-102 list-tag-7")
    _page(script, "/purge-c/", keys="site article-103")
    for path in ("/purge-a/", "/purge-b/", "/purge-c/"):
        varnish.get(path)
    status, headers, _ = varnish.request("PURGE", "/", {"xkey-purge": "article-101"})
    assert (status, headers["x-purged"]) == (200, "1")
    assert varnish.get("/purge-a/")[1]["x-cache"] == "MISS"
    assert varnish.get("/purge-b/")[1]["x-cache"] == "HIT"
    varnish.request("PURGE", "/", {"xkey-purge": "list-tag-7 article-999"})
    assert varnish.get("/purge-a/")[1]["x-cache"] == "MISS"
    assert varnish.get("/purge-b/")[1]["x-cache"] == "MISS"
    assert varnish.get("/purge-c/")[1]["x-cache"] == "HIT"


def test_url_purge_removes_the_page(scripted):
    """PURGE /path drops that page, also its HTTPS variant (X-Forwarded-Proto)."""
    varnish, script = scripted
    _page(script, "/by-url/")
    https = {"X-Forwarded-Proto": "https"}
    varnish.get("/by-url/")
    varnish.get("/by-url/", https)
    assert varnish.get("/by-url/", https)[1]["x-cache"] == "HIT"
    assert varnish.request("PURGE", "/by-url/")[0] == 200
    assert varnish.get("/by-url/")[1]["x-cache"] == "MISS"
    assert varnish.get("/by-url/", https)[1]["x-cache"] == "MISS"


def test_purge_through_a_proxy_is_refused(scripted):
    """A PURGE relayed by nginx (X-Forwarded-For names a client) is refused; nothing is purged."""
    varnish, script = scripted
    _page(script, "/relayed/", keys="site article-201")
    varnish.get("/relayed/")
    relayed = {"X-Forwarded-For": "203.0.113.9"}
    assert varnish.request("PURGE", "/", {"xkey-purge": "article-201", **relayed})[0] == 403
    assert varnish.request("PURGE", "/relayed/", relayed)[0] == 403
    assert varnish.get("/relayed/")[1]["x-cache"] == "HIT"


def _can_bind(address):
    try:
        with socket.socket() as sock:
            sock.bind((address, 0))
        return True
    except OSError:
        return False


@pytest.mark.skipif(not (_can_bind("127.0.0.2") and _can_bind("127.0.0.3")),
                    reason="needs the whole 127.0.0.0/8 on loopback (Linux)")
def test_purge_from_outside_the_acl_is_refused():
    """Only 127.0.0.1 and ::1 may purge: from 127.0.0.3 a PURGE is a 403 and the page stays."""
    script = Script()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(script))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    varnish = Varnish(server.server_address[1], listen_host="127.0.0.2")
    try:
        _page(script, "/acl/", keys="site article-301")
        varnish.get("/acl/")
        for method, path, headers in (("PURGE", "/", {"xkey-purge": "article-301"}),
                                      ("PURGE", "/acl/", {})):
            status, _, _ = varnish.request(method, path, headers, source="127.0.0.3")
            assert status == 403
        assert varnish.get("/acl/")[1]["x-cache"] == "HIT"
    finally:
        varnish.stop()
        server.shutdown()
        server.server_close()


# --- nginx in front (deploy/nginx/dateline.conf): TLS, and no PURGE from outside ---------

NGINX_CONF = Path(__file__).resolve().parents[3] / "deploy" / "nginx" / "dateline.conf"
NGINX = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")
OPENSSL = shutil.which("openssl")


def nginx_conf_for(varnish_port, http_port, https_port, cert, key, data_dir):
    """The shipped site configuration on loopback ports, with a test certificate."""
    text = NGINX_CONF.read_text()
    replacements = [
        ("server 127.0.0.1:6081;", f"server 127.0.0.1:{varnish_port};"),
        ("listen 80;", f"listen 127.0.0.1:{http_port};"),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
        ("/etc/letsencrypt/live/news.example.com/fullchain.pem", str(cert)),
        ("/etc/letsencrypt/live/news.example.com/privkey.pem", str(key)),
        ("/srv/dateline/data/", f"{data_dir}/"),
    ]
    for old, new in replacements:
        assert old in text, f"{NGINX_CONF} no longer has {old!r}; update nginx_conf_for()"
        text = text.replace(old, new)
    return re.sub(r"^\s*listen \[::\].*$", "", text, flags=re.MULTILINE)


@pytest.fixture(scope="module")
def nginx_front(scripted):
    """(https port, http port, data dir, script): nginx with the shipped configuration in
    front of the scripted Varnish."""
    if not (NGINX and OPENSSL):
        pytest.skip("needs nginx and openssl (Debian: apt-get install nginx openssl)")
    varnish, script = scripted
    work = Path(tempfile.mkdtemp(prefix="dateline-nginx-"))
    work.chmod(0o755)
    cert, key = work / "cert.pem", work / "key.pem"
    subprocess.run([OPENSSL, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=news.example.com", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    for path in (work / "media" / "images", work / "media" / "documents", work / "scratch"):
        path.mkdir(parents=True)
    (work / "media" / "images" / "photo.jpg").write_bytes(b"jpeg bytes")
    (work / "media" / "documents" / "private.pdf").write_bytes(b"%PDF private")
    http_port, https_port = _free_port(), _free_port()
    (work / "dateline.conf").write_text(
        nginx_conf_for(varnish.port, http_port, https_port, cert, key, work))
    (work / "nginx.conf").write_text(
        f"worker_processes 1;\npid {work}/nginx.pid;\nerror_log {work}/error.log;\n"
        f"events {{}}\nhttp {{\n  access_log off;\n  client_body_temp_path {work}/scratch;\n"
        f"  proxy_temp_path {work}/scratch;\n  fastcgi_temp_path {work}/scratch;\n"
        f"  uwsgi_temp_path {work}/scratch;\n  scgi_temp_path {work}/scratch;\n"
        f"  include {work}/dateline.conf;\n}}\n")
    process = subprocess.Popen(
        [NGINX, "-e", str(work / "error.log"), "-p", str(work), "-c", str(work / "nginx.conf"),
         "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True)
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                socket.create_connection(("127.0.0.1", https_port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((work / "error.log").read_text()) from None
                time.sleep(0.1)
        yield https_port, http_port, script
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=15)
        shutil.rmtree(work, ignore_errors=True)


def _https(port, method, path, headers=None):
    import ssl

    conn = http.client.HTTPSConnection("127.0.0.1", port, timeout=30,
                                       context=ssl._create_unverified_context())  # noqa: S323
    try:
        conn.request(method, path, headers={"Host": "news.example.com", **(headers or {})})
        response = conn.getresponse()
        body = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        conn.close()


def test_nginx_passes_pages_through_varnish_as_https(nginx_front):
    """Through nginx a page is cached by Varnish; the app learns the request was HTTPS and
    the reader's address, and the xkey header stays inside."""
    https_port, _, script = nginx_front
    _page(script, "/via-nginx/", keys="site article-401")
    status, headers, body = _https(https_port, "GET", "/via-nginx/")
    assert (status, body) == (200, b"v1")
    sent = script.last_headers("/via-nginx/")
    assert sent["x-forwarded-proto"] == "https"
    assert sent["x-forwarded-for"].startswith("127.0.0.1")
    assert sent["host"] == "news.example.com"
    status, headers, _ = _https(https_port, "GET", "/via-nginx/")
    assert headers["x-cache"] == "HIT"
    assert "xkey" not in headers


def test_nginx_refuses_purge_from_outside(nginx_front, scripted):
    """PURGE through nginx is a 405 and purges nothing, by URL or by key."""
    https_port, _, script = nginx_front
    varnish, _ = scripted
    _page(script, "/no-outside-purge/", keys="site article-402")
    _https(https_port, "GET", "/no-outside-purge/")
    assert _https(https_port, "PURGE", "/no-outside-purge/")[0] == 405
    assert _https(https_port, "PURGE", "/", {"xkey-purge": "article-402"})[0] == 405
    assert _https(https_port, "GET", "/no-outside-purge/")[1]["x-cache"] == "HIT"


def test_nginx_serves_images_but_not_documents_from_disk(nginx_front):
    """Uploaded images come from the data directory; documents only through the app."""
    https_port, _, _ = nginx_front
    assert _https(https_port, "GET", "/media/images/photo.jpg")[::2] == (200, b"jpeg bytes")
    assert _https(https_port, "GET", "/media/documents/private.pdf")[0] == 404


def test_nginx_redirects_plain_http_to_https(nginx_front):
    """Port 80 only redirects."""
    _, http_port, _ = nginx_front
    conn = http.client.HTTPConnection("127.0.0.1", http_port, timeout=10)
    try:
        conn.request("GET", "/news/x/?a=1", headers={"Host": "news.example.com"})
        response = conn.getresponse()
        response.read()
        assert response.status == 301
        assert response.getheader("Location") == "https://news.example.com/news/x/?a=1"
    finally:
        conn.close()


# --- The app behind it: a publish purges what it changed, and nothing else --------------


@pytest.fixture
def app_varnish(live_server):
    port = int(live_server.url.rsplit(":", 1)[1])
    varnish = Varnish(port)
    try:
        with override_settings(
                WAGTAILFRONTENDCACHE={"varnish": {
                    "BACKEND": "dateline.caching.frontend.VarnishXkeyBackend",
                    "LOCATION": varnish.url}},
                DATELINE_FRONTEND_REPURGE_DELAYS=()):
            yield varnish
    finally:
        varnish.stop()


def test_publish_purges_the_article_through_varnish(app_varnish, main_edition, make_published,
                                                    superuser):
    """An update note through the editorial action shows at once through Varnish; the other
    edition's article stays cached."""
    varnish = app_varnish
    story = make_published("Flood barrier holds", edition=main_edition,
                           lead='Water & wind: "A < B"')
    other = make_published("Bridge reopens")  # Global edition
    story_path, other_path = story.get_absolute_url(), other.get_absolute_url()
    for path in (story_path, other_path):
        first = varnish.get(path)
        assert first[0] == 200, first
        assert first[1]["x-cache"] == "MISS"
        second = varnish.get(path)
        assert second[1]["x-cache"] == "HIT"
        assert "xkey" not in second[1]
    assert "public" in second[1]["cache-control"]

    actions.AddUpdateNoteAction(story, "Barrier & pumps < checked > twice",
                                user=superuser).execute()

    status, headers, body = varnish.get(story_path)
    assert status == 200
    assert headers["x-cache"] == "MISS"
    assert "Barrier &amp; pumps &lt; checked &gt; twice" in body.decode()
    assert varnish.get(story_path)[1]["x-cache"] == "HIT"
    assert varnish.get(other_path)[1]["x-cache"] == "HIT"


def test_new_article_shows_on_the_cached_home_page(app_varnish, main_edition, make_published):
    """The home page cached before a publish shows the new headline right after it."""
    varnish = app_varnish
    make_published("Morning briefing", edition=main_edition)
    varnish.get("/")
    assert varnish.get("/")[1]["x-cache"] == "HIT"
    make_published("Council & mayor < agree >", edition=main_edition)
    status, headers, body = varnish.get("/")
    assert (status, headers["x-cache"]) == (200, "MISS")
    assert "Council &amp; mayor &lt; agree &gt;" in body.decode()


def test_signed_in_reader_is_never_cached(app_varnish, main_edition, make_published, superuser):
    """A request with the session cookie passes, and what it got is not served to others."""
    varnish = app_varnish
    story = make_published("Budget vote tonight", edition=main_edition)
    client = Client()
    client.force_login(superuser)
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    path = story.get_absolute_url()
    for _ in range(2):
        status, headers, _ = varnish.get(path, {"Cookie": cookie})
        assert (status, headers["x-cache"]) == (200, "PASS")
        assert "no-store" in headers["cache-control"]
    assert varnish.get(path)[1]["x-cache"] == "MISS"
