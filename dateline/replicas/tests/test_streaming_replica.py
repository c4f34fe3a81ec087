"""The router against a real PostgreSQL primary and a real streaming standby on loopback.

The module starts its own two servers in a temporary directory (never the machine's
cluster): initdb a primary, pg_basebackup -R a standby from it, wait until it streams.
scenario.py then runs Django against them in its own process and reports what each kind of
client saw while replay on the standby was paused, which makes every read from the standby
visibly stale. Both servers are stopped and deleted at the end, whatever happened.

As root (CI) the servers run as the ``postgres`` OS user, since initdb refuses root.
"""

import contextlib
import json
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

TOOLS = ("initdb", "pg_ctl", "pg_basebackup", "postgres")


def _server_bin():
    """A directory holding all the server tools: on PATH, else the newest Debian install."""
    found = [Path(path).resolve().parent for path in map(shutil.which, TOOLS) if path]
    debian = sorted(Path("/usr/lib/postgresql").glob("*/bin"),
                    key=lambda path: int(path.parent.name) if path.parent.name.isdigit() else 0,
                    reverse=True)
    for directory in [*found, *debian]:
        if all((directory / tool).is_file() for tool in TOOLS):
            return directory
    return None


BIN = _server_bin()
pytestmark = pytest.mark.skipif(
    BIN is None, reason="PostgreSQL server binaries (initdb, pg_ctl, pg_basebackup) not found "
                        "on PATH or in /usr/lib/postgresql/*/bin")


class Servers:
    def __init__(self, base):
        self.base = base
        self.as_postgres = os.geteuid() == 0
        self.primary_port = self.standby_port = None

    def run(self, tool, *args, timeout=120):
        command = [str(BIN / tool), *map(str, args)]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, cwd=self.base, capture_output=True, text=True,
                                timeout=timeout)
        if result.returncode:
            pytest.fail(f"{' '.join(command)} failed ({result.returncode}):\n"
                        f"{result.stdout}{result.stderr}{self._logs()}")
        return result

    def _logs(self):
        return "".join(f"\n--- {log.name}\n{log.read_text(errors='replace')[-3000:]}"
                       for log in sorted(self.base.glob("*.log")))

    def start(self, name):
        self.run("pg_ctl", "-D", self.base / name, "-l", self.base / f"{name}.log",
                 "-w", "-t", "60", "start")

    def stop(self, name):
        data = self.base / name
        if not (data / "postmaster.pid").exists():
            return
        with contextlib.suppress(Exception):
            self.run("pg_ctl", "-D", data, "-m", "immediate", "-w", "-t", "30", "stop")
        pid_file = data / "postmaster.pid"
        if pid_file.exists():  # pg_ctl could not stop it: end that one process
            with contextlib.suppress(Exception):
                os.kill(int(pid_file.read_text().split()[0]), signal.SIGKILL)

    def start_on_free_port(self, name, settings):
        """Start the server on a free loopback port (another one if that is taken meanwhile)."""
        for attempt in range(3):
            port = _free_port()
            with open(self.base / name / "postgresql.conf", "a") as conf:
                conf.write(f"\nport = {port}\nlisten_addresses = '127.0.0.1'\n"
                           f"unix_socket_directories = '{self.base}'\n{settings}")
            try:
                self.start(name)
                return port
            except pytest.fail.Exception:
                if attempt == 2:
                    raise
        return None

    def query(self, port, sql, dbname="postgres"):
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=port, user="postgres", dbname=dbname,
                             autocommit=True, connect_timeout=10) as connection:
            rows = connection.execute(sql)
            return rows.fetchone() if rows.description else None


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(what, check, timeout=60):
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.1)


