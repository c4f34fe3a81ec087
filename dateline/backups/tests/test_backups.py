"""`dateline backup` and `dateline restore`: everything comes back, and a bad archive is refused.

The round trips run the real commands in subprocesses on databases of their own: a SQLite
file, and a database made on the PostgreSQL server (its pg_dump and pg_restore).
"""

import io
import json
import shutil
import subprocess
import tarfile
import uuid

import pytest
from django.core.management import CommandError, call_command

from dateline.health.tests.fault import dateline, dateline_env, dateline_python
from dateline.newsroom.models import Article

NEWSROOM = "from dateline.health.tests import scenario; scenario.newsroom(articles=3, revisions=3)"
INVENTORY = "from dateline.health.tests import scenario; scenario.show_inventory()"
SHARED_POSTGRES = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}


def _postgres_available():
    return shutil.which("pg_dump") and subprocess.run(
        ["pg_isready", "-h", SHARED_POSTGRES["host"], "-p", str(SHARED_POSTGRES["port"])],
        capture_output=True).returncode == 0


def _psql(statement):
    subprocess.run(["psql", "-h", SHARED_POSTGRES["host"], "-p", str(SHARED_POSTGRES["port"]),
                    "-U", SHARED_POSTGRES["user"], "-d", "postgres", "-qc", statement],
                   check=True, capture_output=True, timeout=120)


class _Sqlite:
    def __init__(self, tmp_path):
        self.file = tmp_path / "site" / "dateline.sqlite3"
        self.file.parent.mkdir(parents=True, exist_ok=True)
        self.url = f"sqlite:///{self.file}"

    def wipe(self):
        for suffix in ("", "-wal", "-shm"):
            self.file.with_name(self.file.name + suffix).unlink(missing_ok=True)

    def drop(self):
        pass


class _Postgres:
    def __init__(self, tmp_path):
        if not _postgres_available():
            pytest.skip("no PostgreSQL server on 127.0.0.1:5432 or no pg_dump")
        self.name = f"dateline_backup_{uuid.uuid4().hex[:10]}"
        self.url = (f"postgres://{SHARED_POSTGRES['user']}@{SHARED_POSTGRES['host']}:"
                    f"{SHARED_POSTGRES['port']}/{self.name}")
        _psql(f"CREATE DATABASE {self.name}")

    def wipe(self):
        self.drop()
        _psql(f"CREATE DATABASE {self.name}")  # empty: not even the tables

    def drop(self):
        _psql(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")


@pytest.mark.parametrize("engine", [_Sqlite, _Postgres], ids=["sqlite", "postgresql"])
def test_backup_then_restore_into_a_wiped_site_brings_everything_back(tmp_path, engine):
    """Articles with several revisions and an image: back up, wipe the database (the file
    deleted, or the database dropped and made anew) and the media, restore: every article,
    revision and image, and the image's file byte for byte, are back.
    """
    database = engine(tmp_path)
    try:
        env = dateline_env(tmp_path / "site", database.url)
        dateline(env, "migrate", "--noinput", "-v", "0")
        before = dateline_python(env, NEWSROOM)
        assert len(before["articles"]) == 3 and len(before["revisions"]) == 9
        assert [exists for _t, _n, exists, _s in before["images"]] == [True]

        backups = tmp_path / "backups"
        backups.mkdir()
        written = dateline(env, "backup", str(backups)).stdout
        [archive_path] = backups.glob("dateline-backup-*.tar.gz")
        assert str(archive_path) in written and "media files" in written
        assert archive_path.stat().st_mode & 0o777 == 0o600
        with tarfile.open(archive_path) as archive:
            names = archive.getnames()
        assert "manifest.json" in names
        assert any(name.startswith("media/original_images/") for name in names)

        database.wipe()
        shutil.rmtree(tmp_path / "site" / "media")
        assert dateline(env, "restore", str(archive_path), "--no-input").returncode == 0
        assert dateline_python(env, INVENTORY) == before
    finally:
        database.drop()


def _rewrite(source, target, change):
    """Copy an archive, passing each member's (name, bytes) through ``change``."""
    with tarfile.open(source) as old, tarfile.open(target, "w") as new:
        for info in old:
            data = old.extractfile(info).read() if info.isfile() else None
            name, data = change(info.name, data)
            info.name, info.size = name, len(data) if data is not None else 0
            new.addfile(info, io.BytesIO(data) if data is not None else None)


@pytest.mark.django_db(transaction=True)
def test_a_damaged_or_foreign_archive_is_refused_and_nothing_changes(tmp_path, make_published):
    """One flipped byte, or an archive of the other database engine: restore says what is
    wrong and leaves the database as it was.
    """
    make_published("Survives a bad restore")
    good = tmp_path / "good.tar"
    call_command("backup", str(good), stdout=io.StringIO())

    def flip_a_byte(name, data):
        if name.startswith("database."):
            data = data[:100] + bytes([data[100] ^ 0xFF]) + data[101:]
        return name, data

    def other_engine(name, data):
        if name == "manifest.json":
            manifest = json.loads(data)
            vendor = manifest["database"]["vendor"]
            manifest["database"]["vendor"] = "postgresql" if vendor == "sqlite" else "sqlite"
            data = json.dumps(manifest).encode()
        return name, data

    for change, complaint in ((flip_a_byte, "damaged"),
                              (other_engine, "database and this site uses")):
        bad = tmp_path / f"{change.__name__}.tar"
        _rewrite(good, bad, change)
        with pytest.raises(CommandError, match=complaint):
            call_command("restore", str(bad), interactive=False, stdout=io.StringIO())
        assert Article.objects.filter(headline="Survives a bad restore", live=True).exists()

    with pytest.raises(CommandError, match="is not a Dateline backup"):
        call_command("restore", str(tmp_path / "nothing.tar"), interactive=False)
