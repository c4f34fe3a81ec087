"""Live coverage at scale (issue 16, ``python -m dateline.bench live``): many readers of one
live article polling its stream through Varnish while an editor posts from the composer.

Three figures, each measured as a reader or an editor meets it:

- **cold render**: the page of a live article of 2,000 entries (paginated) against an
  ordinary article, page cache off, one request at a time;
- **readers**: ``BENCH_LIVE_READERS`` simulated browsers (10,000) ask the stream every
  2-2.5 s as ``updates.js`` does, each on its own keep-alive connection with the
  ``If-None-Match`` of its last answer. They run in ``BENCH_LIVE_PROCESSES`` processes
  of asyncio with raw sockets (a thread or an ``http.client`` per reader would measure the
  load generator, not the site). Each reader notes when it first got an answer holding
  each post's marker; latency runs from the moment the POST was sent;
- **the composer**: a logged-in editor posts through ``POST /admin/live/<id>/`` (session,
  CSRF token, ``Accept: application/json``, as ``composer.js``), through Varnish like a
  browser; its answer time, and the time until a poller asking every 50 ms gets the entry
  from Varnish, with the readers running and then on an idle site.

Varnish's own counters (``varnishstat``) give what reached the app: the requests per
second the app sees whatever the number of readers.
"""

import asyncio
import http.client
import json
import multiprocessing
import os
import random
import re
import resource
import secrets
import statistics
import subprocess
import threading
import time
import zlib
from urllib.parse import urlencode, urlsplit

from . import load, processes, report
from .conf import log
from .processes import free_port

READERS = 10_000
PROCESSES = 3  # two could not keep 10,000 readers on schedule on 2 cores (3,257 of 4,444 req/s)
POSTS = 5
POST_GAP = 10.0  # seconds between two posts: more than a poll and the re-purges
WARM_UP = 15.0
ENTRIES = 2_000
POLL_EVERY = (2.0, 2.5)  # updates.js: data-every="2000", times 1 to 1.25
TARGET = 3.0  # seconds from Post to every reader's screen
TIMEOUT = 10.0
VARNISH_PARAMS = ("thread_pool_min=200", "thread_pool_max=4000")


def _percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def _spread(values):
    if not values:
        return {"n": 0}
    return {"n": len(values), "median": statistics.median(values),
            "p99": _percentile(values, 0.99), "max": max(values), "min": min(values)}


def raise_fd_limit():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