@pytest.fixture(scope="module")
def servers():
    """A primary and a streaming standby of it, each on a free loopback port."""
    # As root, in /tmp itself: the postgres user must be able to reach the directory.
    base = Path(tempfile.mkdtemp(prefix="dateline-replicas-",
                                 dir="/tmp" if os.geteuid() == 0 else None))  # noqa: S108 (mkdtemp: private)
    servers = Servers(base)
    try:
        if servers.as_postgres:
            try:
                account = pwd.getpwnam("postgres")
            except KeyError:
                pytest.fail("running as root, and there is no 'postgres' user to run "
                            "PostgreSQL as (initdb refuses root)")
            os.chown(base, account.pw_uid, account.pw_gid)
        servers.run("initdb", "-D", base / "primary", "-U", "postgres", "--auth=trust",
                    "--encoding=UTF8", "--locale=C", "--no-sync")
        servers.primary_port = servers.start_on_free_port(
            "primary", "wal_level = replica\nmax_wal_senders = 4\nfsync = off\n"
                       "full_page_writes = off\nshared_buffers = 32MB\n")
        servers.run("pg_basebackup", "-h", "127.0.0.1", "-p", servers.primary_port,
                    "-U", "postgres", "-D", base / "standby", "-R", "-X", "stream",
                    "-c", "fast")
        servers.standby_port = servers.start_on_free_port("standby", "hot_standby = on\n")
        _wait("the standby to stream from the primary", lambda: servers.query(
            servers.primary_port,
            "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'")[0] == 1)
        assert servers.query(servers.standby_port, "SELECT pg_is_in_recovery()")[0]
        servers.query(servers.primary_port, "CREATE DATABASE dateline")
        yield servers
    finally:
        servers.stop("standby")
        servers.stop("primary")
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="module")
def seen(servers):
    """What scenario.py observed; it fails here, with its output, if it crashed."""
    environment = {key: value for key, value in os.environ.items()
                   if key not in ("DATABASE_URL", "DATABASE_REPLICA_URLS", "REDIS_URL")}
    environment.update(
        DJANGO_SETTINGS_MODULE="dateline.settings.test",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{servers.primary_port}/dateline",
        DATABASE_REPLICA_URLS=f"postgres://postgres@127.0.0.1:{servers.standby_port}/dateline",
    )
    result = subprocess.run([sys.executable, "-m", "dateline.replicas.tests.scenario"],
                            env=environment, capture_output=True, text=True, timeout=600,
                            cwd=Path(__file__).parents[3])
    assert result.returncode == 0, f"{result.stdout}\n{result.stderr}"
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_standby_is_a_streaming_replica(servers):
    """The standby is in recovery and refuses writes."""
    import psycopg

    assert servers.query(servers.standby_port, "SELECT pg_is_in_recovery()")[0]
    with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
        servers.query(servers.standby_port, "CREATE TABLE t (id int)")


def test_anonymous_reads_come_from_the_replica(seen):
    """While replay is paused, the anonymous public cannot see an article published since."""
    assert seen["first_anonymous"] == 200
    assert seen["second_on_replica"] is False
    assert seen["second_anonymous"] == 404
    assert seen["second_head_anonymous"] == 404
    assert seen["second_other_anonymous"] == 404
    assert seen["probe"]["before"] == {"alias": "replica1", "standby": True,
                                       "sees_second": False}


def test_signed_in_readers_and_code_outside_requests_read_the_primary(seen):
    """A signed-in editor, and the worker or a command, see the article at once."""
    assert seen["second_signed_in"] == 200
    assert seen["second_outside_request_on_primary"] is True


def test_writes_go_to_the_primary_and_so_does_the_rest_of_that_request(seen):
    """A write in an anonymous request lands on the primary; later reads in it see the primary."""
    assert seen["probe"]["write_alias"] == "default"
    assert seen["probe_author_on_primary"] is True
    assert seen["probe_author_on_replica"] is False
    assert seen["probe"]["after"] == {"alias": "default", "standby": False, "sees_second": True}


def test_a_client_that_wrote_is_pinned_to_the_primary_for_a_few_seconds(seen):
    """The writer sees the new article while pinned, and reads from the replica after."""
    assert seen["probe_pin_max_age"] == 5
    assert seen["second_pinned_writer"] == 200
    assert (seen["logout_status"], seen["logout_pinned"]) == (200, True)
    assert seen["second_after_logout"] == 200
    assert seen["second_pin_expired"] == 404


def test_the_replica_catches_up_once_replay_resumes(seen):
    """The 404s were lag: once the standby replays, the anonymous public sees the article."""
    assert seen["second_anonymous_after_replay"] == 200


def test_migrations_run_on_the_primary_and_reach_the_replica_by_replication(seen):
    """migrate never opens the replica; the replica has the schema through streaming."""
    assert seen["migrate_opened_replica"] is False
    assert seen["migrations_on_primary"] > 50
    assert seen["migrations_on_replica"] == seen["migrations_on_primary"]
