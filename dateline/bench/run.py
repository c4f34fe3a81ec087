"""`make bench`: build or reuse the database, start the site as an operator would, load it
with wrk, and write the table (docs/benchmarks.md). See ``dateline/bench/__init__.py``.

``Bench.run()`` is the script of phases; each phase is another module's job:
``lifecycle`` (the site, its database and processes), ``phases`` (cold, warm, nginx,
Varnish), ``publish`` (publish latency), ``memory`` (worker memory), ``search`` (search
cold, publish to searchable, the index rebuild), ``report`` (the table). ``conf`` holds
what they share.
"""

import os
import sys
from datetime import UTC, datetime

from . import load, memory, processes, report
from .conf import Config, log
from .lifecycle import Lifecycle
from .live import live_only
from .phases import LoadPhases
from .processes import free_port
from .publish import PublishLatency
from .search import SearchBench, search_only


class Bench:
    """One run: its settings, its site, and what it found (``results``, ``notes`` and the
    rest that ``report`` reads)."""

    def __init__(self, config):
        self.config = config
        self.site = Lifecycle(config)
        self.results = {"cold": {}, "warm": {}, "proxy": {}, "single": {}, "queries": {},
                        "rss": {}}
        self.notes = []
        self.published = self.picked = self.paths = None  # set as the run goes
        self.load_before = self.load_after = ()  # os.getloadavg() at the start and the end

    def run(self):
        config, results = self.config, self.results
        started = datetime.now(UTC)
        has_nginx, use_proxy = self.check_tools()
        self.prepare()
        self.load_before = os.getloadavg()
        phases = LoadPhases(self.site, config, results)
        self.paths, article_html = phases.cold(self.picked)
        varnish_port = free_port()
        varnish_url = f"http://127.0.0.1:{varnish_port}" if use_proxy else None
        server = phases.warm(self.paths, varnish_url)
        if has_nginx:
            phases.nginx(article_html)
        proxy_base = phases.proxy(server, varnish_port, self.paths) if use_proxy else None
        results["publish"] = PublishLatency(self.site, config, self.picked).measure(
            server, proxy_base)
        results["memory"] = memory.measure(config, server, self.paths,
                                           self.picked["article_paths"], self.site.work)
        self.site.stop_all()
        results["search"] = SearchBench(self.site, config, self.picked).run()
        self.load_after = os.getloadavg()
        self.write_report(started)

    def check_tools(self):
        """(nginx installed, Varnish to be used); wrk is required, the others are noted
        when missing."""
        if not processes.tool("wrk"):
            raise SystemExit("`make bench` needs wrk (Debian: apt-get install wrk)")
        has_nginx, has_varnish = bool(processes.tool("nginx")), bool(processes.tool("varnishd"))
        if not has_nginx:
            self.notes.append("nginx is not installed: no static-file limit in this run.")
        if self.config.proxy and not has_varnish:
            self.notes.append("varnishd is not installed: no reverse-proxy figures.")
        return has_nginx, self.config.proxy and has_varnish

    def prepare(self):
        """The database with its articles, and the pages and furniture to measure."""
        self.published = self.site.prepare_database()
        self.picked = self.site.inprocess("pick")

    def write_report(self, started):
        self.results["machine"] = report.machine()
        self.results["versions"] = report.versions(self.site.site_env(True), self.config)
        text = report.render(self, started)
        print(text)
        if self.config.output:
            report.write(self.config.output, text)
            log(f"wrote {self.config.output}")

    def cleanup(self):
        self.site.cleanup()


def compare_servers(bench, specs):
    """App servers side by side on the article and home pages, cold and warm. ``specs``:
    ``gunicorn:5`` (workers), ``granian:2x4`` (workers x blocking threads)."""
    bench.prepare()
    pages = {key: bench.picked["pages"][key] for key in ("article", "home")}
    rows = [_server_row(bench, spec, pages) for spec in specs]
    print(_servers_table(rows))


def _server_row(bench, spec, pages):
    """One app server's figures: cold and warm, each page."""
    config, site = bench.config, bench.site
    phases = LoadPhases(site, config, bench.results)
    kind, _, size = spec.partition(":")
    workers, _, threads = size.partition("x")
    row = {"spec": spec}
    for mode, page_cache in (("cold", False), ("warm", True)):
        site.flush_redis()
        server = site.start_site(page_cache=page_cache, kind=kind, workers=workers or None,
                                 threads=threads or None)
        phases.verify(server.base, pages)
        for key, path in pages.items():
            row[f"{mode} {key} single"] = load.single(server.base, path)
            row[f"{mode} {key}"] = load.wrk(server.base + path, config.duration,
                                            config.threads, config.connections)
        row[f"{mode} rss"] = max(processes.worker_rss(server).values(), default=None)
        site.stop(server)
    log(f"{spec}: " + ", ".join(f"{k} {v['rps']:.0f} req/s" for k, v in row.items()
                                if isinstance(v, dict)))
    return row


def _servers_table(rows):
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
    return "\n".join(lines)


def publish_only(bench):
    """Only the publish test: warm site, Varnish in front when installed."""
    bench.prepare()
    site = bench.site
    site.flush_redis()
    varnish_port = free_port()
    use_proxy = bench.config.proxy and bool(processes.tool("varnishd"))
    varnish_url = f"http://127.0.0.1:{varnish_port}" if use_proxy else None
    server = site.start_site(page_cache=True, varnish_url=varnish_url)
    if use_proxy:
        site.start_varnish(server, varnish_port)
    bench.results["publish"] = PublishLatency(site, bench.config, bench.picked).measure(
        server, varnish_url)
    print(report.publish_section(bench))


def main(argv=()):
    """Run the benchmark (no arguments), ``servers [SPEC...]``, ``publish``, ``live``,
    ``search`` or ``newsletter [--addresses N]``; anything else, ``--help`` too, prints the usage instead of starting an
    hour-long run."""
    if argv and argv[0] == "newsletter":
        from .newsletter import main as newsletter

        return newsletter(argv[1:])
    if argv and argv[0] == "push":  # a site of its own (push.py): no Bench to prepare
        from .push import main as push_main

        return push_main(argv[1:])
    if argv and argv[0] not in ("servers", "publish", "live", "search"):
        print(sys.modules[__package__].__doc__)
        return 0 if argv[0] in ("-h", "--help", "help") else 2
    bench = Bench(Config.from_env())
    try:
        if argv and argv[0] == "servers":
            specs = argv[1:] or ["gunicorn:3", "gunicorn:5", "gunicorn:8", "granian:2",
                                 "granian:3", "granian:5", "granian:2x4"]
            compare_servers(bench, specs)
        elif argv and argv[0] == "publish":
            publish_only(bench)
        elif argv and argv[0] == "live":
            live_only(bench)
        elif argv and argv[0] == "search":
            search_only(bench)
        else:
            bench.run()
    finally:
        bench.cleanup()
    return 0
