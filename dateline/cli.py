"""The `dateline` command: everything an operator does.

    dateline demo              migrate, load the demo newsroom (once), print logins,
                               serve + worker (--empty: no demo content, only an admin)
    dateline serve             the site: granian, or gunicorn with DATELINE_SERVER=gunicorn
                               (HOST, PORT, WEB_CONCURRENCY); checks the deployment first
    dateline worker            scheduled publishing and expiry
    dateline newsroom init     the first edition and the first administrator
    dateline edition add|list  more editions
    dateline labels add|list|remove|map|unmap   labels, and the source terms ingest maps
    dateline ingest SOURCE --edition CODE       a feed or file into an edition
    dateline <cmd>             any Django management command (migrate, collectstatic, ...)

Settings: DJANGO_SETTINGS_MODULE, dateline.settings.production unless set (it needs
SECRET_KEY and DATELINE_BASE_URL); dateline.settings.demo for `dateline demo`.
"""

import os
import signal
import subprocess
import sys


def _django_setup(default_settings):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", default_settings)
    import django

    django.setup()


def server_command(port=None, workers=None):
    """The app server: granian (WSGI), cores + 1 workers, measured fastest for cached pages
    (docs/benchmarks.md); ``DATELINE_SERVER=gunicorn`` for gunicorn's 2 × cores + 1."""
    port = str(port or os.environ.get("PORT", "8000"))
    host = os.environ.get("HOST", "127.0.0.1")
    cores = os.cpu_count() or 1
    if os.environ.get("DATELINE_SERVER", "granian") == "gunicorn":
        workers = workers or os.environ.get("WEB_CONCURRENCY") or str(2 * cores + 1)
        return [
            sys.executable, "-m", "gunicorn", "dateline.wsgi:application",
            "--bind", f"{host}:{port}",
            "--workers", workers,
            "--access-logfile", "-",
            "--forwarded-allow-ips", os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
        ]
    workers = workers or os.environ.get("WEB_CONCURRENCY") or str(cores + 1)
    return [
        sys.executable, "-m", "granian", "--interface", "wsgi",
        "--host", host, "--port", port, "--workers", workers,
        "--blocking-threads", "1", "--access-log",
        "dateline.wsgi:application",
    ]


def preflight():
    """Before an app server starts: every system check, and the deployment checks of
    ``dateline.health.checks`` (static files collected, a shared cache in production).
    Warnings are logged; errors are printed with their fix and stop the start (False)."""
    import logging

    from django.core import checks

    logger = logging.getLogger("dateline.serve")
    found = checks.run_checks() + checks.run_checks(tags=["dateline"],
                                                    include_deployment_checks=True)
    errors = [message for message in found if message.is_serious()]
    for message in found:
        if not message.is_serious() and not message.is_silenced():
            logger.warning("%s %s %s", message.id, message.msg, message.hint or "")
    if errors:
        print("dateline serve: the site cannot start:", file=sys.stderr)
        for message in errors:
            print(f"  {message.id}: {message.msg}", file=sys.stderr)
            if message.hint:
                print(f"    Fix: {message.hint}", file=sys.stderr)
    return not errors


def serve():
    _django_setup("dateline.settings.production")
    if not preflight():
        return 1
    os.execv(sys.executable, server_command())  # noqa: S606  (our own interpreter and arguments)


def demo(argv=()):
    _django_setup("dateline.settings.demo")
    from django.conf import settings
    from django.core.management import call_command

    from dateline.demo.setup import prepare_demo, prepare_empty

    empty = "--empty" in argv or os.environ.get("DATELINE_DEMO_EMPTY", "") not in ("", "0")
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    logins = prepare_empty() if empty else prepare_demo()
    port = os.environ.get("PORT", "8000")
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    if empty:
        print(f"\nDateline (no demo content): {base}/")
        print(f"Editor's desk: {base}/admin/ (it asks for the first edition)")
    else:
        print(f"\nDateline demo: {base}/  (Global edition: {base}/global/)")
        print(f"Editor's desk: {base}/admin/")
    for role, username, password in logins:
        print(f"  {role:<14} user {username!r:<12} password {password!r}")
    print(f"{_where_mail_goes(settings)} Data: {settings.DATA_DIR}")
    print("Ctrl-C stops the site and the worker.\n", flush=True)
    children = [
        subprocess.Popen([sys.executable, "-m", "dateline.cli", "worker"]),
        subprocess.Popen(server_command(port=port)),
    ]

    def stop(*_):
        for child in children:
            child.terminate()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    codes = [child.wait() for child in children]
    return max(codes)


def _where_mail_goes(settings):
    if settings.EMAIL_BACKEND.endswith("filebased.EmailBackend"):
        return f"Mail (newsletters too) is written to files in {settings.EMAIL_FILE_PATH}, not sent."
    if settings.EMAIL_BACKEND.endswith("console.EmailBackend"):
        return "Mail is printed here, not sent."
    if settings.EMAIL_BACKEND.endswith("smtp.EmailBackend"):
        return f"Mail is sent through {settings.EMAIL_HOST}:{settings.EMAIL_PORT}."
    return f"Mail is sent by {settings.EMAIL_BACKEND}."


def main(argv=None):
    from django.core.exceptions import ImproperlyConfigured

    argv = list(sys.argv[1:] if argv is None else argv)
    command = argv[0] if argv else "help"
    if command in ("help", "-h", "--help"):
        print(__doc__)
    try:
        return _run(command, argv)
    except ImproperlyConfigured as error:
        # The settings' own refusals (production.py) carry their fix: no traceback.
        if command in ("help", "-h", "--help"):
            print(f"(Django's own commands are listed once the settings load: {error})")
            return 0
        print(f"dateline {command}: {error}", file=sys.stderr)
        return 2


def _run(command, argv):
    if command == "demo":
        return demo(argv[1:])
    if command == "serve":
        return serve()
    if command == "manage":
        argv = argv[1:]
    _django_setup("dateline.settings.production")
    from django.core.management import execute_from_command_line

    if command in ("help", "-h", "--help"):
        argv = ["help"]
    execute_from_command_line(["dateline", *argv])
    return 0


if __name__ == "__main__":
    sys.exit(main())