class LiveBench:
    """The live test on a prepared site; ``picked`` is what ``inprocess pick`` found."""

    def __init__(self, site, config, picked):
        self.site, self.config, self.picked = site, config, picked
        env = os.environ.get
        self.readers = int(env("BENCH_LIVE_READERS", READERS))
        self.processes = int(env("BENCH_LIVE_PROCESSES", PROCESSES))
        self.posts = int(env("BENCH_LIVE_POSTS", POSTS))
        self.entries = int(env("BENCH_LIVE_ENTRIES", ENTRIES))

    def run(self):
        results = {"readers_wanted": self.readers, "processes": self.processes}
        log(f"a live article of {self.entries:,} entries, through the live actions")
        furniture = {key: self.picked[key] for key in ("section", "tag", "author")}
        live = self.site.inprocess("live", str(self.entries), json.dumps(furniture))
        log(f"{live['entries']:,} entries posted in {live['seconds']:.1f} s")
        results["prepare"] = {"entries": live["entries"], "seconds": live["seconds"]}
        pages = {"live article": live["path"], "article": self.picked["pages"]["article"],
                 "live stream": live["stream"]}
        results["cold"] = self.cold(pages)
        self.site.flush_redis()
        varnish_port = free_port()
        varnish_url = f"http://127.0.0.1:{varnish_port}"
        server = self.site.start_site(page_cache=True, varnish_url=varnish_url)
        varnish = self.site.start_varnish(server, varnish_port, params=VARNISH_PARAMS)
        stats = VarnishStats(varnish)
        desk = Desk(varnish_url, live["username"], live["password"])
        desk.log_in()
        desk.open(live["article"])
        results["loaded"] = self.readers_run(varnish_url, live, desk, stats)
        log("the composer on an idle site")
        results["idle"] = {"posts": [self.post(desk, live, varnish_url, f"idle-{n}")
                                     for n in range(self.posts)]}
        return results

    def cold(self, pages):
        """Single requests, page cache off: median and p99 ms per page, and its queries."""
        server = self.site.start_site(page_cache=False)
        found = {}
        try:
            for name, path in pages.items():
                status, _, body = load.fetch(server.base, path)
                if status != 200:
                    raise RuntimeError(f"{path} answered {status}")
                times = load.timings(server.base, path, budget=15.0)
                found[name] = {"path": path, "kb": len(body) / 1024, **_spread(times)}
                log(f"cold {name}: median {found[name]['median']:.1f} ms, p99 "
                    f"{found[name]['p99']:.1f} ms over {len(times)} requests")
        finally:
            self.site.stop(server)
        queries = self.site.inprocess("queries", *pages.values(), page_cache=False)
        for name, path in pages.items():
            found[name]["queries"] = queries[path]["queries"]
        return found

    def readers_run(self, base, live, desk, stats):
        """Start the readers, let them settle, post ``self.posts`` entries POST_GAP apart,
        and collect what every reader saw."""
        token = secrets.token_hex(4)
        markers = [f"bench-mark-{token}-{n}" for n in range(self.posts)]
        pool = ReaderPool(base, live["stream"], self.readers, self.processes, markers)
        backend_log = stats.backend_log(self.site.work / "varnish-backend.log")
        pool.start()
        try:
            log(f"{self.readers:,} readers in {self.processes} processes; warming up "
                f"{WARM_UP:.0f} s")
            time.sleep(WARM_UP)
            before, counted_before, begun = stats.read(), pool.counts(), time.monotonic()
            posts = []
            for marker in markers:
                posts.append(self.post(desk, live, base, marker))
                time.sleep(POST_GAP)
            after, counted_after, ended = stats.read(), pool.counts(), time.monotonic()
        finally:
            seen = pool.stop()
            backend_log.terminate()
            backend_log.wait()
        fetched = stats.backend_summary(self.site.work / "varnish-backend.log")
        log("what Varnish asked the app for: " + "; ".join(
            f"{n} × {what}" for what, n in fetched))
        window = ended - begun
        counted = {key: counted_after[key] - counted_before[key] for key in counted_after}
        latencies, per_post = [], []
        for post, marker in zip(posts, markers, strict=True):
            times = [moment - post["sent"] for moment in seen[marker] if moment]
            missing = len(seen[marker]) - len(times)
            latencies += times
            per_post.append({**_spread(times), "missing": missing})
        within = sum(1 for t in latencies if t <= TARGET)
        expected = self.readers * len(posts)
        return {
            "window": window, "readers": pool.readers, "posts": posts, "per_post": per_post,
            "latency": _spread(latencies), "within": within / expected if expected else 0,
            "missing": expected - len(latencies),
            "reader_rps": counted["requests"] / window,
            "reader_counts": counted,
            "varnish_rps": (after["MAIN.client_req"] - before["MAIN.client_req"]) / window,
            "backend_rps": (after["MAIN.backend_req"] - before["MAIN.backend_req"]) / window,
            "backend_requests": after["MAIN.backend_req"] - before["MAIN.backend_req"],
            "varnish": {key: after[key] - before[key] for key in after},
            "fetched": fetched,
            "error_kinds": seen["errors"],
            "lag": _spread(seen["lag"]),
        }

    def post(self, desk, live, base, marker):
        """One entry through the composer; the answer time, and when a poller asking
        every 50 ms first got the entry from ``base``."""
        watcher = Watcher(base, live["stream"], marker)
        watcher.start()
        time.sleep(0.2)
        sent = time.time()
        entry = desk.post(live["article"], f"Breaking: {marker}. Crews are on the scene.")
        answered = time.time()
        served = watcher.wait(30)
        done = {"marker": marker, "entry": entry, "sent": sent, "answer": answered - sent,
                "served": served - sent if served else None}
        log(f"post {marker}: composer answered in {done['answer']:.3f} s, served by the "
            f"stream after " + (f"{done['served']:.3f} s" if served else "never"))
        return done


