"""The load phases of `make bench`, one wrk run per page of the table in each:

    cold    the page cache off: every request renders (and the SQL of one request)
    warm    the page cache on, after one priming request per page
    nginx   the article's HTML as a static file: the limit the others are held against
    proxy   warm, with Varnish and the shipped VCL in front

Figures go into ``results`` under the phase's name (and "single", "size", "rss",
"queries"), which the report reads.
"""

import re
import statistics
from html import unescape

from . import load, processes
from .conf import PAGES, log

# How many articles the cold phase asks for once each: a story's first render.
FIRST_RENDERS = 200


class LoadPhases:
    """The phases on one run's site (a ``Lifecycle``); each writes its figures into
    ``results``."""

    def __init__(self, site, config, results):
        self.site, self.config, self.results = site, config, results

    def cold(self, picked):
        """Load every page with the page cache off; return the pages (key → path, in the
        table's order) and the article's HTML, which nginx serves next."""
        results, site = self.results, self.site
        site.flush_redis()
        server = site.start_site(page_cache=False)
        pages = pick_pages(server.base, picked)
        self.verify(server.base, pages)
        results["rss"]["cold_start"] = processes.worker_rss(server)
        self.load_all("cold", server.base, pages, server)
        # Articles nothing has shown yet (not the one loaded above): a story's first render.
        fresh = [path for path in picked["article_paths"][1:FIRST_RENDERS + 1]
                 if path != pages["article"]]
        results["single"]["first_render"] = load.first_renders(server.base, fresh)
        log(f"first render of {len(fresh)} articles: median "
            f"{results['single']['first_render']:.2f} ms")
        _, _, article_html = load.fetch(server.base, pages["article"])
        site.stop(server)
        log("queries per request (cold)")
        results["queries"]["cold"] = site.inprocess("queries", *pages.values(), page_cache=False)
        return pages, article_html

    def warm(self, pages, varnish_url):
        """Start the site with the page cache on (purging ``varnish_url`` when Varnish is
        to come in front) and load every page; the server is left running."""
        site = self.site
        site.flush_redis()
        server = site.start_site(page_cache=True, varnish_url=varnish_url)
        self.verify(server.base, pages, "app")
        self.load_all("warm", server.base, pages, server)
        log("queries per request (warm)")
        self.results["queries"]["warm"] = site.inprocess("queries", *pages.values())
        return server

    def nginx(self, article_html):
        """nginx serving the article as a static file, gzipped as the app sends it."""
        config, results = self.config, self.results
        nginx, base = self.site.start_nginx(article_html)
        _, _, gzipped = load.fetch(base, "/article/", headers=load.HEADERS)
        results["nginx_size"] = (len(article_html), len(gzipped))
        results["single"]["nginx"] = load.single(base, "/article/")
        results["nginx"] = load.wrk(base + "/article/", config.duration, config.threads,
                                    config.connections)
        log(f"nginx static article {results['nginx']['rps']:.1f} req/s")
        self.site.stop(nginx)

    def proxy(self, server, varnish_port, pages):
        """Varnish in front of the warm ``server``; load every page through it and return
        its URL (Varnish stays up for the publish test)."""
        self.site.start_varnish(server, varnish_port)
        proxy_base = f"http://127.0.0.1:{varnish_port}"
        self.verify(proxy_base, pages, "proxy")
        self.load_all("proxy", proxy_base, pages)
        return proxy_base

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
        """A single-request median and p99 and a wrk run per page; with ``server``, its largest
        worker's memory after each."""
        results, config = self.results, self.config
        for key, path in paths.items():
            times = load.timings(base, path)
            results["single"].setdefault(mode, {})[key] = statistics.median(times)
            results.setdefault("single_p99", {}).setdefault(mode, {})[key] = (
                load.percentile(times, 0.99))
            result = load.wrk(base + path, config.duration, config.threads, config.connections)
            if server is not None:
                result["rss"] = max(processes.worker_rss(server).values(), default=None)
            results[mode][key] = result
            log(f"{mode:5} {key:13} {result['rps']:9.1f} req/s  p50 {result['p50']:8.2f} ms  "
                f"p99 {result['p99']:8.2f} ms  errors {result['errors']}  "
                f"single {results['single'][mode][key]:.2f} ms")


def pick_pages(base, picked):
    """The table's pages (key → path) from what ``inprocess pick`` found, with page 2 of
    the news feed as the site links to it."""
    pages = dict(picked["pages"])
    _, _, body = load.fetch(base, pages["feed"])
    more = _more_href(body.decode())
    if not more:
        raise RuntimeError("the news feed has no “More news” link")
    pages["feed_2"] = more
    return {key: pages[key] for key, _ in PAGES if key in pages}


def _more_href(html):
    match = re.search(r'<a class="more" href="([^"]+)"', html)
    return unescape(match.group(1)) if match else None
