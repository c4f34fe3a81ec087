"""The site under test and what surrounds it: the operator's environment, the database with its
articles, the Redis cache, and every process started for the run (always stopped again).

The measurements ask this module for a running site, nginx or Varnish and never start a
process themselves, so ``cleanup()`` can end whatever a failed run left behind.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from . import processes
from .conf import log
from .processes import ROOT, free_port


class Lifecycle:
    """One run's site: its environment, database and processes; ``work`` holds the
    processes' files and logs (removed by ``cleanup``)."""

    def __init__(self, config):
        self.config = config
        self.work = Path(tempfile.mkdtemp(prefix="dateline-bench-"))
        self.work.chmod(0o755)  # nginx and varnishd read their files as their own users
        self.running = []

    # --- environment ------------------------------------------------------------------

    def site_env(self, page_cache, varnish_url=None):
        """The environment of an operator's production start (docs/deploying.md)."""
        config = self.config
        env = {key: value for key, value in os.environ.items()
               if (not key.startswith(("DATELINE_", "DATABASE_", "DJANGO_"))
                   or key == "DATELINE_SERVER")
               and key not in ("REDIS_URL", "SECRET_KEY", "ALLOWED_HOSTS", "DEBUG")}
        env.update({
            "DJANGO_SETTINGS_MODULE": "dateline.settings.production",
            "SECRET_KEY": config.secret,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATELINE_DATA_DIR": str(config.data_dir),
            "DATELINE_BASE_URL": "https://127.0.0.1",
            "REDIS_URL": config.redis_url,
            "DATELINE_PAGE_CACHE": "1" if page_cache else "0",
            "LOG_LEVEL": "WARNING",
            # This checkout's code, also when the virtualenv's editable install points at
            # another one (a git worktree sharing the main checkout's .venv).
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        })
        if config.db == "postgresql":
            env["DATABASE_URL"] = config.pg_url
        if varnish_url:
            env["DATELINE_VARNISH_URL"] = varnish_url
        return env

    def manage(self, *args, env=None, quiet=True):
        argv = [str(processes.BIN / "dateline"), *args]
        kwargs = {"capture_output": True, "text": True} if quiet else {}
        done = subprocess.run(argv, env=env or self.site_env(True), cwd=ROOT, **kwargs)
        if done.returncode:
            raise RuntimeError(f"dateline {' '.join(args)} failed:\n"
                               f"{getattr(done, 'stderr', '') or ''}")
        return getattr(done, "stdout", "")

    def inprocess(self, *args, page_cache=True):
        done = subprocess.run([sys.executable, "-m", "dateline.bench.inprocess", *args],
                              env=self.site_env(page_cache), cwd=ROOT, capture_output=True,
                              text=True)
        if done.returncode:
            raise RuntimeError(f"inprocess {args[0]} failed:\n{done.stderr[-3000:]}")
        return json.loads(done.stdout.strip().splitlines()[-1])

    # --- database ---------------------------------------------------------------------

    def prepare_database(self):
        """Migrate, make sure there are exactly ``config.articles`` published articles
        (generated in bulk when not), collect static files; return the published count."""
        config = self.config
        config.data_dir.mkdir(parents=True, exist_ok=True)
        if config.db == "postgresql":
            self._create_pg_database()
        log(f"migrate ({config.db})")
        self.manage("migrate", "--noinput")
        counted = self.inprocess("count")
        if counted["published"] != config.articles:
            log(f"{counted['published']:,} published articles, want {config.articles:,}: "
                f"generating (a million take about 15 minutes on PostgreSQL)")
            args = ["demo_newsroom", "--articles", str(config.articles)]
            if counted["published"]:
                args.append("--flush-articles")
            self.manage(*args, quiet=False)
            counted = self.inprocess("count")
        else:
            log(f"reusing {counted['published']:,} published articles")
        self._check_pictures(counted)
        log("collectstatic")
        self.manage("collectstatic", "--noinput")
        return counted["published"]

    def _check_pictures(self, counted):
        """A reused database whose pictures have no files here would be measured rendering
        pages without pictures (smaller and faster than readers get): stop and say why."""
        missing = counted["pictures_missing"]
        if missing:
            raise SystemExit(
                f"{missing:,} of the {counted['pictures']:,} pictures this database names have "
                f"no file under {self.config.data_dir / 'media'} (e.g. "
                f"{counted['missing_example']}): the database was built with another data "
                f"directory. Set BENCH_DATA_DIR to that directory, or drop the database "
                f"(PostgreSQL: dropdb; SQLite: delete {self.config.data_dir}) to build it "
                f"again.")

    def _create_pg_database(self):
        import psycopg

        parts = urlsplit(self.config.pg_url)
        name = parts.path.lstrip("/")
        admin = parts._replace(path="/postgres").geturl()
        with psycopg.connect(admin, autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                [name]).fetchone():
                log(f"creating database {name}")
                conn.execute(f'CREATE DATABASE "{name}"')

    def flush_redis(self):
        import redis

        redis.Redis.from_url(self.config.redis_url).flushdb()

    # --- processes --------------------------------------------------------------------

    def start(self, process, url):
        self.running.append(process)
        processes.wait_http(process, url, headers={"X-Forwarded-Proto": "https"})
        return process

    def stop(self, process):
        process.stop()
        self.running.remove(process)

    def stop_all(self):
        for process in list(self.running):
            self.stop(process)

    def start_site(self, page_cache, varnish_url=None, kind=None, workers=None, threads=None):
        """The app server as configured (or ``kind``), answering; ``.base`` is its URL."""
        config = self.config
        port = free_port()
        kind = kind or config.server
        server = processes.app_server(kind, port, self.site_env(page_cache, varnish_url),
                                      self.work, workers=workers or config.workers or None,
                                      threads=threads or config.threads_per_worker or None)
        self.start(server, f"http://127.0.0.1:{port}/robots.txt")
        server.base = f"http://127.0.0.1:{port}"
        return server

    def start_varnish(self, server, port, params=()):
        """Varnish on ``port`` with the shipped VCL, in front of ``server``; answering.
        ``params``: more run-time parameters (``thread_pool_max=...``)."""
        varnish = processes.varnish(int(server.base.rsplit(":", 1)[1]), port, self.work,
                                    self.work, params=params)
        return self.start(varnish, f"http://127.0.0.1:{port}/robots.txt")

    def start_nginx(self, html):
        """nginx serving ``html`` as a static file at /article/; return its base URL."""
        port = free_port()
        nginx = processes.nginx_static(html, port, self.work, self.work)
        self.start(nginx, f"http://127.0.0.1:{port}/article/")
        return nginx, f"http://127.0.0.1:{port}"

    def cleanup(self):
        for process in reversed(self.running):
            process.stop()
        self.running.clear()
        shutil.rmtree(self.work, ignore_errors=True)