class VarnishStats:
    FIELDS = ("MAIN.client_req", "MAIN.backend_req", "MAIN.cache_hit", "MAIN.cache_miss",
              "MAIN.sess_conn", "MAIN.sess_drop", "MAIN.sess_fail", "MAIN.n_purges",
              "MAIN.busy_sleep", "MAIN.busy_wakeup")

    def __init__(self, varnish):
        self.workdir = re.search(r"'-n', '([^']+)'", repr(varnish.popen.args)).group(1)

    def backend_log(self, path):
        """``varnishncsa`` writing every request Varnish sends the app to ``path``
        (terminate it when done)."""
        argv = [processes.tool("varnishncsa"), "-b", "-n", self.workdir, "-F",
                "%m %U %s %{Cache-Control}o"]
        return subprocess.Popen(argv, stdout=path.open("w"), stderr=subprocess.DEVNULL)

    @staticmethod
    def backend_summary(path, top=6):
        """The commonest (method, path, status, Cache-Control) of the backend log."""
        lines = path.read_text().splitlines() if path.exists() else []
        counted = {}
        for line in lines:
            what = re.sub(r"(stale-while-revalidate|stale-if-error)=\d+, ?", "", line)
            counted[what] = counted.get(what, 0) + 1
        return sorted(counted.items(), key=lambda item: -item[1])[:top]

    def read(self):
        argv = [processes.tool("varnishstat"), "-n", self.workdir, "-1"]
        for name in self.FIELDS:
            argv += ["-f", name]
        output = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
        found = dict.fromkeys(self.FIELDS, 0)
        for line in output.splitlines():
            parts = line.split()
            if len(parts) >= 2 and parts[0] in found:
                found[parts[0]] = int(parts[1])
        return found


class Desk:
    """An editor in a browser: signed in, posting from the composer as its script does."""

    def __init__(self, base, username, password):
        parts = urlsplit(base)
        self.host, self.port = parts.hostname, parts.port
        self.origin = f"https://{parts.netloc}"
        self.username, self.password = username, password
        self.cookies = {}
        self.conn, self.used = None, 0.0

    def request(self, method, path, form=None, headers=None):
        # Varnish closes an idle client connection after timeout_idle (5 s); so does a
        # browser its own, sooner or later: a new one after a pause.
        if self.conn is not None and time.monotonic() - self.used > 3:
            self.conn.close()
            self.conn = None
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        headers = {"X-Forwarded-Proto": "https", "Accept-Encoding": "identity",
                   "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
                   **(headers or {})}
        body = None
        if form is not None:
            body = urlencode(form)
            headers.update({"Content-Type": "application/x-www-form-urlencoded",
                            "Origin": self.origin, "Referer": self.origin + path,
                            "X-CSRFToken": self.cookies.get("csrftoken", "")})
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            data = response.read()
            self.used = time.monotonic()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = None
            raise
        for cookie in response.headers.get_all("Set-Cookie") or ():
            name, _, value = cookie.split(";", 1)[0].partition("=")
            self.cookies[name.strip()] = value.strip()
        return response.status, response.headers, data

    def log_in(self):
        status, _, body = self.request("GET", "/admin/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        if status != 200 or not token:
            raise RuntimeError(f"/admin/login/ answered {status} without a form")
        status, headers, _ = self.request("POST", "/admin/login/", form={
            "csrfmiddlewaretoken": token.group(1).decode(), "username": self.username,
            "password": self.password, "next": "/admin/"})
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"signing in as {self.username} failed ({status})")

    def open(self, article):
        """The composer, as the editor opens it before posting."""
        status, _, _ = self.request("GET", f"/admin/live/{article}/")
        if status != 200:
            raise RuntimeError(f"the composer answered {status}")

    def post(self, article, text):
        status, _, body = self.request("POST", f"/admin/live/{article}/",
                                       form={"text": text, "title": ""},
                                       headers={"Accept": "application/json"})
        if status != 200:
            raise RuntimeError(f"the composer refused the post ({status}): {body[:500]!r}")
        return json.loads(body)["entry"]


