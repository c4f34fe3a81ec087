"""`make bench`: build or reuse the database, start the site as an operator would, load it
with wrk, and write the table (docs/benchmarks.md). See ``dateline/bench/__init__.py``."""

import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from . import load, processes, report
from .processes import ROOT, free_port

# The rows of the table, in order: (key from inprocess.pick, label).
PAGES = [
    ("article", "article"),
    ("home", "home"),
    ("feed_2", "feed, page 2 (cursor)"),
    ("feed_oldest", "feed at the oldest article (cursor)"),
    ("tag", "tag"),
    ("author", "author"),
    ("search", "search"),
    ("rss", "RSS"),
    ("sitemap", "sitemap page (articles)"),
    ("news_sitemap", "Google News sitemap"),
    ("api", "API list"),
]
# Seconds between two requests of one poller in the publish test.
POLL_INTERVAL = 0.05
# Seconds between two changes in the publish test: more than the app's last purge
# (DATELINE_FRONTEND_REPURGE_DELAYS), so that each change is measured on its own.
EVENT_GAP = 3.0
# The pages that show a new article, polled in the publish test.
SHOWS_NEW = ["article", "home", "feed", "section", "tag", "author", "rss", "news_sitemap", "api"]


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


@dataclass
class Config:
    db: str = "postgresql"
    articles: int = 1_000_000
    duration: str = "20s"
    threads: int = 2
    connections: int = 32
    memory_requests: int = 100_000
    publish_rounds: int = 3
    server: str = "serve"
    workers: str = ""
    threads_per_worker: str = ""
    proxy: bool = True
    pg_url: str = "postgres://postgres@127.0.0.1:5432/dateline_bench"
    redis_url: str = "redis://127.0.0.1:6379/7"
    data_dir: Path = ROOT / "data" / "bench"
    output: Path | None = ROOT / "docs" / "benchmarks.md"
    secret: str = field(default_factory=lambda: secrets.token_urlsafe(50))

    @classmethod
    def from_env(cls):
        env = os.environ.get
        db = env("BENCH_DB", "postgresql").lower()
        if db not in ("postgresql", "sqlite"):
            raise SystemExit("BENCH_DB is postgresql (default) or sqlite")
        output = env("BENCH_OUTPUT", str(ROOT / "docs" / "benchmarks.md"))
        return cls(
            db=db,
            articles=int(env("BENCH_ARTICLES") or (1_000_000 if db == "postgresql" else 20_000)),
            duration=env("BENCH_DURATION", "20s"),
            threads=int(env("BENCH_THREADS", "2")),
            connections=int(env("BENCH_CONNECTIONS", "32")),
            memory_requests=int(env("BENCH_MEMORY_REQUESTS", "100000")),
            publish_rounds=int(env("BENCH_PUBLISH_ROUNDS", "3")),
            server=env("BENCH_SERVER", "serve"),
            workers=env("WEB_CONCURRENCY", ""),
            threads_per_worker=env("BENCH_SERVER_THREADS", ""),
            proxy=env("BENCH_PROXY", "1") != "0",
            pg_url=env("BENCH_DATABASE_URL", cls.pg_url),
            redis_url=env("BENCH_REDIS_URL", cls.redis_url),
            data_dir=Path(env("BENCH_DATA_DIR", str(ROOT / "data" / "bench"))) / db,
            output=Path(output) if output not in ("", "-") else None,
        )


