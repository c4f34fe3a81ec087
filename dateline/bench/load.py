"""Load from a second process (wrk), sequential single requests, and plain fetches."""

import http.client
import re
import statistics
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit

# What every request carries: the TLS proxy's X-Forwarded-Proto (the production settings
# redirect plain HTTP to HTTPS) and a browser's Accept-Encoding.
HEADERS = {"X-Forwarded-Proto": "https", "Accept-Encoding": "gzip"}

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * _UNITS[unit]


def parse_wrk(output):
    """requests/s, p50 and p99 in ms, requests, and errors (non-2xx/3xx + socket errors)."""
    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
              "requests": int(re.search(r"(\d+) requests in", output).group(1))}
    for percent in ("50", "99"):
        match = re.search(rf"^\s+{percent}%\s+(\S+)", output, re.MULTILINE)
        result[f"p{percent}"] = _ms(match.group(1)) if match else None
    errors = 0
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        errors += int(match.group(1))
    if match := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), "
                          r"timeout (\d+)", output):
        errors += sum(int(n) for n in match.groups())
    result["errors"] = errors
    return result


def wrk(url, duration, threads=2, connections=32, timeout="10s", script=None, headers=HEADERS):
    argv = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}", "--timeout", timeout,
            "--latency"]
    for name, value in headers.items():
        argv += ["-H", f"{name}: {value}"]
    if script:
        argv += ["-s", str(script)]
    output = subprocess.run(argv + [url], capture_output=True, text=True, check=True).stdout
    return parse_wrk(output)


def wrk_background(url, duration, threads=2, connections=32, headers=HEADERS):
    """wrk left running (for load during another measurement); terminate() it when done."""
    argv = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}", "--timeout", "10s"]
    for name, value in headers.items():
        argv += ["-H", f"{name}: {value}"]
    return subprocess.Popen(argv + [url], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def rotating_script(paths, directory):
    """A wrk script that asks for ``paths`` in turn (each thread from its own offset)."""
    script = Path(directory) / "rotate.lua"
    listed = ",\n".join('"' + p.replace("\\", "\\\\").replace('"', '\\"') + '"' for p in paths)
    script.write_text(
        "local paths = {\n" + listed + "\n}\n"
        "local i = 0\n"
        "function setup(thread) thread:set('offset', math.random(#paths)) end\n"
        "function init(args) i = tonumber(offset) or 0 end\n"
        "function request()\n"
        "  i = i % #paths + 1\n"
        "  return wrk.format(nil, paths[i])\n"
        "end\n")
    return script


class Connection:
    """One keep-alive connection, as a browser or a poller holds it."""

    def __init__(self, base, timeout=30):
        parts = urlsplit(base)
        self.host, self.port, self.timeout = parts.hostname, parts.port, timeout
        self._conn = None

    def get(self, path, headers=HEADERS):
        for attempt in (1, 2):
            if self._conn is None:
                self._conn = http.client.HTTPConnection(self.host, self.port,
                                                        timeout=self.timeout)
            try:
                self._conn.request("GET", path, headers=headers)
                response = self._conn.getresponse()
                body = response.read()
                if response.getheader("Connection", "").lower() == "close":
                    self.close()
                return response.status, dict(response.getheaders()), body
            except (http.client.HTTPException, OSError):
                self.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def close(self):
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def fetch(base, path, headers=None):
    conn = Connection(base)
    try:
        return conn.get(path, headers=headers or {"X-Forwarded-Proto": "https"})
    finally:
        conn.close()


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def single(base, path, count=200, budget=10.0):
    """Median milliseconds of up to ``count`` sequential requests on one connection
    (fewer when they take longer than ``budget`` seconds in all)."""
    return statistics.median(timings(base, path, count, budget))


def first_renders(base, paths):
    """Median milliseconds of one request to each of ``paths`` (pages nothing has asked
    for since the server started: rendered from nothing), sequential on one connection."""
    conn = Connection(base)
    times = []
    try:
        for path in paths:
            begun = time.perf_counter()
            conn.get(path)
            times.append((time.perf_counter() - begun) * 1000)
    finally:
        conn.close()
    return statistics.median(times)


def timings(base, path, count=200, budget=10.0):
    """Milliseconds of each of up to ``count`` sequential requests on one keep-alive
    connection (at least 5, fewer than ``count`` past ``budget`` seconds)."""
    conn = Connection(base)
    times = []
    started = time.monotonic()
    try:
        while len(times) < count and (time.monotonic() - started < budget or len(times) < 5):
            begun = time.perf_counter()
            conn.get(path)
            times.append((time.perf_counter() - begun) * 1000)
    finally:
        conn.close()
    return times