class Watcher(threading.Thread):
    """Asks the stream every 50 ms until an answer holds ``marker``; ``wait()`` gives when."""

    def __init__(self, base, path, marker):
        super().__init__(daemon=True)
        self.base, self.path, self.marker = base, path, marker.encode()
        self.seen = None
        self._done = threading.Event()

    def run(self):
        conn = load.Connection(self.base, timeout=15)
        deadline = time.monotonic() + 40
        try:
            while time.monotonic() < deadline and not self._done.is_set():
                try:
                    _, headers, body = conn.get(self.path, headers={
                        "X-Forwarded-Proto": "https", "Accept": "application/json"})
                except OSError:
                    time.sleep(0.05)
                    continue
                if self.marker in body:
                    self.seen = time.time()
                    break
                time.sleep(0.05)
        finally:
            conn.close()
            self._done.set()

    def wait(self, timeout):
        self._done.wait(timeout)
        self._done.set()
        return self.seen


class ReaderPool:
    """The readers, split over processes; ``counts()`` sums their counters now, ``stop()``
    ends them and gives, per marker, when each reader first saw it (0: never)."""

    COUNTERS = ("requests", "ok", "not_modified", "bad_status", "timeouts", "conn_errors")

    def __init__(self, base, path, readers, processes, markers):
        parts = urlsplit(base)
        self.host, self.port, self.path, self.markers = parts.hostname, parts.port, path, markers
        self.readers = readers
        context = multiprocessing.get_context("fork")
        self._stop = context.Event()
        self._queue = context.Queue()
        share = [readers // processes + (1 if n < readers % processes else 0)
                 for n in range(processes)]
        self._counters = [context.RawArray("q", len(self.COUNTERS)) for _ in share]
        self._procs = [context.Process(target=_readers_main, daemon=True, args=(
            self.host, self.port, path, count, markers, self._counters[n], self._stop,
            self._queue)) for n, count in enumerate(share)]

    def start(self):
        for proc in self._procs:
            proc.start()

    def counts(self):
        return {name: sum(counters[i] for counters in self._counters)
                for i, name in enumerate(self.COUNTERS)}

    def stop(self):
        self._stop.set()
        seen = {marker: [] for marker in self.markers}
        seen["errors"], seen["lag"] = {}, []
        for _ in self._procs:
            part = self._queue.get(timeout=60)
            for marker in self.markers:
                seen[marker] += part[marker]
            for name, n in part["errors"].items():
                seen["errors"][name] = seen["errors"].get(name, 0) + n
            seen["lag"] += part["lag"]
        for proc in self._procs:
            proc.join(timeout=30)
        return seen


def _readers_main(host, port, path, count, markers, counters, stop, queue):
    raise_fd_limit()
    seen = {marker: [0.0] * count for marker in markers}
    seen["errors"], seen["lag"] = {}, []
    try:
        asyncio.run(_readers(host, port, path, count, markers, counters, stop, seen))
    finally:
        queue.put(seen)
        queue.close()
        queue.join_thread()


