"""The benchmark's table and docs/benchmarks.md: figures, machine, versions, targets, peers."""

import os
import platform
import re
import statistics
import subprocess
import time
from pathlib import Path

from . import processes
from .conf import EVENT_GAP, PAGES, POLL_INTERVAL, SEARCH_TARGETS
from .phases import FIRST_RENDERS

NOTES_MARKER = "<!-- Notes below this line are kept when `make bench` rewrites the file. -->"

PEERS = """\
Measured for issue 5 on the same kind of machine (2 cores, `wrk -t2 -c32 -d20s --timeout 10s`
on loopback sharing the cores, 2,000 articles each, no page-cache plugin; medians of four
runs, ranges in brackets):

| peer | article page req/s | single request, median | home or latest-10 req/s |
|---|---|---|---|
| Wagtail 7.4 bakerydemo, gunicorn, SQLite | 36 (32-38) | 61 ms | 17-20 |
| the same on PostgreSQL 15 | 32 (25-35) | 80 ms | 15-17 |
| WordPress 6.1, nginx + php-fpm + MariaDB, opcache | 26 (24-31) | 92 ms | 21 |
| Ghost 6, SQLite | 16 (15-17) | 80 ms | 7 |
| nginx serving the article's HTML as a static file (the limit) | 40,000-57,000 | 0.4 ms | 50,000-53,000 |
"""


