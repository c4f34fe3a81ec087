"""Settings and the `dateline` command, run the way an operator runs them."""

import json
import os
import subprocess
import sys

import pytest

SECRET = "k" * 20 + "0123456789abcdefghijklmnopqrstuvwxyz"
BASE_URL = "https://news.example.org"
# What these tests set themselves, whatever the shell running them has.
OURS = ("SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DATELINE_BASE_URL", "REDIS_URL", "HOST",
        "PORT", "EMAIL_HOST", "EMAIL_BACKEND")


def _dateline(*args, **env):
    environment = {key: value for key, value in os.environ.items() if key not in OURS}
    environment.update(env)
    return subprocess.run([sys.executable, "-m", "dateline.cli", *args], env=environment,
                          capture_output=True, text=True, timeout=120)


def _production(data_dir, **env):
    """A production environment that passes every check: secret, address, Redis."""
    return {"SECRET_KEY": SECRET, "DATELINE_BASE_URL": BASE_URL, "DATELINE_DATA_DIR":
            str(data_dir), "REDIS_URL": "redis://127.0.0.1:6379/15", **env}


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """A data directory whose static files are collected (production's manifest)."""
    data = tmp_path_factory.mktemp("collected")
    result = _dateline("collectstatic", "--noinput", "-v", "0", **_production(data))
    assert result.returncode == 0, result.stderr
    return data


def _last_line(result):
    return result.stdout.strip().splitlines()[-1] if result.stdout.strip() else result.stderr


def test_production_settings_pass_the_deploy_checks(collected):
    """`check --deploy` finds nothing to warn about in production settings (with Redis, and
    the static files collected)."""
    result = _dateline("check", "--deploy", "--fail-level", "WARNING", **_production(collected))
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


@pytest.mark.parametrize("command", [["check"], ["serve"], ["migrate"]])
def test_production_refuses_to_start_without_its_public_address(tmp_path, command):
    """No DATELINE_BASE_URL: every command stops with the fix, in one line, no traceback."""
    env = _production(tmp_path)
    del env["DATELINE_BASE_URL"]
    result = _dateline(*command, **env)
    assert result.returncode == 2
    assert result.stderr.startswith(f"dateline {command[0]}: Set DATELINE_BASE_URL to the "
                                    "site's public address, e.g. DATELINE_BASE_URL=https://")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("env, expected", [
    ({}, "http://127.0.0.1:8000"),
    ({"PORT": "8123"}, "http://127.0.0.1:8123"),
    ({"HOST": "0.0.0.0", "PORT": "8080"}, "http://127.0.0.1:8080"),
    ({"HOST": "newsroom.lan", "PORT": "8080"}, "http://newsroom.lan:8080"),
    ({"PORT": "8080", "DATELINE_BASE_URL": "https://demo.example.org"},
     "https://demo.example.org"),
])
def test_the_demo_takes_its_address_from_host_and_port(tmp_path, env, expected):
    """The demo's public address is where `dateline serve` listens, unless DATELINE_BASE_URL
    says otherwise; its mail is written to files in the data directory, not sent."""
    code = ("import json; from django.conf import settings; print(json.dumps("
            "[settings.WAGTAILADMIN_BASE_URL, settings.EMAIL_BACKEND, settings.EMAIL_FILE_PATH]))")
    result = _dateline("shell", "-c", code, DJANGO_SETTINGS_MODULE="dateline.settings.demo",
                       DATELINE_DATA_DIR=str(tmp_path), **env)
    assert json.loads(_last_line(result)) == [
        expected, "django.core.mail.backends.filebased.EmailBackend",
        str(tmp_path.resolve() / "mail")], result.stderr


def test_production_without_redis_warns_that_it_has_no_shared_cache(collected):
    """`check --deploy` says it (dateline.W001); `dateline serve` logs it at start-up
    (dateline/security/tests/test_throttle_processes.py)."""
    env = _production(collected)
    del env["REDIS_URL"]
    result = _dateline("check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode == 1
    assert "(dateline.W001) Running without a shared cache (REDIS_URL is not set)" in \
        result.stderr
    assert "HINT: Set REDIS_URL" in result.stderr


def test_static_files_never_collected_stop_the_checks_and_serve(tmp_path):
    """Without `collectstatic` every page would be a bare 500: the deployment checks say
    so (dateline.E001) with the fix, and `dateline serve` refuses to start the server."""
    env = _production(tmp_path)
    result = _dateline("check", "--deploy", **env)
    assert result.returncode == 1
    assert (f"(dateline.E001) The static files were never collected: there is no "
            f"{tmp_path}/static/staticfiles.json") in result.stderr
    assert "HINT: Run `dateline collectstatic --noinput`" in result.stderr
    served = _dateline("serve", PORT="1", **env)  # port 1: it must not get as far as binding
    assert served.returncode == 1
    assert served.stderr.splitlines()[:3] == [
        "dateline serve: the site cannot start:",
        f"  dateline.E001: The static files were never collected: there is no "
        f"{tmp_path}/static/staticfiles.json. Every page would answer with a bare “Server "
        f"Error (500)”.",
        "    Fix: Run `dateline collectstatic --noinput` (again after every upgrade), then "
        "start the site."]
    assert "granian" not in served.stderr + served.stdout


def test_static_files_collected_before_an_upgrade_are_caught_too(tmp_path, collected):
    """A static file the code has but the collected set lacks (an upgrade without
    collectstatic) is an error as well."""
    data = tmp_path / "data"
    (data / "static").mkdir(parents=True)
    manifest = json.loads((collected / "static" / "staticfiles.json").read_text())
    removed = sorted(manifest["paths"])[0]
    del manifest["paths"][removed]
    (data / "static" / "staticfiles.json").write_text(json.dumps(manifest))
    result = _dateline("check", "--deploy", **_production(data))
    assert result.returncode == 1
    assert f"(dateline.E001) 1 static file(s) are missing from the collected set in " \
           f"{data}/static ({removed})" in result.stderr


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
    """`dateline help` names demo, serve, worker and the newsroom's and ingest's own
    commands."""
    result = _dateline("help", DJANGO_SETTINGS_MODULE="dateline.settings.test")
    assert result.returncode == 0
    for command in ("dateline demo", "dateline serve", "dateline worker",
                    "dateline newsroom init", "dateline edition add", "dateline labels",
                    "[newsroom]\n    edition\n    newsroom\n", "[ingest]\n    ingest\n    labels\n"):
        assert command in result.stdout


def test_help_works_before_production_is_configured():
    """In a fresh clone (no SECRET_KEY yet) `dateline help` still explains itself."""
    result = _dateline("help")
    assert result.returncode == 0
    assert "dateline newsroom init" in result.stdout
    assert "Django's own commands are listed once the settings load: Set SECRET_KEY" in \
        result.stdout