async def _readers(host, port, path, count, markers, counters, stop, seen):
    request = (f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nX-Forwarded-Proto: https\r\n"
               "Accept: application/json\r\nAccept-Encoding: gzip, deflate, br\r\n"
               "User-Agent: dateline-bench-reader\r\n").encode()
    wanted = [(marker, marker.encode()) for marker in markers]
    tasks = [asyncio.create_task(_reader(n, host, port, request, wanted, counters, seen))
             for n in range(count)]
    # How late the event loop wakes a sleeper: how far behind its schedule this load
    # generator runs (the readers' latencies include it).
    while not stop.is_set():
        asked = time.monotonic()
        await asyncio.sleep(0.1)
        seen["lag"].append(time.monotonic() - asked - 0.1)
    for task in tasks:
        task.cancel()
    await asyncio.wait(tasks, timeout=5)


async def _reader(n, host, port, request, wanted, counters, seen):
    """One browser tab: ask, wait 2-2.5 s after the answer, ask again."""
    # Readers open the page apart.
    await asyncio.sleep(random.uniform(0, POLL_EVERY[1]))  # noqa: S311  (no secret)
    etag, reader, writer = None, None, None
    try:
        while True:
            try:
                if writer is None:
                    reader, writer = await asyncio.wait_for(
                        asyncio.open_connection(host, port), TIMEOUT)
                conditional = f"If-None-Match: {etag}\r\n".encode() if etag else b""
                writer.write(request + conditional + b"\r\n")
                status, headers, body = await asyncio.wait_for(_response(reader), TIMEOUT)
            except TimeoutError:
                counters[4] += 1
                writer = _close(writer)
                await asyncio.sleep(1)
                continue
            except (OSError, asyncio.IncompleteReadError, ValueError) as error:
                counters[5] += 1
                name = type(error).__name__
                seen["errors"][name] = seen["errors"].get(name, 0) + 1
                writer = _close(writer)
                await asyncio.sleep(1)
                continue
            counters[0] += 1
            if status == 200:
                counters[1] += 1
                etag = headers.get("etag", etag)
                _look(n, body, headers, wanted, seen)
            elif status == 304:
                counters[2] += 1
            else:
                counters[3] += 1
            if headers.get("connection", "").lower() == "close":
                writer = _close(writer)
            await asyncio.sleep(random.uniform(*POLL_EVERY))  # noqa: S311  (no secret)
    finally:
        _close(writer)


def _look(n, body, headers, wanted, seen):
    if "gzip" in headers.get("content-encoding", ""):
        body = zlib.decompress(body, 31)
    now = time.time()
    for marker, needle in wanted:
        if not seen[marker][n] and needle in body:
            seen[marker][n] = now


def _close(writer):
    if writer is not None:
        writer.close()
    return None


