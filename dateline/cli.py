"""The `dateline` command: everything an operator does.

    dateline demo      migrate, load the demo newsroom (once), print logins, serve + worker
    dateline serve     the site behind gunicorn (PORT, WEB_CONCURRENCY)
    dateline worker    scheduled publishing and expiry
    dateline <cmd>     any Django management command (migrate, createsuperuser, ...)
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


def serve():
    os.execv(sys.executable, server_command())  # noqa: S606  (our own interpreter and arguments)


def demo():
    _django_setup("dateline.settings.demo")
    from django.core.management import call_command

    from dateline.demo.setup import prepare_demo

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    logins = prepare_demo()
    port = os.environ.get("PORT", "8000")
    print(f"\nDateline demo: http://127.0.0.1:{port}/  (Global edition: /global/)")
    print(f"Editor's desk: http://127.0.0.1:{port}/admin/")
    for role, username, password in logins:
        print(f"  {role:<14} user {username!r:<12} password {password!r}")
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


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    command = argv[0] if argv else "help"
    if command == "demo":
        return demo()
    if command == "serve":
        return serve()
    if command == "manage":
        argv = argv[1:]
    _django_setup("dateline.settings.production")
    from django.core.management import execute_from_command_line

    if command in ("help", "-h", "--help"):
        print(__doc__)
        argv = ["help"]
    execute_from_command_line(["dateline", *argv])
    return 0


if __name__ == "__main__":
    sys.exit(main())
