"""One-file backups of everything Dateline keeps: the database and the uploaded media.

An archive is a tar file (gzip-compressed when its name ends in ``.gz`` or ``.tgz``)::

    database.sqlite3   SQLite: a consistent copy made with SQLite's online backup API
    database.dump      PostgreSQL: ``pg_dump --format=custom`` (``pg_restore`` reads it)
    media/...          every file under MEDIA_ROOT
    manifest.json      what is inside, with the size and SHA-256 of every other member

The database is copied before the media, so every file the copied database refers to is
in the archive (a file uploaded in between is in it too, unreferenced). The site and the
worker may go on running during a backup.

A restore checks the whole archive against its manifest before it touches anything, then
replaces the database's contents and puts the media files back in MEDIA_ROOT (files
there that the archive does not have are left alone). Stop the site and the worker first.
"""

import hashlib
import io
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DATABASE_MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why and what to do."""


def _compressed(path):
    return path.name.endswith((".gz", ".tgz"))


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while chunk := file.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class _HashingReader:
    """A file that hashes what tarfile reads from it, so each file is read only once."""

    def __init__(self, file):
        self.file, self.digest = file, hashlib.sha256()

    def read(self, size=-1):
        data = self.file.read(size)
        self.digest.update(data)
        return data


def _connection(alias):
    connection = connections[alias]
    if connection.vendor not in DATABASE_MEMBERS:
        raise BackupError(f"Backups cover SQLite and PostgreSQL, not {connection.vendor}.")
    return connection


def _postgres_env(settings_dict):
    """libpq's environment for the database in ``settings_dict`` (password kept off argv)."""
    env = dict(os.environ)
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"),
                      ("PASSWORD", "PGPASSWORD"), ("NAME", "PGDATABASE")):
        if settings_dict.get(key):
            env[name] = str(settings_dict[key])
    options = settings_dict.get("OPTIONS", {})
    for key, name in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT"),
                      ("sslcert", "PGSSLCERT"), ("sslkey", "PGSSLKEY"),
                      ("passfile", "PGPASSFILE"), ("service", "PGSERVICE")):
        if options.get(key):
            env[name] = str(options[key])
    return env


def _run(command, env=None):
    program = shutil.which(command[0])
    if program is None:
        raise BackupError(f"{command[0]} is not on PATH; install the PostgreSQL client "
                          "programs of the server's version (Debian: postgresql-client).")
    result = subprocess.run([program, *command[1:]], env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip() or result.stdout.strip()}")


# -- backup ------------------------------------------------------------------------------

def _copy_sqlite(settings_dict, target):
    source = sqlite3.connect(settings_dict["NAME"], timeout=60)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)  # one step: a consistent snapshot, even with writers running
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
    finally:
        copy.close()
        source.close()


def _dump_postgres(settings_dict, target):
    _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(target)],
         env=_postgres_env(settings_dict))


def _media_files(root):
    root = Path(root)
    if not root.is_dir():
        return []
    return sorted(path for path in root.rglob("*") if path.is_file() and not path.is_symlink())


def _target_path(destination):
    destination = Path(destination)
    if destination.is_dir():
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        return destination / f"dateline-backup-{stamp}.tar.gz"
    if not destination.parent.is_dir():
        raise BackupError(f"The folder {destination.parent} does not exist.")
    return destination


def create(destination, alias="default"):
    """Write an archive of the database and the media to ``destination``; return its path.

    ``destination`` is the archive's path, or a folder to put a dated archive in. The
    archive appears under its name only when it is complete.
    """
    connection = _connection(alias)
    target = _target_path(destination)
    members = {}
    with tempfile.TemporaryDirectory(prefix="dateline-backup-") as work:
        database_member = DATABASE_MEMBERS[connection.vendor]
        database_file = Path(work) / database_member
        connection.close()
        if connection.vendor == "sqlite":
            _copy_sqlite(connection.settings_dict, database_file)
        else:
            _dump_postgres(connection.settings_dict, database_file)
        partial = target.with_name(f".{target.name}.partial")
        try:
            # Readable by its owner only: it holds the whole site, password hashes included.
            flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
            mode = "w:gz" if _compressed(target) else "w"
            with os.fdopen(os.open(partial, flags, 0o600), "wb") as raw, \
                    tarfile.open(fileobj=raw, mode=mode) as archive:
                archive.add(database_file, arcname=database_member)
                members[database_member] = {"size": database_file.stat().st_size,
                                            "sha256": _sha256(database_file)}
                media_root = Path(settings.MEDIA_ROOT)
                for path in _media_files(media_root):
                    name = f"{MEDIA}/{path.relative_to(media_root).as_posix()}"
                    info = archive.gettarinfo(path, arcname=name)
                    with open(path, "rb") as file:
                        reader = _HashingReader(file)
                        archive.addfile(info, reader)
                    members[name] = {"size": info.size, "sha256": reader.digest.hexdigest()}
                manifest = json.dumps(_manifest(connection, members), indent=2).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime = len(manifest), int(timezone.now().timestamp())
                archive.addfile(info, io.BytesIO(manifest))
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
    return target


