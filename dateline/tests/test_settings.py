"""Settings and the `dateline` command, run the way an operator runs them."""

import os
import subprocess
import sys

import pytest

SECRET = "k" * 20 + "0123456789abcdefghijklmnopqrstuvwxyz"


def _dateline(*args, **env):
    environment = {key: value for key, value in os.environ.items()
                   if key not in ("SECRET_KEY", "DJANGO_SETTINGS_MODULE")}
    environment.update(env)
    return subprocess.run([sys.executable, "-m", "dateline.cli", *args], env=environment,
                          capture_output=True, text=True, timeout=120)


def _last_line(result):
    return result.stdout.strip().splitlines()[-1] if result.stdout.strip() else result.stderr


def test_production_settings_pass_the_deploy_checks(tmp_path):
    """`check --deploy` finds nothing to warn about in production settings."""
    result = _dateline("check", "--deploy", "--fail-level", "WARNING", SECRET_KEY=SECRET,
                       DATELINE_DATA_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("secret", [None, "short", "x" * 60])
def test_production_refuses_to_start_without_a_real_secret(tmp_path, secret):
    """No SECRET_KEY, a short one or a repetitive one stops production with the fix."""
    env = {"DATELINE_DATA_DIR": str(tmp_path)}
    if secret:
        env["SECRET_KEY"] = secret
    result = _dateline("check", **env)
    assert result.returncode != 0
    assert "Set SECRET_KEY to a long random value" in result.stderr


def test_demo_settings_make_and_keep_a_secret(tmp_path):
    """The demo makes its secret once, keeps it private, and reuses it."""
    env = {"DJANGO_SETTINGS_MODULE": "dateline.settings.demo", "DATELINE_DATA_DIR": str(tmp_path)}
    for _ in range(2):
        assert _dateline("check", **env).returncode == 0
    secret_file = tmp_path / "secret_key"
    assert len(secret_file.read_text()) >= 50
    assert oct(secret_file.stat().st_mode & 0o777) == "0o600"


def test_debug_is_off_unless_asked_for(tmp_path):
    """DEBUG is off by default and on only when the environment says so."""
    code = "from django.conf import settings; print(settings.DEBUG)"
    base = {"DJANGO_SETTINGS_MODULE": "dateline.settings.demo", "DATELINE_DATA_DIR": str(tmp_path)}
    assert _last_line(_dateline("shell", "-c", code, **base)) == "False"
    assert _last_line(_dateline("shell", "-c", code, DEBUG="1", **base)) == "True"


def test_sqlite_runs_in_wal_mode(tmp_path):
    """The embedded database is SQLite in WAL mode, in the data directory."""
    code = ("from django.db import connection; c = connection.cursor(); "
            "c.execute('PRAGMA journal_mode'); print(c.fetchone()[0])")
    env = {"DJANGO_SETTINGS_MODULE": "dateline.settings.demo", "DATELINE_DATA_DIR": str(tmp_path)}
    result = _dateline("shell", "-c", code, DATABASE_URL="", **env)
    assert _last_line(result) == "wal", result.stderr
    assert (tmp_path / "dateline.sqlite3").exists()


def test_help_lists_the_operator_commands():
    """`dateline help` names demo, serve and worker."""
    result = _dateline("help", DJANGO_SETTINGS_MODULE="dateline.settings.test")
    assert result.returncode == 0
    for command in ("dateline demo", "dateline serve", "dateline worker"):
        assert command in result.stdout
