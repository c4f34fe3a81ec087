"""Worker memory over many requests: does an app server worker grow as it serves pages?

wrk rotates over the table's pages and thousands of different articles (every article is
rendered once, then served from the page cache), in 20-second runs until the number of
requests asked for is reached; the workers' resident memory is read before, half-way and
after.
"""

import statistics

from . import load, processes
from .conf import log


def measure(config, server, pages, article_paths, work):
    """Worker memory before and after ``memory_requests`` requests over many pages."""
    paths = list(pages.values()) + article_paths
    paths = [p for p in paths if "search" not in p]  # seconds each on a cold archive
    script = load.rotating_script(paths, work)
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
    log(f"memory: {total:,} requests over {len(paths):,} pages; RSS before "
        f"{_mb(before)}, half-way {_mb(half[1]) if half else '-'}, after {_mb(after)}")
    return {"requests": total, "warmup": warmup["requests"], "before": before, "half": half,
            "after": after, "urls": len(paths), "errors": errors,
            "rps": statistics.mean(runs) if runs else None}


def _mb(rss):
    return ", ".join(f"{value:.0f}" for value in sorted(rss.values())) + " MB"