async def _response(reader):
    """Status, headers (lower-case names) and body of one HTTP/1.1 response."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        if line:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
    if status == 304 or status < 200:
        return status, headers, b""
    if "content-length" in headers:
        return status, headers, await reader.readexactly(int(headers["content-length"]))
    if "chunked" in headers.get("transfer-encoding", ""):
        chunks = []
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            chunk = await reader.readexactly(size + 2)
            if not size:
                break
            chunks.append(chunk[:-2])
        return status, headers, b"".join(chunks)
    raise ValueError("a response without a length")


def live_only(bench):
    """``python -m dateline.bench live``: the figures of issue 16."""
    raise_fd_limit()
    bench.prepare()
    load_before = os.getloadavg()
    results = LiveBench(bench.site, bench.config, bench.picked).run()
    bench.site.stop_all()
    results["load"] = (load_before, os.getloadavg())
    results["machine"] = report.machine()
    print(render(results, bench.config))


def _s(value):
    return f"{value:.2f}" if value is not None else "never"


def render(results, config):
    """The markdown of the live figures."""
    cold, loaded, idle = results["cold"], results["loaded"], results["idle"]
    machine, (before, after) = results["machine"], results["load"]
    latency = loaded["latency"]
    answers = [post["answer"] for post in loaded["posts"]]
    served = [post["served"] for post in loaded["posts"] if post["served"] is not None]
    idle_answers = [post["answer"] for post in idle["posts"]]
    idle_served = [post["served"] for post in idle["posts"] if post["served"] is not None]
    counts = loaded["reader_counts"]
    errors = counts["bad_status"] + counts["timeouts"] + counts["conn_errors"]
    lines = [
        f"`python -m dateline.bench live`, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
        f": {config.db}, {config.articles:,} articles, a live article of "
        f"{results['prepare']['entries']:,} entries (posted through the live actions in "
        f"{results['prepare']['seconds']:.0f} s); {machine['cpus']} × {machine['model']}; "
        f"load average before / after {', '.join(f'{x:.2f}' for x in before)} / "
        f"{', '.join(f'{x:.2f}' for x in after)}.",
        "",
        "| page, cold (page cache off) | median ms | p99 ms | requests | SQL | KB |",
        "|---|---|---|---|---|---|",
    ]
    for name, row in cold.items():
        lines.append(f"| {name} | {row['median']:.1f} | {row['p99']:.1f} | {row['n']} "
                     f"| {row['queries']} | {row['kb']:.0f} |")
    lines += [
        "",
        "| readers through Varnish | figure |",
        "|---|---|",
        f"| readers (processes) | {loaded['readers']:,} ({results['processes']}) |",
        f"| reader requests / s achieved (Varnish client requests / s) "
        f"| {loaded['reader_rps']:,.0f} ({loaded['varnish_rps']:,.0f}) |",
        f"| app requests / s (backend requests in {loaded['window']:.0f} s) "
        f"| {loaded['backend_rps']:.2f} ({loaded['backend_requests']}) |",
        f"| Post to on every reader's screen: median / p99 / max s "
        f"| {_s(latency.get('median'))} / {_s(latency.get('p99'))} / {_s(latency.get('max'))} |",
        f"| readers who had it within {TARGET:.0f} s | {loaded['within']:.2%} "
        f"({loaded['missing']} never) |",
        "| per post, median / max s | " + ", ".join(
            f"{_s(p.get('median'))} / {_s(p.get('max'))}" for p in loaded["per_post"]) + " |",
        f"| errors (non-200/304, timeouts, connection errors) | {errors} "
        f"({counts['bad_status']}, {counts['timeouts']}, {counts['conn_errors']}) |",
        f"| 200 / 304 answers | {counts['ok']:,} / {counts['not_modified']:,} |",
        "| connection errors by kind | " + (", ".join(
            f"{name} {n}" for name, n in loaded["error_kinds"].items()) or "none") + " |",
        f"| load generator's lag (event loop late), median / p99 / max ms "
        f"| {loaded['lag']['median'] * 1000:.0f} / {loaded['lag']['p99'] * 1000:.0f} / "
        f"{loaded['lag']['max'] * 1000:.0f} |",
        f"| reader requests / s the schedule asks (readers ÷ 2.25 s) "
        f"| {loaded['readers'] / statistics.mean(POLL_EVERY):,.0f} |",
        f"| composer: Post to answer, median / max s | {_s(statistics.median(answers))} / "
        f"{_s(max(answers))} |",
        f"| composer: Post to served by Varnish (50 ms poller), median / max s "
        f"| {_s(statistics.median(served) if served else None)} / "
        f"{_s(max(served) if served else None)} |",
        f"| idle site: Post to answer, median / max s | {_s(statistics.median(idle_answers))}"
        f" / {_s(max(idle_answers))} |",
        f"| idle site: Post to served by Varnish, median / max s "
        f"| {_s(statistics.median(idle_served) if idle_served else None)} / "
        f"{_s(max(idle_served) if idle_served else None)} |",
        "",
        "What Varnish asked the app for during the readers' run: " + "; ".join(
            f"{n} × `{what}`" for what, n in loaded["fetched"]) + ".",
    ]
    return "\n".join(lines)
