"""Fault injection for the tests: servers of their own, the real `dateline` command, polling.

Every server here is the tests' own: Redis and PostgreSQL on a free loopback port with
their files in a temporary directory, started, stopped and killed by the test and always
removed afterwards (the machine's shared PostgreSQL and Redis are never touched).
Subprocesses run the real `dateline` command with production settings.
"""

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import pytest

SECRET = "fault-tests-" + "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP"
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, timeout=60.0, interval=0.05, message="condition"):
    """Poll ``predicate`` until it returns something true; return that, or fail at timeout."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {message}")
        time.sleep(interval)


def _port_open(port):
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
        return True
    return False


# -- Redis -----------------------------------------------------------------------------

class RedisServer:
    """A redis-server of the test's own; ``kill()`` and ``start()`` again on the same port."""

    def __init__(self, directory):
        if not os.path.exists(REDIS_SERVER):
            pytest.skip("redis-server is not installed")
        self.directory = Path(directory)
        self.port = free_port()
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        log = open(self.directory / "redis.log", "ab")  # noqa: SIM115 (closed in kill())
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.directory), "--daemonize", "no"],
            stdout=log, stderr=subprocess.STDOUT)
        self._log = log
        wait_for(self.answers, timeout=30, message=f"redis on port {self.port}")

    def answers(self):
        import redis

        with contextlib.suppress(redis.RedisError), redis.Redis(
                port=self.port, socket_timeout=0.5, socket_connect_timeout=0.5) as client:
            return client.ping()
        return False

    def kill(self):
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(30)
            self._log.close()
        self.process = None


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.kill()


# -- PostgreSQL ------------------------------------------------------------------------

def _postgres_bin(name):
    for directory in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (directory / name).exists():
            return str(directory / name)
    found = shutil.which(name) or f"/usr/local/bin/{name}"
    if not os.path.exists(found):
        pytest.skip(f"PostgreSQL's {name} is not installed")
    return found


def _as_postgres(*command, **kwargs):
    """Run a PostgreSQL server program as the postgres OS user (initdb refuses root)."""
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run([*prefix, *command], check=True, capture_output=True, text=True,
                          timeout=120, **kwargs)


class PostgresServer:
    """A PostgreSQL cluster of the test's own in a temporary directory, on a free port."""

    def __init__(self):
        self.directory = Path(tempfile.mkdtemp(prefix="dateline-fault-pg-"))
        self.data = self.directory / "data"
        self.port = free_port()
        try:
            if os.geteuid() == 0:
                shutil.chown(self.directory, "postgres", "postgres")
            _as_postgres(_postgres_bin("initdb"), "-D", str(self.data), "-U", "postgres",
                         "-A", "trust", "--no-sync", "-E", "UTF8", "--locale", "C")
        except BaseException:
            shutil.rmtree(self.directory, ignore_errors=True)
            raise

    def url(self, database):
        return f"postgres://postgres@127.0.0.1:{self.port}/{quote(database)}"

    def start(self):
        options = (f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 "
                   "-c fsync=off -c max_connections=40")
        _as_postgres(_postgres_bin("pg_ctl"), "-D", str(self.data), "-l",
                     str(self.directory / "server.log"), "-o", options, "-w", "-t", "60",
                     "start")
        wait_for(lambda: _port_open(self.port), timeout=60, message="own PostgreSQL")

    def stop(self, mode="fast"):
        """``mode="immediate"`` is a crash: no checkpoint, clients cut off."""
        _as_postgres(_postgres_bin("pg_ctl"), "-D", str(self.data), "-m", mode, "-w",
                     "-t", "60", "stop")

    def is_running(self):
        return (self.data / "postmaster.pid").exists()

    def sql(self, statement, database="postgres"):
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user="postgres",
                             dbname=database, autocommit=True, connect_timeout=10) as conn:
            cursor = conn.execute(statement)
            return cursor.fetchall() if cursor.description else None

    def destroy(self):
        with contextlib.suppress(Exception):
            if self.is_running():
                self.stop("immediate")
        shutil.rmtree(self.directory, ignore_errors=True)


@pytest.fixture(scope="module")
def postgres_server():
    """One own PostgreSQL for the module (initdb is the slow part); tests make databases."""
    server = PostgresServer()
    try:
        server.start()
        yield server
    finally:
        server.destroy()


# -- the `dateline` command --------------------------------------------------------------

def dateline_env(data_dir, database_url, **extra):
    """The environment of a production `dateline` process on the test's database."""
    env = {key: value for key, value in os.environ.items()
           if key not in ("DJANGO_SETTINGS_MODULE", "REDIS_URL", "DATABASE_URL",
                          "DATABASE_REPLICA_URLS")}
    env.update(DJANGO_SETTINGS_MODULE="dateline.settings.production", SECRET_KEY=SECRET,
               DATELINE_DATA_DIR=str(data_dir), DATABASE_URL=database_url,
               SECURE_SSL_REDIRECT="0", ALLOWED_HOSTS="127.0.0.1,localhost",
               DATELINE_BASE_URL="http://127.0.0.1:8000",
               PYTHONUNBUFFERED="1", LOG_LEVEL="INFO")
    env.update({key: str(value) for key, value in extra.items()})
    return env


def dateline(env, *args, timeout=300):
    """Run `dateline ARGS` to the end; fail with its output if it fails."""
    result = subprocess.run([sys.executable, "-m", "dateline.cli", *args], env=env,
                            capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"dateline {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
    return result


def dateline_python(env, code, timeout=300):
    """Run Python in a configured `dateline shell`; return what it printed last, as JSON."""
    result = dateline(env, "shell", "-c", code, timeout=timeout)
    return json.loads(result.stdout.strip().splitlines()[-1])


def database_url(settings_dict):
    """A DATABASE_URL for another process to reach the database of ``settings_dict``."""
    if settings_dict["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{settings_dict['NAME']}"
    user = quote(settings_dict.get("USER") or "")
    password = settings_dict.get("PASSWORD")
    credentials = f"{user}:{quote(password)}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{credentials}{host}:{port}/{quote(settings_dict['NAME'])}"


class Service:
    """A long-running `dateline` process (worker, web server) with its output in a file."""

    def __init__(self, env, *args, log_path):
        self.log_path = Path(log_path)
        self._log = open(self.log_path, "ab")  # noqa: SIM115 (closed in stop())
        self.process = subprocess.Popen([sys.executable, "-m", "dateline.cli", *args],
                                        env=env, stdout=self._log, stderr=subprocess.STDOUT,
                                        start_new_session=True)

    @property
    def pid(self):
        return self.process.pid

    def alive(self):
        return self.process.poll() is None

    def log(self):
        return self.log_path.read_text(errors="replace")

    def kill(self):
        """SIGKILL, as the OOM killer or a pulled plug would: no cleanup at all."""
        if self.alive():
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(30)

    def stop(self, timeout=30):
        if self.alive():
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(30)
        self._log.close()


@contextlib.contextmanager
def service(env, *args, log_path):
    running = Service(env, *args, log_path=log_path)
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def migrated_data(transactional_db):
    """What the migrations made, for a transactional test after another one's flush.

    A transactional test ends by emptying every table, taking the migrations' data with it
    (roles, the review workflow, the root collection); a later transactional test that needs
    them gets them back here.
    """
    from django.apps import apps
    from wagtail.models import Collection

    from dateline.newsroom.roles import setup_newsroom_roles

    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    setup_newsroom_roles(apps, None)