def machine():
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.MULTILINE)
    memory = re.search(r"^MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text(), re.MULTILINE)
    return {"cpus": os.cpu_count(), "model": model.group(1).strip() if model else "unknown",
            "ram_gb": int(memory.group(1)) / 1024 / 1024 if memory else None,
            "kernel": platform.release()}


def _first_line(argv):
    tool = processes.tool(argv[0])
    if not tool:
        return "not installed"
    done = subprocess.run([tool, *argv[1:]], capture_output=True, text=True)
    return (done.stdout + done.stderr).strip().splitlines()[0]


def versions(env, config):
    import django
    import gunicorn
    import redis
    import wagtail

    found = {"Python": platform.python_version(), "Django": django.get_version(),
             "Wagtail": wagtail.__version__, "gunicorn": gunicorn.__version__}
    try:
        import granian

        found["granian"] = granian.__version__
    except ImportError:
        pass
    if config.db == "postgresql":
        import psycopg

        with psycopg.connect(config.pg_url) as conn:
            found["PostgreSQL"] = conn.execute("SHOW server_version").fetchone()[0]
    else:
        import sqlite3

        found["SQLite"] = sqlite3.sqlite_version
    found["Redis"] = redis.Redis.from_url(config.redis_url).info("server")["redis_version"]
    found["Varnish"] = _version(_first_line(["varnishd", "-V"]), r"varnish-([\d.]+)")
    found["nginx"] = _version(_first_line(["nginx", "-v"]), r"nginx/([\d.]+)")
    found["wrk"] = _version(_first_line(["wrk", "-v"]), r"wrk (?:debian/)?([\d.]+)")
    return found


def _version(line, pattern):
    match = re.search(pattern, line)
    return match.group(1) if match else line


def _n(value, digits=0):
    if value is None:
        return "–"
    return f"{value:,.{digits}f}"


def _ms(value):
    if value is None:
        return "–"
    return f"{value:.2f}" if value < 10 else f"{value:.1f}" if value < 100 else f"{value:,.0f}"


def _queries(found, path):
    entry = (found or {}).get(path)
    if not entry:
        return "–"
    text = str(entry["queries"])
    if entry["scans"]:
        text += f" ({len(entry['scans'])} scan{'s' if len(entry['scans']) > 1 else ''})"
    return text


def _kb(size):
    if size is None:
        return "–"
    return f"{size / 1024:,.0f}" if size >= 10 * 1024 else f"{size / 1024:.1f}"


def _ratio(value, limit):
    if not value or not limit:
        return "–"
    return f"{value / limit:.2f}"


def table(bench):
    results = bench.results
    nginx = results.get("nginx", {}).get("rps")
    head = ("| page | cold req/s | p50 ms | p99 ms | single ms | SQL | warm req/s | p50 ms "
            "| p99 ms | SQL | warm ÷ nginx | via Varnish req/s | p50 ms | p99 ms "
            "| Varnish ÷ nginx | KB app / gzip | errors c/w/v | worker MB c/w |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for key, label in PAGES:
        if key not in bench.paths:
            continue
        path = bench.paths[key]
        cold = results["cold"].get(key, {})
        warm = results["warm"].get(key, {})
        proxy = results["proxy"].get(key, {})
        single = results["single"].get("cold", {}).get(key)
        errors = "/".join(str(r.get("errors", "–")) for r in (cold, warm, proxy))
        sizes = results.get("size", {})
        size = " / ".join(_kb(sizes.get(mode, {}).get(key)) for mode in ("app", "proxy"))
        rss = "/".join(_n(r.get("rss")) for r in (cold, warm))
        lines.append(
            f"| {label} | {_n(cold.get('rps'))} | {_ms(cold.get('p50'))} "
            f"| {_ms(cold.get('p99'))} | {_ms(single)} "
            f"| {_queries(results['queries'].get('cold'), path)} "
            f"| {_n(warm.get('rps'))} | {_ms(warm.get('p50'))} | {_ms(warm.get('p99'))} "
            f"| {_queries(results['queries'].get('warm'), path)} "
            f"| {_ratio(warm.get('rps'), nginx)} | {_n(proxy.get('rps'))} "
            f"| {_ms(proxy.get('p50'))} | {_ms(proxy.get('p99'))} "
            f"| {_ratio(proxy.get('rps'), nginx)} | {size} | {errors} | {rss} |")
    if nginx:
        limit = results["nginx"]
        lines.append(f"| **nginx, the article as a static file** | | | | "
                     f"{_ms(results['single'].get('nginx'))} | | {_n(limit['rps'])} "
                     f"| {_ms(limit['p50'])} | {_ms(limit['p99'])} | | 1.00 | | | | "
                     f"| {_kb(results.get('nginx_size', (None, None))[0])} / "
                     f"{_kb(results.get('nginx_size', (None, None))[1])} "
                     f"| {limit['errors']} | |")
    return "\n".join(lines)


def single_line(bench):
    single = bench.results["single"]
    parts = []
    for mode, label in (("warm", "from the page cache"), ("proxy", "through Varnish")):
        if single.get(mode):
            parts.append(f"{label}: " + ", ".join(
                f"{name} {_ms(single[mode][key])}" for key, name in PAGES
                if key in single[mode]))
    return ("Single request medians (ms), warm " + "; ".join(parts) + ".") if parts else ""


def _publish_summary(events):
    """(phase, kind, target) -> list of seconds (None when never seen)."""
    found = {}
    for event in events:
        for name, seconds in event["latencies"].items():
            target = name.split(" ", 1)[0]
            found.setdefault((event.get("phase", "load"), event["kind"], target),
                             []).append(seconds)
    return found


def publish_section(bench):
    events = bench.results.get("publish") or []
    if not events:
        return ""
    summary = _publish_summary(events)
    targets = sorted({target for _, _, target in summary}, key=["app", "proxy"].index)
    names = {"app": "through the app", "proxy": "through Varnish"}
    lines = ["| change | " + " | ".join(f"{names[t]}: median / max s" for t in targets) + " |",
             "|---|" + "---|" * len(targets)]
    phases = {"load": "while wrk loads the home page", "idle": "no other load"}
    for phase in ("load", "idle"):
        for kind in ("publish", "update"):
            if not any((phase, kind, t) in summary for t in targets):
                continue
            cells = []
            for target in targets:
                values = summary.get((phase, kind, target), [])
                seen = [v for v in values if v is not None]
                missing = len(values) - len(seen)
                cell = (f"{statistics.median(seen):.2f} / {max(seen):.2f}" if seen else "never")
                if missing:
                    cell += f" ({missing} never within 30 s)"
                cells.append(cell)
            label = "new article published" if kind == "publish" else "headline updated"
            lines.append(f"| {label}, {phases[phase]} | " + " | ".join(cells) + " |")
    actions = [event["action"] for event in events]
    stale = sorted({name for event in events for name in event["stale"]})
    rounds = len([e for e in events if e.get("phase", "load") == "load"]) // 2
    pages = sorted({name.split(" ", 1)[1] for e in events for name in e["latencies"]})
    text = "\n".join(lines)
    text += (f"\n\n{rounds} rounds of one publish and one update while wrk loads the home page"
             f" ({'through Varnish' if 'proxy' in targets else 'on the app'}, which takes "
             f"all the CPU), then as many with no other load, {EVENT_GAP:.0f} s apart; "
             f"seconds from the "
             f"start of the editorial action to the first response showing the new headline, "
             f"over every page that shows it ({', '.join(pages)}), each polled every "
             f"{POLL_INTERVAL * 1000:.0f} ms on "
             f"keep-alive connections. The action itself (save, publish, commit, purge) took "
             f"{statistics.median(actions):.3f} s (median). ")
    text += ("After a page showed the new version it never went back to the old one."
             if not stale else f"Went back to the old version after showing the new one: "
                               f"{', '.join(stale)}.")
    return text


def _growth(first, second):
    return max((second[p] - first[p] for p in first if p in second), default=0)


def memory_section(bench):
    memory = bench.results.get("memory")
    if not memory:
        return ""
    before, after = memory["before"], memory["after"]
    half = memory.get("half")
    middle = half[1] if half else {}
    rows = []
    for pid in sorted(set(before) | set(after)):
        steps = [before.get(pid), middle.get(pid), after.get(pid)] if half else \
            [before.get(pid), after.get(pid)]
        rows.append(" → ".join(_n(step) for step in steps))
    text = (f"Workers' resident memory (VmRSS, MB) after {memory.get('warmup', 0):,} warm-up "
            f"requests, then {'after ' + format(half[0], ',') + ' and ' if half else ''}"
            f"after {memory['requests']:,} more, with the page cache on, rotating over "
            f"{memory['urls']:,} pages (the table's pages except search, and that many "
            f"different articles: every article is rendered once, then served from the cache), "
            f"{_n(memory['rps'])} req/s, {memory['errors']} errors: {'; '.join(rows)}. "
            f"Largest growth of a worker: {_growth(before, after):+.1f} MB in all")
    if half:
        text += f", {_growth(middle, after):+.1f} MB in the second half"
    return text + "."


def _seconds(values):
    seen = [value for value in values if value is not None]
    if not seen:
        return "never"
    text = f"{statistics.median(seen):.2f} / {max(seen):.2f}"
    missing = len(values) - len(seen)
    return text + (f" ({missing} never within 30 s)" if missing else "")


def search_section(bench, command=None, plans=False):
    """The search figures (``bench.results["search"]``, from ``search.SearchBench``): the
    queries cold, publish to searchable, the rebuild, the issue's targets and, with
    ``plans``, the plans of the index's queries."""
    found = bench.results.get("search")
    if not found:
        return ""
    config, queries = bench.config, found["queries"]
    lines = []
    if command:
        machine, (before, after) = found["machine"], found["load"]
        when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(found["started"]))
        lines += [f"`{command}`, {when}: {bench.published:,} published articles on "
                  f"{'PostgreSQL' if config.db == 'postgresql' else 'SQLite'}, production "
                  f"settings, {config.server}; {machine['cpus']} × {machine['model']}; load "
                  f"average before / after {', '.join(f'{x:.2f}' for x in before)} / "
                  f"{', '.join(f'{x:.2f}' for x in after)}.", ""]
    lines += [
        "Cold (`DATELINE_PAGE_CACHE=0`, every request renders): *first* is the query's first "
        "request to the app, *median* and *p99* of up to 200 sequential requests on one "
        "keep-alive connection, then "
        f"`wrk -t{config.threads} -c{config.connections} -d{config.duration}`. *matches*: "
        "documents of the index (both editions, drafts too) that match. *SQL*: queries of "
        "one request, with the plans that scan an article table.",
        "",
        "| edition | query | kind | stored as | matches | first ms | median ms | p99 ms "
        "| wrk req/s | wrk p50 / p99 ms | errors | SQL | KB |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for query in queries:
        single, wrk = query.get("single", {}), query.get("wrk", {})
        sql = query.get("sql") or {}
        scans = sql.get("scans") or []
        lines.append(
            f"| {query['edition']} | `{query['q']}` | {query['kind']} | {query['stored']} "
            f"| {query['matches']:,} | {_ms(query.get('first'))} | {_ms(single.get('median'))} "
            f"| {_ms(single.get('p99'))} | {_n(wrk.get('rps'))} | {_ms(wrk.get('p50'))} / "
            f"{_ms(wrk.get('p99'))} | {wrk.get('errors', '–')} "
            f"| {sql.get('queries', '–')}{f' ({len(scans)} scans)' if scans else ''} "
            f"| {query.get('kb', 0):.0f} |")
    events = found.get("searchable") or []
    if events:
        targets = sorted({name.split(" ", 1)[0] for e in events for name in e["latencies"]})
        names = {"cold": "page cache off", "warm": "page cache on"}
        lines += ["", "Publish → searchable: seconds from the start of the editorial action "
                  "(a new article whose headline holds a word of its own) to the first "
                  "search page for that word that lists it, polled every "
                  f"{POLL_INTERVAL * 1000:.0f} ms on the app; median / max of "
                  f"{config.publish_rounds} rounds each.", "",
                  "| phase | " + " | ".join(names.get(t, t) for t in targets) + " |",
                  "|---|" + "---|" * len(targets)]
        for phase, label in (("load", "while wrk loads a cold search page"),
                             ("idle", "no other load")):
            rows = [e for e in events if e.get("phase") == phase]
            if rows:
                lines.append(f"| {label} | " + " | ".join(
                    _seconds([e["latencies"].get(f"{t} search") for e in rows])
                    for t in targets) + " |")
    rebuild = found.get("rebuild")
    if rebuild:
        lines += ["", f"Rebuild: `dateline search_index rebuild` indexed {rebuild['articles']:,} "
                  f"articles in {rebuild['seconds']:.0f} s, **{rebuild['rate']:,.0f} articles/s** "
                  f"(emptying and queueing included; its last progress line: "
                  f"`{rebuild['last']}`)."]
    lines += ["", "| target (issue 14) | this run | met |", "|---|---|---|"]

    def row(target, value, met):
        lines.append(f"| {target} | {value} | {'yes' if met else '**no**'} |")

    goal = SEARCH_TARGETS
    timed = [q for q in queries if q.get("single")]
    if timed:
        slowest = max(timed, key=lambda q: q["single"]["median"])
        worst = max(timed, key=lambda q: q["single"]["p99"])
        row(f"cold, every query: median < {goal['median_ms']} ms, p99 < {goal['p99_ms']} ms",
            f"slowest median {_ms(slowest['single']['median'])} ms (`{slowest['q']}`), "
            f"worst p99 {_ms(worst['single']['p99'])} ms (`{worst['q']}`)",
            slowest["single"]["median"] < goal["median_ms"]
            and worst["single"]["p99"] < goal["p99_ms"])
        lowest = min(timed, key=lambda q: q["wrk"]["rps"])
        row(f"cold under wrk ≥ {goal['rps']} req/s, every query",
            f"lowest {_n(lowest['wrk']['rps'])} req/s (`{lowest['q']}`)",
            lowest["wrk"]["rps"] >= goal["rps"] and not any(q["wrk"]["errors"] for q in timed))
        scans = [f"`{q['q']}` {', '.join(q['sql']['scans'])}" for q in timed
                 if (q.get("sql") or {}).get("scans")]
        row("no scan of an article table", "; ".join(scans) or "none", not scans)
    if rebuild:
        row(f"rebuild ≥ {goal['rebuild_rate']:,} articles/s", f"{rebuild['rate']:,.0f}",
            rebuild["rate"] >= goal["rebuild_rate"])
    if events:
        seen = [v for e in events for v in e["latencies"].values()]
        latest = max((v for v in seen if v is not None), default=None)
        row(f"a publish searchable within {goal['searchable_s']:.0f} s (both phases, page "
            "cache off and on)",
            "never, for some" if None in seen else f"max {latest:.2f} s",
            None not in seen and latest <= goal["searchable_s"])
    if plans:
        for query in queries:
            for plan in query.get("plans") or ():
                lines += ["", f"`{query['path']}` ({query['kind']}, {plan['ms']:.1f} ms in the "
                          "request):", "", "```", plan["sql"], "", plan["plan"], "```"]
    return "\n".join(lines)


def targets(bench):
    results = bench.results
    cold, warm, proxy = results["cold"], results["warm"], results["proxy"]
    single = results["single"].get("cold", {})
    nginx = results.get("nginx", {}).get("rps")
    rows = []

    def row(target, value, met):
        rows.append(f"| {target} | {value} | {'yes' if met else '**no**'} |")

    def rps(mode, key):
        return mode.get(key, {}).get("rps") or 0

    queries = results["queries"].get("cold", {})
    article_queries = next((entry["queries"] for path, entry in queries.items()
                            if path == bench.paths.get("article")), None)
    row("cold article ≥ 250 req/s", f"{_n(rps(cold, 'article'))}", rps(cold, "article") >= 250)
    single_p99 = results.get("single_p99", {}).get("cold", {}).get("article")
    row("cold article single request: median < 8 ms, p99 < 25 ms, ≤ 4 queries",
        f"{_ms(single.get('article'))} ms, p99 {_ms(single_p99)} ms, {article_queries} queries",
        (single.get("article") or 99) < 8 and (single_p99 or 999) < 25
        and article_queries is not None and article_queries <= 4)
    first = results["single"].get("first_render")
    row("a new article's first render (nothing of it cached) < 10 ms",
        f"{_ms(first)} ms (median of {FIRST_RENDERS} articles, each asked once)",
        (first or 99) < 10)
    for key in ("home", "feed_2", "section", "tag", "author"):
        if key in cold:
            row(f"cold {key} ≥ 250 req/s", f"{_n(rps(cold, key))} req/s, {_ms(single.get(key))} ms",
                rps(cold, key) >= 250)
    for key in ("rss", "api"):
        if key in single:
            row(f"cold {key} single request < 10 ms", f"{_ms(single.get(key))} ms",
                single[key] < 10)
    if "feed_oldest" in cold:
        ratio = rps(cold, "feed_oldest") / max(rps(cold, "feed_2"), 1)
        row("feed by cursor as fast at the oldest article as on page 2",
            f"{_n(rps(cold, 'feed_oldest'))} vs {_n(rps(cold, 'feed_2'))} req/s "
            f"({ratio:.2f}×)", ratio >= 0.85)
    for key in ("article", "home", "feed_2"):
        row(f"warm {key} from the page cache ≥ 4,000 req/s", _n(rps(warm, key)),
            rps(warm, key) >= 4000)
    if proxy and nginx:
        row("through Varnish ≥ ½ nginx's static throughput (article)",
            f"{rps(proxy, 'article') / nginx:.2f}×", rps(proxy, "article") >= nginx / 2)
        sizes = results.get("size", {}).get("proxy", {})
        limit = 4 * (sizes.get("article") or 0)
        alike = [k for k in proxy if sizes.get(k, 0) <= limit] if limit else list(proxy)
        others = sorted(set(proxy) - set(alike))
        worst = min(alike, key=lambda k: rps(proxy, k))
        row("… every page of about the article's size (≤ 4× its bytes)",
            f"lowest {worst}: {rps(proxy, worst) / nginx:.2f}×"
            + ("; larger: " + ", ".join(f"{k} {_kb(sizes.get(k))} KB "
                                         f"{rps(proxy, k) / nginx:.2f}×" for k in others)
               if others else ""),
            rps(proxy, worst) >= nginx / 2)
    if queries:
        most = max(entry["queries"] for entry in queries.values())
        scans = {path: entry["scans"] for path, entry in queries.items() if entry["scans"]}
        row("queries per page small (cold), none scanning an article table",
            f"at most {most}; scans: "
            + ("none" if not scans else "; ".join(f"`{p}` {', '.join(s)}"
                                                  for p, s in scans.items())),
            most <= 30 and not scans)
    for phase, label in (("load", "under load"), ("idle", "no other load")):
        events = [e for e in results.get("publish") or [] if e.get("phase", "load") == phase]
        if not events:
            continue
        seen = [v for e in events for v in e["latencies"].values()]
        worst = max((v for v in seen if v is not None), default=None)
        stale = any(e["stale"] for e in events)
        row(f"publish and update visible everywhere ≤ 1 s, never stale after ({label})",
            f"max {worst:.2f} s" if worst is not None and None not in seen else "not everywhere",
            None not in seen and worst is not None and worst <= 1 and not stale)
    memory = results.get("memory")
    if memory:
        growth = _growth(memory["before"], memory["after"])
        late = _growth(memory["half"][1], memory["after"]) if memory.get("half") else growth
        row(f"worker memory flat over {memory['requests']:,} requests",
            f"largest growth {growth:+.1f} MB, {late:+.1f} MB in the second half",
            late < 3)
    return "| target | this run | met |\n|---|---|---|\n" + "\n".join(rows)


def render(bench, started):
    config, results = bench.config, bench.results
    m, v = results["machine"], results["versions"]
    cores = os.cpu_count() or 1
    gunicorn = f"gunicorn, {config.workers or 2 * cores + 1} sync workers"
    granian = f"granian WSGI, {config.workers or cores + 1} workers"
    shipped = gunicorn if os.environ.get("DATELINE_SERVER") == "gunicorn" else granian
    server = {
        "serve": f"`dateline serve` ({shipped})",
        "gunicorn": f"`DATELINE_SERVER=gunicorn dateline serve` ({gunicorn})",
        "gthread": f"gunicorn, {config.workers or 2 * cores + 1} gthread workers × "
                   f"{config.threads_per_worker or 4} threads",
        "granian": f"granian WSGI, {config.workers or cores + 1} workers × "
                   f"{config.threads_per_worker or 1} blocking thread",
    }[config.server]
    load = " / ".join(", ".join(f"{x:.2f}" for x in loads)
                      for loads in (bench.load_before, getattr(bench, "load_after", ())) if loads)
    parts = [
        "# Benchmarks",
        "",
        f"`make bench`, {started:%Y-%m-%d %H:%M} UTC: {bench.published:,} published articles "
        f"on {'PostgreSQL' if config.db == 'postgresql' else 'SQLite'} "
        f"(`BENCH_ARTICLES={config.articles}`), production settings, {server}, Redis page "
        f"cache, Varnish with `deploy/varnish/dateline.vcl`.",
        "",
        f"- Machine: {m['cpus']} × {m['model']}, {m['ram_gb']:.0f} GB RAM, Linux "
        f"{m['kernel']}; load average before / after the run {load} (other work on the "
        f"machine shows here).",
        "- Versions: " + ", ".join(f"{name} {version}" for name, version in v.items()) + ".",
        f"- Load: `wrk -t{config.threads} -c{config.connections} -d{config.duration} "
        f"--timeout 10s --latency` on loopback, sharing the cores; every request carries "
        f"`X-Forwarded-Proto: https` (as from the TLS proxy) and `Accept-Encoding: gzip`.",
        "- Cold: `DATELINE_PAGE_CACHE=0`, every request renders. Warm: "
        "`DATELINE_PAGE_CACHE=1` after one priming request. Via Varnish: warm, with the "
        "shipped VCL in front. *single*: median of up to 200 sequential requests on one "
        "keep-alive connection, cold. *SQL*: queries of one request measured in-process "
        "(Django test client, same settings and database), with the number of plans that "
        "scan an article table (`EXPLAIN`). *errors*: non-2xx/3xx and socket errors. "
        "*worker MB*: largest app server worker's VmRSS after the run.",
        "",
        table(bench),
        "",
        single_line(bench),
    ]
    for title, body in (("Publish latency", publish_section(bench)),
                        ("Memory", memory_section(bench)),
                        ("Search (issue 14)", search_section(bench))):
        if body:
            parts += ["", f"## {title}", "", body]
    parts += ["", "## Targets (issue 15)", "", targets(bench), "", "## Peers", "", PEERS]
    if bench.notes:
        parts += ["", "Run notes: " + " ".join(bench.notes)]
    return "\n".join(parts).rstrip() + "\n"


def write(path, text):
    """Write ``text``, keeping the hand-written notes below NOTES_MARKER."""
    path = Path(path)
    notes = ""
    if path.exists():
        old = path.read_text()
        if NOTES_MARKER in old:
            notes = old.split(NOTES_MARKER, 1)[1]
    path.write_text(text + "\n" + NOTES_MARKER + (notes or "\n"))
