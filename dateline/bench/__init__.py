"""The benchmark of issue 5 (`make bench`): the site at newsroom scale, cold and warm, through
Varnish, against nginx serving a static file; publish latency and worker memory.

    make bench                                  1,000,000 articles on PostgreSQL (~1 h first time)
    BENCH_DB=sqlite make bench                  20,000 articles on SQLite, quick
    BENCH_ARTICLES=20000 BENCH_DURATION=5s BENCH_MEMORY_REQUESTS=5000 make bench
    .venv/bin/python -m dateline.bench servers gunicorn:5 gthread:5x4 granian:3   side by side
    .venv/bin/python -m dateline.bench publish   only the publish latency
    .venv/bin/python -m dateline.bench live      issue 16: 10,000 readers of one live article
                                                 through Varnish, the composer, a live
                                                 article of 2,000 entries cold (live.py)
    .venv/bin/python -m dateline.bench search    issue 14: search pages cold in both editions,
                                                 publish to searchable, the index rebuild
                                                 (search.py; also a phase of `make bench`)
    .venv/bin/python -m dateline.bench newsletter --addresses 100000   issue 18: one
                                                 breaking newsletter through a loopback SMTP
                                                 server: mails/s, peak RSS (newsletter.py)
    .venv/bin/python -m dateline.bench push --subscriptions 10000
                                                 issue 18: a breaking push from Publish to a
                                                 loopback push service (push.py, a site of
                                                 its own; docs/reach-push.md)
    .venv/bin/python -m dateline.bench.lemmatizers   issue 14: the search lemmatizers compared
                                                 (lemmatizers.py, docs/search.md)

Environment: ``BENCH_DB`` (postgresql, sqlite), ``BENCH_ARTICLES``, ``BENCH_DURATION`` (wrk
``-d``, 20s), ``BENCH_THREADS`` (2), ``BENCH_CONNECTIONS`` (32), ``BENCH_MEMORY_REQUESTS``
(100000), ``BENCH_PUBLISH_ROUNDS`` (3), ``BENCH_PROXY`` (1; 0 skips Varnish),
``BENCH_SERVER`` (serve: ``dateline serve`` as shipped; gunicorn: the same with
``DATELINE_SERVER=gunicorn``; granian, gthread: for comparisons), ``WEB_CONCURRENCY``, ``BENCH_SERVER_THREADS``
(granian), ``BENCH_DATABASE_URL`` (postgres://postgres@127.0.0.1:5432/dateline_bench),
``BENCH_REDIS_URL`` (redis://127.0.0.1:6379/7: that database is flushed),
``BENCH_DATA_DIR`` (data/bench), ``BENCH_OUTPUT`` (docs/benchmarks.md; ``-`` for none).
``live`` only (it prints its table and writes nothing): ``BENCH_LIVE_READERS`` (10000),
``BENCH_LIVE_PROCESSES`` (3), ``BENCH_LIVE_POSTS`` (5), ``BENCH_LIVE_ENTRIES`` (2000).
Search (the phase and ``search``): ``BENCH_SEARCH_REBUILD`` (1; 0 skips timing
``dateline search_index rebuild``, about 8 minutes at 1,000,000 articles).

Not a test module: nothing here is named ``test_*`` and the app never imports it.
"""
