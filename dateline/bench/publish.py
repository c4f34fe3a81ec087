"""Publish latency: how long after an editor publishes (or changes a headline) every page that
shows the article shows the new version, through the app and through Varnish.

An editor process (``inprocess publish``) runs the editorial action on command; meanwhile
one poller per (target, page) asks for the page every POLL_INTERVAL on its own keep-alive
connection, and notes when the new headline first appears and whether an old version
comes back afterwards. Rounds run while wrk loads the home page, then with no other load.
"""

import json
import subprocess
import sys
import threading
import time

from . import load
from .conf import EVENT_GAP, POLL_INTERVAL, SHOWS_NEW, log
from .processes import ROOT


class PublishLatency:
    """The publish test on a running site; ``picked`` is what ``inprocess pick`` found."""

    def __init__(self, site, config, picked):
        self.site, self.config, self.picked = site, config, picked

    def measure(self, server, proxy_base):
        """Publish (and update) through the editorial action under load; time until every
        page that shows the article shows the new headline, through the app and Varnish.
        Return the events, one per change."""
        picked = self.picked["pages"]
        paths = {key: picked[key] for key in SHOWS_NEW if key in picked}
        targets = [("app", server.base)] + ([("proxy", proxy_base)] if proxy_base else [])
        editor = self.start_editor(proxy_base)
        loaded = proxy_base or server.base
        events = []
        try:
            for phase in ("load", "idle"):
                events += self._phase(phase, editor, loaded, paths, targets)
        finally:
            editor.stdin.close()
            editor.wait(timeout=60)
        return events

    def start_editor(self, proxy_base):
        """The editor process, ready, after one publish unmeasured: the desk's processes
        are warm, so is this one."""
        env = self.site.site_env(True, proxy_base)
        furniture = {key: self.picked[key] for key in ("section", "tag", "author")}
        editor = subprocess.Popen(
            [sys.executable, "-m", "dateline.bench.inprocess", "publish", json.dumps(furniture)],
            env=env, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        json.loads(editor.stdout.readline())
        editor.stdin.write(f"publish bench-warmup-{int(time.time())} Bench warm-up\n")
        editor.stdin.flush()
        json.loads(editor.stdout.readline())
        return editor

    def _phase(self, phase, editor, loaded, paths, targets):
        """The rounds of one phase: "load" with wrk on the home page of ``loaded``
        meanwhile, "idle" without."""
        config = self.config
        background = None
        if phase == "load":
            background = load.wrk_background(loaded + self.picked["pages"]["home"], "900s",
                                             config.threads, config.connections)
        events = []
        try:
            time.sleep(EVENT_GAP)
            for round_ in range(config.publish_rounds):
                events += self._round(editor, phase, round_, paths, targets)
        finally:
            if background:
                background.terminate()
                background.wait()
        return events

    def _round(self, editor, phase, round_, paths, targets):
        """A new article published, then the standing article's headline changed."""
        stamp = f"{int(time.time())}{round_}"
        slug = f"bench-publish-{stamp}"
        headline = f"Bench breaking {stamp}"
        published = watch("publish", editor, f"publish {slug} {headline}", headline,
                           {**paths, "article": f"{self._root()}news/{slug}/"}, targets)
        time.sleep(EVENT_GAP)
        headline = f"Bench standing update {stamp}"
        updated = watch("update", editor, f"update {self.picked['standing']} {headline}",
                        headline, {**paths, "article": self.picked["standing_path"]}, targets)
        time.sleep(EVENT_GAP)
        published["phase"] = updated["phase"] = phase
        return [published, updated]

    def _root(self):
        home = self.picked["pages"]["home"]
        return home if home.endswith("/") else home + "/"


def watch(kind, editor, command, needle, paths, targets, timeout=30.0):
    """Send ``command`` to the editor process; poll every (target, page) until it shows
    ``needle``; then make sure none goes back."""
    pollers = Pollers(needle, paths, targets)
    pollers.start()
    time.sleep(0.3)
    editor.stdin.write(command + "\n")
    editor.stdin.flush()
    timing = json.loads(editor.stdout.readline())
    pollers.wait(timeout)
    time.sleep(1.0)  # keep polling a moment: nothing may go back to the old version
    pollers.stop()
    seen, started = pollers.seen, timing["started"]
    latencies = {f"{target} {key}": (seen[(target, key)] - started
                                     if (target, key) in seen else None)
                 for target, key in sorted(pollers.wanted)}
    stale = sorted(f"{t[0]} {t[1]}" for t in seen if len(t) == 3)
    _log_slowest(kind, pollers, timing, timeout)
    log(f"{kind}: action {timing['done'] - started:.3f} s; "
        + ", ".join(f"{k} {v:.2f}" if v is not None else f"{k} never"
                    for k, v in latencies.items())
        + (f"; went back to the old version: {stale}" if stale else ""))
    return {"kind": kind, "action": timing["done"] - started, "latencies": latencies,
            "stale": stale}


def _log_slowest(kind, pollers, timing, timeout):
    """The polls of the three slowest pages, when they took more than a second."""
    started = timing["started"]
    slowest = sorted(((k, pollers.seen.get(k, started + timeout) - started)
                      for k in pollers.wanted), key=lambda item: -item[1])[:3]
    for (target, key), seconds in slowest:
        if seconds > 1:
            polls = [f"{s - started:+.2f}..{a - started:+.2f} "
                     f"{'new' if found else 'old'} {cache} age {age}"
                     for s, a, found, cache, age in pollers.traces.get((target, key), [])
                     if -0.2 < s - started < seconds + 0.2]
            log(f"  {kind} {target} {key} after {seconds:.2f} s; action done at "
                f"+{timing['done'] - started:.2f}; polls: " + "; ".join(polls))


class Pollers:
    """One thread per (target, page), each on its own keep-alive connection. ``seen`` holds
    when each first showed the needle, and under (target, page, "stale") when one went back
    to the old version after; ``traces`` every poll."""

    def __init__(self, needle, paths, targets):
        self.needle = needle.encode()
        self.seen = {}
        self.traces = {}  # (target, key) -> [(sent, answered, found, cache status, age)]
        self.wanted = {(target, key) for target, _ in targets for key in paths}
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._poll, args=(target, base, key, path),
                                          daemon=True)
                         for target, base in targets for key, path in paths.items()]

    def start(self):
        for thread in self._threads:
            thread.start()

    def wait(self, timeout):
        """Until every (target, page) has shown the needle, or ``timeout`` seconds."""
        deadline = time.time() + timeout
        while time.time() < deadline and not self.wanted <= self.seen.keys():
            time.sleep(0.05)

    def stop(self):
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=20)

    def _poll(self, target, base, key, path):
        conn = load.Connection(base, timeout=15)
        trace = self.traces.setdefault((target, key), [])
        try:
            while not self._stop.is_set():
                sent = time.time()
                try:
                    status, headers, body = conn.get(path, headers={
                        "X-Forwarded-Proto": "https"})
                except OSError:
                    time.sleep(0.05)
                    continue
                found = self.needle in body
                trace.append((sent, time.time(), found,
                              headers.get("X-Cache") or headers.get("X-Page-Cache"),
                              headers.get("Age")))
                if found:
                    with self._lock:
                        self.seen.setdefault((target, key), time.time())
                elif (target, key) in self.seen:
                    with self._lock:
                        self.seen[(target, key, "stale")] = time.time()
                time.sleep(POLL_INTERVAL)
        finally:
            conn.close()