class Bench:
    def __init__(self, config):
        self.config = config
        self.work = Path(tempfile.mkdtemp(prefix="dateline-bench-"))
        self.work.chmod(0o755)  # nginx and varnishd read their files as their own users
        self.running = []
        self.results = {"cold": {}, "warm": {}, "proxy": {}, "single": {}, "queries": {},
                        "rss": {}}
        self.notes = []

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
        self.published = counted["published"]
        log("collectstatic")
        self.manage("collectstatic", "--noinput")

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

    # --- servers ----------------------------------------------------------------------

    def start(self, process, url):
        self.running.append(process)
        processes.wait_http(process, url, headers={"X-Forwarded-Proto": "https"})
        return process

    def stop(self, process):
        process.stop()
        self.running.remove(process)

    def start_site(self, page_cache, varnish_url=None, kind=None, workers=None, threads=None):
        config = self.config
        port = free_port()
        kind = kind or config.server
        server = processes.app_server(kind, port, self.site_env(page_cache, varnish_url),
                                      self.work, workers=workers or config.workers or None,
                                      threads=threads or config.threads_per_worker or None)
        self.start(server, f"http://127.0.0.1:{port}/robots.txt")
        server.base = f"http://127.0.0.1:{port}"
        return server

    # --- measurements -----------------------------------------------------------------

    def verify(self, base, paths, mode=None):
        """Every page answers 200 (also the priming request of a warm run); the size of
        what it sent is kept by ``mode``."""
        for key, path in paths.items():
            status, _, body = load.fetch(base, path, headers=load.HEADERS)
            if status != 200:
                raise RuntimeError(f"{base}{path} ({key}) answered {status}")
            if mode:
                self.results.setdefault("size", {}).setdefault(mode, {})[key] = len(body)

    def load_all(self, mode, base, paths, server=None):
        for key, path in paths.items():
            self.results["single"].setdefault(mode, {})[key] = load.single(base, path)
            result = load.wrk(base + path, self.config.duration, self.config.threads,
                              self.config.connections)
            if server is not None:
                result["rss"] = max(processes.worker_rss(server).values(), default=None)
            self.results[mode][key] = result
            log(f"{mode:5} {key:13} {result['rps']:9.1f} req/s  p50 {result['p50']:8.2f} ms  "
                f"p99 {result['p99']:8.2f} ms  errors {result['errors']}  "
                f"single {self.results['single'][mode][key]:.2f} ms")

    def pick_pages(self, base):
        pages = dict(self.picked["pages"])
        _, _, body = load.fetch(base, pages["feed"])
        more = _more_href(body.decode())
        if not more:
            raise RuntimeError("the news feed has no “More news” link")
        pages["feed_2"] = more
        return {key: pages[key] for key, _ in PAGES if key in pages}

    def run(self):
        config = self.config
        started = datetime.now(UTC)
        for name in ("wrk",):
            if not processes.tool(name):
                raise SystemExit(f"`make bench` needs {name} (Debian: apt-get install {name})")
        has_nginx, has_varnish = bool(processes.tool("nginx")), bool(processes.tool("varnishd"))
        if not has_nginx:
            self.notes.append("nginx is not installed: no static-file limit in this run.")
        if config.proxy and not has_varnish:
            self.notes.append("varnishd is not installed: no reverse-proxy figures.")
        use_proxy = config.proxy and has_varnish

        self.prepare_database()
        self.picked = self.inprocess("pick")
        self.load_before = os.getloadavg()

        # Cold: the page cache off; every request renders.
        self.flush_redis()
        server = self.start_site(page_cache=False)
        pages = self.pick_pages(server.base)
        self.paths = pages
        self.verify(server.base, pages)
        self.results["rss"]["cold_start"] = processes.worker_rss(server)
        self.load_all("cold", server.base, pages, server)
        _, _, article_html = load.fetch(server.base, pages["article"])
        self.stop(server)
        log("queries per request (cold)")
        self.results["queries"]["cold"] = self.inprocess("queries", *pages.values(),
                                                         page_cache=False)

        # Warm: the page cache on, one priming request per page; Varnish in front after.
        self.flush_redis()
        varnish_port = free_port()
        varnish_url = f"http://127.0.0.1:{varnish_port}" if use_proxy else None
        server = self.start_site(page_cache=True, varnish_url=varnish_url)
        self.verify(server.base, pages, "app")
        self.load_all("warm", server.base, pages, server)
        log("queries per request (warm)")
        self.results["queries"]["warm"] = self.inprocess("queries", *pages.values())

        if has_nginx:
            port = free_port()
            nginx = processes.nginx_static(article_html, port, self.work, self.work)
            self.start(nginx, f"http://127.0.0.1:{port}/article/")
            base = f"http://127.0.0.1:{port}"
            _, _, gzipped = load.fetch(base, "/article/", headers=load.HEADERS)
            self.results["nginx_size"] = (len(article_html), len(gzipped))
            self.results["single"]["nginx"] = load.single(base, "/article/")
            self.results["nginx"] = load.wrk(base + "/article/", config.duration,
                                             config.threads, config.connections)
            log(f"nginx static article {self.results['nginx']['rps']:.1f} req/s")
            self.stop(nginx)

        proxy_base = None
        if use_proxy:
            varnish = processes.varnish(int(server.base.rsplit(":", 1)[1]), varnish_port,
                                        self.work, self.work)
            self.start(varnish, f"{varnish_url}/robots.txt")
            proxy_base = varnish_url
            self.verify(proxy_base, pages, "proxy")
            self.load_all("proxy", proxy_base, pages)

        self.publish_latency(server, proxy_base)
        self.memory(server)
        for process in list(self.running):
            self.stop(process)

        self.load_after = os.getloadavg()
        self.results["machine"] = report.machine()
        self.results["versions"] = report.versions(self.site_env(True), config)
        text = report.render(self, started)
        print(text)
        if config.output:
            report.write(config.output, text)
            log(f"wrote {config.output}")

    def publish_latency(self, server, proxy_base):
        """Publish (and update) through the editorial action under load; time until every
        page that shows the article shows the new headline, through the app and Varnish."""
        config = self.config
        picked = self.picked["pages"]
        paths = {key: picked[key] for key in SHOWS_NEW if key in picked}
        targets = [("app", server.base)] + ([("proxy", proxy_base)] if proxy_base else [])
        env = self.site_env(True, proxy_base)
        furniture = {key: self.picked[key] for key in ("section", "tag", "author")}
        editor = subprocess.Popen(
            [sys.executable, "-m", "dateline.bench.inprocess", "publish", json.dumps(furniture)],
            env=env, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        json.loads(editor.stdout.readline())
        # One publish first, unmeasured: the desk's processes are warm, so is this one.
        editor.stdin.write(f"publish bench-warmup-{int(time.time())} Bench warm-up\n")
        editor.stdin.flush()
        json.loads(editor.stdout.readline())
        loaded = proxy_base or server.base
        events = []
        try:
            for phase in ("load", "idle"):
                background = None
                if phase == "load":
                    background = load.wrk_background(loaded + picked["home"], "900s",
                                                     config.threads, config.connections)
                try:
                    time.sleep(EVENT_GAP)
                    for round_ in range(config.publish_rounds):
                        events += self._publish_round(editor, phase, round_, paths, targets)
                finally:
                    if background:
                        background.terminate()
                        background.wait()
        finally:
            editor.stdin.close()
            editor.wait(timeout=60)
        self.results["publish"] = events

    def _publish_round(self, editor, phase, round_, paths, targets):
        """A new article published, then the standing article's headline changed."""
        stamp = f"{int(time.time())}{round_}"
        slug = f"bench-publish-{stamp}"
        headline = f"Bench breaking {stamp}"
        published = self._watch("publish", editor, f"publish {slug} {headline}", headline,
                                {**paths, "article": f"{self.picked_root()}news/{slug}/"},
                                targets)
        time.sleep(EVENT_GAP)
        headline = f"Bench standing update {stamp}"
        updated = self._watch("update", editor,
                              f"update {self.picked['standing']} {headline}", headline,
                              {**paths, "article": self.picked["standing_path"]}, targets)
        time.sleep(EVENT_GAP)
        published["phase"] = updated["phase"] = phase
        return [published, updated]

    def picked_root(self):
        home = self.picked["pages"]["home"]
        return home if home.endswith("/") else home + "/"

    def _watch(self, kind, editor, command, needle, paths, targets, timeout=30.0):
        """Send ``command`` to the editor process; poll every (target, page) until it shows
        ``needle``; then make sure none goes back."""
        seen = {}
        traces = {}  # (target, key) -> [(sent, answered, found, cache status, age)]
        stop = threading.Event()
        needle_bytes = needle.encode()
        lock = threading.Lock()

        def poll(target, base, key, path):
            conn = load.Connection(base, timeout=15)
            trace = traces.setdefault((target, key), [])
            try:
                while not stop.is_set():
                    sent = time.time()
                    try:
                        status, headers, body = conn.get(path, headers={
                            "X-Forwarded-Proto": "https"})
                    except OSError:
                        time.sleep(0.05)
                        continue
                    trace.append((sent, time.time(), needle_bytes in body,
                                  headers.get("X-Cache") or headers.get("X-Page-Cache"),
                                  headers.get("Age")))
                    if needle_bytes in body:
                        with lock:
                            seen.setdefault((target, key), time.time())
                    elif (target, key) in seen:
                        with lock:
                            seen[(target, key, "stale")] = time.time()
                    time.sleep(POLL_INTERVAL)
            finally:
                conn.close()

        pollers = [threading.Thread(target=poll, args=(target, base, key, path), daemon=True)
                   for target, base in targets for key, path in paths.items()]
        for thread in pollers:
            thread.start()
        time.sleep(0.3)
        editor.stdin.write(command + "\n")
        editor.stdin.flush()
        timing = json.loads(editor.stdout.readline())
        wanted = {(target, key) for target, _ in targets for key in paths}
        deadline = time.time() + timeout
        while time.time() < deadline and not wanted <= seen.keys():
            time.sleep(0.05)
        time.sleep(1.0)  # keep polling a moment: nothing may go back to the old version
        stop.set()
        for thread in pollers:
            thread.join(timeout=20)
        latencies = {f"{target} {key}": (seen[(target, key)] - timing["started"]
                                         if (target, key) in seen else None)
                     for target, key in sorted(wanted)}
        stale = sorted(f"{t[0]} {t[1]}" for t in seen if len(t) == 3)
        for (target, key), seconds in sorted(
                ((k, seen.get(k, timing["started"] + timeout) - timing["started"])
                 for k in wanted), key=lambda item: -item[1])[:3]:
            if seconds > 1:
                polls = [f"{s - timing['started']:+.2f}..{a - timing['started']:+.2f} "
                         f"{'new' if found else 'old'} {cache} age {age}"
                         for s, a, found, cache, age in traces.get((target, key), [])
                         if -0.2 < s - timing["started"] < seconds + 0.2]
                log(f"  {kind} {target} {key} after {seconds:.2f} s; action done at "
                    f"+{timing['done'] - timing['started']:.2f}; polls: " + "; ".join(polls))
        log(f"{kind}: action {timing['done'] - timing['started']:.3f} s; "
            + ", ".join(f"{k} {v:.2f}" if v is not None else f"{k} never"
                        for k, v in latencies.items())
            + (f"; went back to the old version: {stale}" if stale else ""))
        return {"kind": kind, "action": timing["done"] - timing["started"],
                "latencies": latencies, "stale": stale}

    def memory(self, server):
        """Worker memory before and after ``memory_requests`` requests over many pages."""
        config = self.config
        paths = list(self.paths.values()) + self.picked["article_paths"]
        paths = [p for p in paths if "search" not in p]  # seconds each on a cold archive
        script = load.rotating_script(paths, self.work)
        warmup = load.wrk(server.base + "/", "5s", config.threads, config.connections,
                          script=script)
        before = processes.worker_rss(server)
        total, runs, errors, half = 0, [], 0, None
        while total < config.memory_requests:
            result = load.wrk(server.base + "/", "20s", config.threads, config.connections,
                              script=script)
            total += result["requests"]
            errors += result["errors"]
            runs.append(result["rps"])
            if half is None and total >= config.memory_requests / 2:
                half = (total, processes.worker_rss(server))
        after = processes.worker_rss(server)
        self.results["memory"] = {"requests": total, "warmup": warmup["requests"],
                                  "before": before, "half": half, "after": after,
                                  "urls": len(paths), "errors": errors,
                                  "rps": statistics.mean(runs) if runs else None}
        log(f"memory: {total:,} requests over {len(paths):,} pages; RSS before "
            f"{_mb(before)}, half-way {_mb(half[1]) if half else '-'}, after {_mb(after)}")

    def cleanup(self):
        for process in reversed(self.running):
            process.stop()
        self.running.clear()
        shutil.rmtree(self.work, ignore_errors=True)


def _mb(rss):
    return ", ".join(f"{value:.0f}" for value in sorted(rss.values())) + " MB"


def _more_href(html):
    import re
    from html import unescape

    match = re.search(r'<a class="more" href="([^"]+)"', html)
    return unescape(match.group(1)) if match else None


def compare_servers(bench, specs):
    """App servers side by side on the article and home pages, cold and warm. ``specs``:
    ``gunicorn:5`` (workers), ``granian:2x4`` (workers x blocking threads)."""
    config = bench.config
    bench.prepare_database()
    bench.picked = bench.inprocess("pick")
    pages = {key: bench.picked["pages"][key] for key in ("article", "home")}
    rows = []
    for spec in specs:
        kind, _, size = spec.partition(":")
        workers, _, threads = size.partition("x")
        row = {"spec": spec}
        for mode, page_cache in (("cold", False), ("warm", True)):
            bench.flush_redis()
            server = bench.start_site(page_cache=page_cache, kind=kind, workers=workers or None,
                                      threads=threads or None)
            bench.verify(server.base, pages)
            for key, path in pages.items():
                row[f"{mode} {key} single"] = load.single(server.base, path)
                row[f"{mode} {key}"] = load.wrk(server.base + path, config.duration,
                                                config.threads, config.connections)
            row[f"{mode} rss"] = max(processes.worker_rss(server).values(), default=None)
            bench.stop(server)
        rows.append(row)
        log(f"{spec}: " + ", ".join(f"{k} {v['rps']:.0f} req/s" for k, v in row.items()
                                    if isinstance(v, dict)))
    head = ("| server | cold article req/s | p50 / p99 ms | single ms | cold home req/s "
            "| warm article req/s | p50 / p99 ms | warm home req/s | worker MB |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for row in rows:
        ca, ch, wa, wh = (row[k] for k in ("cold article", "cold home", "warm article",
                                            "warm home"))
        lines.append(
            f"| {row['spec']} | {ca['rps']:,.0f} | {ca['p50']:.1f} / {ca['p99']:.1f} "
            f"| {row['cold article single']:.2f} | {ch['rps']:,.0f} | {wa['rps']:,.0f} "
            f"| {wa['p50']:.1f} / {wa['p99']:.1f} | {wh['rps']:,.0f} "
            f"| {row['warm rss'] or 0:.0f} |")
    print("\n".join(lines))


def publish_only(bench):
    """Only the publish test: warm site, Varnish in front when installed."""
    bench.prepare_database()
    bench.picked = bench.inprocess("pick")
    bench.flush_redis()
    varnish_port = free_port()
    use_proxy = bench.config.proxy and bool(processes.tool("varnishd"))
    varnish_url = f"http://127.0.0.1:{varnish_port}" if use_proxy else None
    server = bench.start_site(page_cache=True, varnish_url=varnish_url)
    if use_proxy:
        varnish = processes.varnish(int(server.base.rsplit(":", 1)[1]), varnish_port,
                                    bench.work, bench.work)
        bench.start(varnish, f"{varnish_url}/robots.txt")
    bench.publish_latency(server, varnish_url)
    print(report.publish_section(bench))


def main(argv=()):
    bench = Bench(Config.from_env())
    try:
        if argv and argv[0] == "servers":
            specs = argv[1:] or ["gunicorn:3", "gunicorn:5", "gunicorn:8", "granian:2",
                                 "granian:3", "granian:5", "granian:2x4"]
            compare_servers(bench, specs)
        elif argv and argv[0] == "publish":
            publish_only(bench)
        else:
            bench.run()
    finally:
        bench.cleanup()
