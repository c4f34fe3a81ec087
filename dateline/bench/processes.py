"""The processes a benchmark run starts and always stops: the app server, nginx, Varnish."""

import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
VCL = ROOT / "deploy" / "varnish" / "dateline.vcl"
BIN = Path(sys.executable).parent


def free_port(host="127.0.0.1"):
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def tool(name):
    return shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/local/sbin")


class Process:
    """A child in its own process group, its output in ``log``; ``stop()`` ends the group."""

    def __init__(self, name, argv, log_dir, env=None, cwd=None):
        self.name = name
        self.log_path = Path(log_dir) / f"{name}.log"
        self._log = open(self.log_path, "ab")  # noqa: SIM115 (closed in stop)
        self.popen = subprocess.Popen(argv, stdout=self._log, stderr=subprocess.STDOUT,
                                      env=env, cwd=cwd or ROOT, start_new_session=True)

    @property
    def pid(self):
        return self.popen.pid

    def alive(self):
        return self.popen.poll() is None

    def stop(self):
        if self.alive():
            try:
                os.killpg(self.pid, signal.SIGTERM)
                self.popen.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.pid, signal.SIGKILL)
                self.popen.wait()
            except ProcessLookupError:
                pass
        self._log.close()

    def tail(self, lines=20):
        text = self.log_path.read_text(errors="replace").splitlines()
        return "\n".join(text[-lines:])


def wait_http(process, url, timeout=120, headers=None):
    """Wait until ``url`` answers (any status); fail with the process's log if it died."""
    deadline = time.monotonic() + timeout
    while True:
        if not process.alive():
            raise RuntimeError(f"{process.name} exited:\n{process.tail()}")
        parts = urlsplit(url)
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        try:
            conn.request("GET", parts.path or "/", headers=headers or {})
            conn.getresponse().read()
            return
        except (OSError, http.client.HTTPException):
            if time.monotonic() > deadline:
                raise RuntimeError(f"{process.name} did not answer {url}:\n{process.tail()}") from None
            time.sleep(0.2)
        finally:
            conn.close()


def app_server(kind, port, env, log_dir, workers=None, threads=None):
    """The site as an operator starts it: ``dateline serve`` (``serve``: whatever it runs;
    ``gunicorn``: with ``DATELINE_SERVER=gunicorn``), or for comparison granian with more
    blocking threads or gunicorn's threaded workers."""
    env = {**env, "PORT": str(port), "HOST": "127.0.0.1"}
    if workers:
        env["WEB_CONCURRENCY"] = str(workers)
    if kind == "serve":
        argv = [str(BIN / "dateline"), "serve"]
    elif kind == "gunicorn":
        env["DATELINE_SERVER"] = "gunicorn"
        argv = [str(BIN / "dateline"), "serve"]
    elif kind == "gthread":
        # gunicorn's threaded workers: keep-alive, unlike the sync workers of `dateline serve`.
        workers = workers or 2 * (os.cpu_count() or 1) + 1
        argv = [sys.executable, "-m", "gunicorn", "dateline.wsgi:application",
                "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
                "--worker-class", "gthread", "--threads", str(threads or 4),
                "--access-logfile", "-", "--forwarded-allow-ips", "127.0.0.1"]
    elif kind == "granian":
        workers = workers or (os.cpu_count() or 1) + 1
        argv = [sys.executable, "-m", "granian", "--interface", "wsgi", "--host", "127.0.0.1",
                "--port", str(port), "--workers", str(workers),
                "--blocking-threads", str(threads or 1), "--access-log",
                "dateline.wsgi:application"]
    else:
        raise ValueError(f"unknown app server {kind!r} (serve, gunicorn, gthread or granian)")
    return Process(f"{kind}-{port}", argv, log_dir, env=env)


def descendants(pid):
    """Every process below ``pid``, from /proc."""
    children = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def rss_mb(pid):
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
    return int(match.group(1)) / 1024 if match else None


def worker_rss(server):
    """Resident memory (MB) of each worker of the app server, by pid."""
    pids = descendants(server.pid)
    return {pid: rss for pid in pids if (rss := rss_mb(pid)) is not None}


NGINX_CONF = """\
worker_processes auto;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    open_file_cache max=100 inactive=60s;
    client_body_temp_path {dir}/scratch; proxy_temp_path {dir}/scratch; fastcgi_temp_path {dir}/scratch;
    uwsgi_temp_path {dir}/scratch; scgi_temp_path {dir}/scratch;
    default_type text/html;
    server {{
        listen 127.0.0.1:{port};
        root {dir}/www;
        gzip_static on;
        location / {{ try_files $uri $uri/index.html =404; }}
    }}
}}
"""


def nginx_static(html, port, work_dir, log_dir):
    """nginx serving ``html`` (bytes) at every path, with a gzipped copy, as a static file."""
    import gzip

    work = Path(work_dir) / "nginx"
    (work / "www" / "article").mkdir(parents=True, exist_ok=True)
    (work / "scratch").mkdir(exist_ok=True)
    (work / "www" / "article" / "index.html").write_bytes(html)
    (work / "www" / "article" / "index.html.gz").write_bytes(gzip.compress(html, 6))
    conf = work / "nginx.conf"
    conf.write_text(NGINX_CONF.format(dir=work, port=port))
    return Process("nginx", [tool("nginx"), "-e", str(work / "error.log"), "-p", str(work),
                             "-c", str(conf), "-g", "daemon off;"], log_dir)


def vcl_for(host, port, vcl=VCL):
    """The shipped VCL with its backend pointed at ``host:port``."""
    text, count = re.subn(r'(backend default \{\s*\.host = )"[^"]*";(\s*\.port = )"[^"]*";',
                          rf'\1"{host}";\2"{port}";', vcl.read_text())
    if count != 1:
        raise RuntimeError(f"{vcl}: no `backend default` block with .host and .port")
    return text


def varnish(backend_port, port, work_dir, log_dir, memory="1G", params=()):
    """varnishd with the shipped VCL in front of the app server; ``params``: more
    ``-p name=value`` run-time parameters."""
    work = Path(work_dir) / "varnish"
    work.mkdir(parents=True, exist_ok=True)
    work.chmod(0o755)  # as root, varnishd reads the VCL as its own user
    vcl = work / "dateline.vcl"
    vcl.write_text(vcl_for("127.0.0.1", backend_port))
    vcl.chmod(0o644)
    return Process("varnishd", [tool("varnishd"), "-F", "-n", str(work / "n"),
                                "-a", f"127.0.0.1:{port}", "-f", str(vcl), "-T", "none",
                                "-s", f"malloc,{memory}", "-p", "http_resp_hdr_len=16k",
                                "-p", "http_resp_size=64k",
                                *(arg for param in params for arg in ("-p", param))], log_dir)