def _manifest(connection, members):
    media = [m for name, m in members.items() if name.startswith(f"{MEDIA}/")]
    return {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "host": socket.gethostname(),
        "database": {
            "vendor": connection.vendor,
            "name": str(connection.settings_dict["NAME"]),
            "member": DATABASE_MEMBERS[connection.vendor],
            "migrations": sorted(f"{app}.{name}" for app, name in
                                 MigrationRecorder(connection).applied_migrations()),
        },
        "media": {"files": len(media), "bytes": sum(m["size"] for m in media)},
        "members": members,
    }


# -- restore -----------------------------------------------------------------------------

def read_manifest(source):
    try:
        with tarfile.open(source, "r:*") as archive:
            return json.load(archive.extractfile(MANIFEST))
    except (OSError, tarfile.TarError, KeyError, ValueError) as error:
        raise BackupError(f"{source} is not a Dateline backup ({error}).") from error


def verify(source, manifest):
    """Check every member against the manifest; raise BackupError on any difference."""
    expected = manifest["members"]
    seen = set()
    try:
        with tarfile.open(source, "r:*") as archive:
            for info in archive:
                if info.name == MANIFEST:
                    continue
                if info.name not in expected or not info.isfile():
                    raise BackupError(f"The archive holds {info.name!r}, which its manifest "
                                      "does not list: it is damaged or was altered.")
                digest = hashlib.sha256()
                file = archive.extractfile(info)
                while chunk := file.read(CHUNK):
                    digest.update(chunk)
                if digest.hexdigest() != expected[info.name]["sha256"]:
                    raise BackupError(f"{info.name} in the archive does not match its "
                                      "checksum: the archive is damaged.")
                seen.add(info.name)
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"The archive cannot be read to the end ({error}): "
                          "it is damaged.") from error
    missing = set(expected) - seen
    if missing:
        raise BackupError(f"The archive lacks {len(missing)} of its files (e.g. "
                          f"{sorted(missing)[0]}): it is incomplete.")


def check_compatible(manifest, alias="default"):
    connection = _connection(alias)
    if manifest.get("format") != FORMAT:
        raise BackupError(f"This archive has format {manifest.get('format')}; this version of "
                          f"Dateline reads format {FORMAT}.")
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise BackupError(f"This archive holds a {vendor} database and this site uses "
                          f"{connection.vendor}; restore it into a {vendor} database "
                          "(set DATABASE_URL).")


def restore(source, alias="default"):
    """Replace the database's contents and put the media back, from a verified archive."""
    source = Path(source)
    manifest = read_manifest(source)
    check_compatible(manifest, alias)
    verify(source, manifest)
    connection = _connection(alias)
    with tempfile.TemporaryDirectory(prefix="dateline-restore-") as work, \
            tarfile.open(source, "r:*") as archive:
        member = manifest["database"]["member"]
        archive.extract(member, work, filter="data")
        database_file = Path(work) / member
        connections.close_all()
        if connection.vendor == "sqlite":
            _restore_sqlite(database_file, connection.settings_dict)
        else:
            _restore_postgres(database_file, connection.settings_dict)
        media_root = Path(settings.MEDIA_ROOT)
        media_root.mkdir(parents=True, exist_ok=True)
        prefix = f"{MEDIA}/"
        for info in archive.getmembers():
            if info.name.startswith(prefix) and info.isfile():
                info.name = info.name[len(prefix):]
                archive.extract(info, media_root, filter="data")
    return manifest


def _restore_sqlite(database_file, settings_dict):
    target = Path(settings_dict["NAME"])
    target.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(database_file)
    destination = sqlite3.connect(target, timeout=60)
    try:
        source.backup(destination)  # replaces every page, under the database's write lock
    finally:
        destination.close()
        source.close()


def _restore_postgres(database_file, settings_dict):
    _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
          "--single-transaction", "--exit-on-error", "--dbname", str(settings_dict["NAME"]),
          str(database_file)], env=_postgres_env(settings_dict))
