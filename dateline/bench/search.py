"""Search at newsroom scale (issue 14): a phase of `make bench`, and on its own
``python -m dateline.bench search``.

- **queries**: per edition (Ukrainian at ``/``, English at ``/global/``), words of the
  demo corpus that are in the index, picked by ``inprocess search_words`` from the newest
  articles' headlines: the commonest word, a rare one, three words of one headline, and a
  form of a common word that no sampled text holds (the index keeps its dictionary form);
- **cold**: the page cache off (``DATELINE_PAGE_CACHE=0``, as the table's cold column):
  each query's first request, then the median and p99 of up to 200 sequential requests on
  one keep-alive connection (``load.timings``), then a wrk run of the usual load;
- **SQL and plans**: the queries of one search request, whether any scans an article
  table (``inprocess queries``), and the plans of those that read the index
  (``inprocess search_plans``: EXPLAIN (ANALYZE, BUFFERS) on PostgreSQL);
- **publish → searchable**: the editor process of the publish test publishes an article
  whose headline holds a word found nowhere else, through the editorial action; pollers
  ask the search page for that word every 50 ms, on the app with the page cache off and
  on, until the result (the word marked in a result's headline) is there. The app indexes
  in a thread of the publishing process after the commit. Rounds while wrk loads the cold
  search page, then with no other load;
- **rebuild**: ``dateline search_index rebuild`` as an operator runs it (every article,
  in batches), timed: articles a second (``BENCH_SEARCH_REBUILD=0`` skips it).
"""

import os
import secrets
import statistics
import string
import time

from . import load, report
from .conf import EVENT_GAP, log
from .publish import PublishLatency, watch


class SearchBench:
    """The search phase on a prepared site; ``picked`` is what ``inprocess pick`` found."""

    def __init__(self, site, config, picked):
        self.site, self.config, self.picked = site, config, picked
        self.rebuild_wanted = os.environ.get("BENCH_SEARCH_REBUILD", "1") != "0"

    def run(self):
        results = {"started": time.time()}
        log("search: picking query words from the corpus")
        queries = self.site.inprocess("search_words")
        results["queries"] = queries
        self.site.flush_redis()
        cold = self.site.start_site(page_cache=False)
        warm = None
        try:
            self.cold(cold, queries)
            paths = [query["path"] for query in queries]
            log("search: SQL of one request, and the plans of the index's queries")
            sql = self.site.inprocess("queries", *paths, page_cache=False)
            plans = self.site.inprocess("search_plans", *paths, page_cache=False)
            for query in queries:
                query["sql"] = sql[query["path"]]
                query["plans"] = plans[query["path"]]
            warm = self.site.start_site(page_cache=True)
            results["searchable"] = self.searchable(cold, warm, queries[0]["path"])
        finally:
            for server in (cold, warm):
                if server is not None:
                    self.site.stop(server)
        if self.rebuild_wanted:
            results["rebuild"] = self.rebuild()
        return results

    def cold(self, server, queries):
        """Each query's first request, sequential timings and a wrk run, page cache off."""
        config = self.config
        # Every worker past its first search (the dictionaries load then): words of both
        # scripts that are none of the queries.
        warm_up = queries[0]["path"].split("?")[0] + "?q=%D1%81%D0%BB%D0%BE%D0%B2%D0%BE+word"
        for _ in range(12):
            load.fetch(server.base, warm_up)
        for query in queries:
            path = query["path"]
            begun = time.perf_counter()
            status, _, body = load.fetch(server.base, path, headers=load.HEADERS)
            query["first"] = (time.perf_counter() - begun) * 1000
            if status != 200:
                raise RuntimeError(f"{path} answered {status}")
            query["kb"] = len(body) / 1024
            times = load.timings(server.base, path)
            query["single"] = {"n": len(times), "median": statistics.median(times),
                               "p99": load.percentile(times, 0.99), "max": max(times)}
            query["wrk"] = load.wrk(server.base + path, config.duration, config.threads,
                                    config.connections)
            log(f"search {query['edition']:6} {query['kind']:14} {query['q']!r}: "
                f"{query['matches']:,} matches; first {query['first']:.1f} ms, median "
                f"{query['single']['median']:.1f} ms, p99 {query['single']['p99']:.1f} ms; "
                f"wrk {query['wrk']['rps']:.1f} req/s, p50 {query['wrk']['p50']:.1f} ms, "
                f"p99 {query['wrk']['p99']:.1f} ms, errors {query['wrk']['errors']}")

    def searchable(self, cold, warm, loaded_path):
        """Publish an article with a word of its own; seconds until the search page finds
        it, on the cold and the warm app; rounds under load (wrk on the cold search page
        ``loaded_path``), then idle."""
        config = self.config
        editor = PublishLatency(self.site, config, self.picked).start_editor(None)
        targets = [("cold", cold.base), ("warm", warm.base)]
        search = self.picked["pages"]["search"].split("?")[0]
        events = []
        try:
            for phase in ("load", "idle"):
                background = None
                if phase == "load":
                    background = load.wrk_background(cold.base + loaded_path, "900s",
                                                     config.threads, config.connections)
                try:
                    time.sleep(EVENT_GAP)
                    for _ in range(config.publish_rounds):
                        word = "zq" + "".join(secrets.choice(string.ascii_lowercase)
                                              for _ in range(10))
                        slug = f"bench-search-{word}"
                        event = watch("search", editor,
                                      f"publish {slug} Bench search finds {word}",
                                      f"<mark>{word}</mark>", {"search": f"{search}?q={word}"},
                                      targets)
                        event["phase"] = phase
                        events.append(event)
                        time.sleep(EVENT_GAP)
                finally:
                    if background:
                        background.terminate()
                        background.wait()
        finally:
            editor.stdin.close()
            editor.wait(timeout=60)
        return events

    def rebuild(self):
        """``dateline search_index rebuild``: every article, timed."""
        log("search: dateline search_index rebuild")
        begun = time.monotonic()
        output = self.site.manage("search_index", "rebuild")
        seconds = time.monotonic() - begun
        lines = [line for line in output.replace("\r", "\n").splitlines() if line.strip()]
        progress = [line for line in lines if "articles" in line and "/s" in line]
        indexed = int(lines[-1].split(" of ", 1)[0].replace(",", ""))
        log(f"search: rebuilt {indexed:,} articles in {seconds:.0f} s "
            f"({indexed / seconds:,.0f}/s); {progress[-1] if progress else ''}")
        return {"articles": indexed, "seconds": seconds, "rate": indexed / seconds,
                "last": progress[-1].strip() if progress else ""}


def search_only(bench):
    """``python -m dateline.bench search``: the search phase alone, printed (with the plans
    of the index's queries)."""
    bench.prepare()
    load_before = os.getloadavg()
    results = SearchBench(bench.site, bench.config, bench.picked).run()
    bench.site.stop_all()
    bench.results["search"] = results
    results["load"] = (load_before, os.getloadavg())
    results["machine"] = report.machine()
    print(report.search_section(bench, command="python -m dateline.bench search", plans=True))
