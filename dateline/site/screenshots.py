"""``make screenshots``: the public site as a reader sees it, photographed into
``docs/screenshots/`` with what Chromium measured of each page.

It starts the demo (``dateline demo``, as ``make demo`` does, on the same data directory
and a free port), opens the home, a section, an article, a tag and a search page of each
edition at 1280 and 375 px in Debian's Chromium, and writes one PNG each and a table
(``README.md``) of Largest Contentful Paint, Cumulative Layout Shift and the bytes of
fonts, CSS and JavaScript each page loaded. The pages are found by following links, as a
reader would: the first story on the home page, the article's first tag, a search for the
first word of that tag.

    python -m dateline.site.screenshots [DIRECTORY]
"""

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, unquote, urljoin

CHROMIUM = "/usr/bin/chromium"
WIDTHS = (1280, 375)
# The longest page photographed: below it a phone screenshot is only more of the feed.
MAX_HEIGHT = 3000

# What a page cost the reader, read from the Performance API once the page, its fonts
# and its first-screen pictures have loaded. The tests use it too (test_page_budgets_browser).
VITALS = """async () => {
  await document.fonts.ready;
  await new Promise(done => setTimeout(done, 300));
  const entries = type => new Promise(done => {
    const seen = [];
    const observer = new PerformanceObserver(list => seen.push(...list.getEntries()));
    observer.observe({type, buffered: true});
    setTimeout(() => { seen.push(...observer.takeRecords()); observer.disconnect(); done(seen); }, 100);
  });
  const paints = await entries('largest-contentful-paint');
  const shifts = await entries('layout-shift');
  const last = paints[paints.length - 1];
  const resources = performance.getEntriesByType('resource');
  const bytes = test => resources.filter(r => test.test(new URL(r.name).pathname))
    .reduce((sum, r) => sum + (r.encodedBodySize || 0), 0);
  const element = last && last.element;
  return {
    lcp: last ? Math.round(last.startTime) : null,
    lcp_element: element ? element.tagName.toLowerCase() + (element.className ? '.' + String(element.className).split(' ')[0] : '') : null,
    cls: shifts.filter(s => !s.hadRecentInput).reduce((sum, s) => sum + s.value, 0),
    font_bytes: bytes(/\\.(woff2?|ttf|otf)$/),
    css_bytes: bytes(/\\.css$/),
    js_bytes: bytes(/\\.js$/),
  };
}"""

EAGER_IMAGES = """() => Promise.all([...document.images].map(img => {
  img.loading = 'eager';
  return img.complete ? null : new Promise(done => { img.onload = img.onerror = done; });
}))"""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_demo(port):
    """``dateline demo`` on ``port`` (the demo is written on the first start), and its base URL
    once it answers."""
    env = {**os.environ, "PORT": str(port), "HOST": "127.0.0.1",
           "DJANGO_SETTINGS_MODULE": "dateline.settings.demo"}
    env.pop("DATELINE_BASE_URL", None)
    log = open(Path(tempfile.gettempdir()) / f"dateline-screenshots-{port}.log", "wb")
    process = subprocess.Popen([sys.executable, "-m", "dateline.cli", "demo"], env=env,
                               stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    print(f"the demo on port {port} (its log: {log.name})")
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the demo stopped (exit {process.returncode}): see {log.name}")
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            connection.request("GET", "/")
            if connection.getresponse().status == 200:
                return process, base
        except OSError:
            time.sleep(1)
        finally:
            connection.close()
    stop(process)
    raise SystemExit("the demo did not answer within 10 minutes")


def stop(process):
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(process.pid, signal.SIGKILL)


def pages_of(page, base, home):
    """(name, URL) of the pages to photograph in the edition whose home is ``home``."""
    page.goto(urljoin(base, home))
    article = page.eval_on_selector("main a[href*='/news/']", "a => a.href")
    section = page.eval_on_selector_all(
        "nav a[href*='/section/']", "links => links.map(a => a.href)")
    page.goto(article)
    tag_link = page.query_selector("a[href*='/tag/']")
    found = [("home", urljoin(base, home)), ("section", section[min(1, len(section) - 1)]),
             ("article", article)]
    if tag_link:
        found.append(("tag", tag_link.evaluate("a => a.href")))
        word = re.split(r"\W+", tag_link.inner_text().strip())[0]
        found.append(("search", urljoin(base, f"{home}search/?q={quote(word)}")))
    return found


def photograph(directory):
    from playwright.sync_api import sync_playwright

    directory.mkdir(parents=True, exist_ok=True)
    process, base = start_demo(int(os.environ.get("SCREENSHOTS_PORT") or free_port()))
    rows = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                                 args=["--no-sandbox", "--disable-gpu"])
            finder = browser.new_page()
            editions = {"uk": "/", "en": "/global/"}
            pages = {code: pages_of(finder, base, home) for code, home in editions.items()}
            for code, found in pages.items():
                for width in WIDTHS:
                    for name, url in found:
                        rows.append(_shoot(browser, directory, code, name, url, width))
            browser.close()
    finally:
        stop(process)
    (directory / "README.md").write_text(_table(rows, base), encoding="utf-8")
    print(f"{len(rows)} screenshots in {directory}")


def _shoot(browser, directory, code, name, url, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(url, wait_until="load")
    vitals = page.evaluate(VITALS)
    height = page.evaluate("document.documentElement.scrollHeight")
    page.evaluate(EAGER_IMAGES)
    path = directory / f"{code}-{name}-{width}.png"
    page.screenshot(path=str(path), full_page=True,
                    clip={"x": 0, "y": 0, "width": width, "height": min(height, MAX_HEIGHT)})
    masthead = page.evaluate("document.querySelector('header').getBoundingClientRect().height")
    context.close()
    print(f"{path.name}: LCP {vitals['lcp']} ms ({vitals['lcp_element']}), CLS "
          f"{vitals['cls']:.3f}, masthead {masthead:.0f} px")
    return {"code": code, "name": name, "width": width, "url": url, "masthead": masthead,
            **vitals}


def _table(rows, base):
    lines = [
        "# Screenshots",
        "",
        "Made by `make screenshots` (`dateline/site/screenshots.py`): the demo newsroom in",
        "Debian's Chromium, each page loaded once in a fresh tab on this machine. LCP: Largest",
        "Contentful Paint; CLS: Cumulative Layout Shift; bytes as transferred (compressed).",
        "",
        "| edition | page | width | LCP ms | LCP element | CLS | masthead px | font KB | CSS KB | JS KB |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        lines.append(
            f"| {row['code']} | {row['name']} | {row['width']} | {row['lcp']} | "
            f"{row['lcp_element']} | {row['cls']:.3f} | {row['masthead']:.0f} | "
            f"{row['font_bytes'] / 1024:.1f} | {row['css_bytes'] / 1024:.1f} | "
            f"{row['js_bytes'] / 1024:.1f} |")
    lines += ["", "Pages:", ""]
    seen = set()
    for row in rows:
        if (row["code"], row["name"]) not in seen:
            seen.add((row["code"], row["name"]))
            lines.append(f"- {row['code']} {row['name']}: `{unquote(row['url'].replace(base, ''))}`")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    photograph(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"))
