"""What every part of the benchmark shares: the run's settings (from the environment), the
pages of the table, the publish test's timing, and the progress log.

The floor of ``dateline.bench``: it imports nothing of the benchmark but ``processes.ROOT``,
so the run and the report can both import it without importing each other.
"""

import os
import secrets
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from .processes import ROOT

# The rows of the table, in order: (key from inprocess.pick, label).
PAGES = [
    ("article", "article"),
    ("home", "home"),
    ("feed_2", "feed, page 2 (cursor)"),
    ("feed_oldest", "feed at the oldest article (cursor)"),
    ("section", "section"),
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

# Issue 14's targets for search, at 1,000,000 articles on PostgreSQL: cold single requests
# (median, p99 ms), cold wrk req/s, bulk index articles/s, publish to searchable (s).
SEARCH_TARGETS = {"median_ms": 30, "p99_ms": 100, "rps": 100, "rebuild_rate": 2_000,
                  "searchable_s": 2.0}


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
