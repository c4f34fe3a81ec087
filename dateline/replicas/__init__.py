"""Read replicas: the anonymous public reads from PostgreSQL streaming replicas.

``DATABASE_REPLICA_URLS`` (comma-separated) adds the aliases ``replica1``, ``replica2``, ...
beside ``default``, the primary. ``ReplicaMiddleware`` looks at each request and
``ReplicaRouter`` sends each query where the request may read:

- Outside a request (the worker, management commands, the shell, migrations) everything
  goes to the primary.
- A request reads from a replica only if it is a GET, HEAD or OPTIONS without a session
  cookie, without an ``Authorization`` header and without a fresh pin cookie: the
  anonymous public. The desk, the admin, previews, API clients with a token and every POST
  read from the primary. One replica, picked at random, serves the whole request.
- Writes always go to the primary. After a request's first write its later reads go to the
  primary too, and the response sets the ``dateline_primary`` cookie, which keeps that
  client on the primary for ``DATELINE_REPLICA_PIN_SECONDS`` (default 5).
- Reads inside ``transaction.atomic()`` on the primary stay on the primary: that, or
  ``.using("default")``, is how code in a public request reads what must be current.
- Migrations run only on the primary; replicas get the schema by replication.

Replication lag. A replica applies the primary's write-ahead log a little later: usually
within milliseconds, but seconds under a burst of writes, while replay waits for a long
query on the replica (``max_standby_streaming_delay``), or after a network hiccup; a
replica that falls behind stays behind. Nothing here measures lag, so:

- The client that wrote reads its own writes only while the pin lasts. Keep the pin longer
  than the lag you alert on (``replay_lag`` in ``pg_stat_replication`` on the primary).
- Everyone else may see a new or changed article late by the lag, and, with several
  replicas, see it and then miss it on the next page. That includes a CDN or page cache
  that refetches a page the moment it is purged on publication: it can keep the stale copy
  for its whole lifetime. Where that matters, make commits wait for the replicas:
  ``synchronous_standby_names = 'ANY n (replica names)'`` with n the number of replicas and
  ``synchronous_commit = remote_apply`` for the application's role. Commits then get slower
  and stall while a replica is down.
- A replica's alias whose NAME, HOST and PORT are the primary's is the primary itself. This
  is what the test runner's mirrors (``"TEST": {"MIRROR": "default"}``) look like: only the
  primary's connection sees a test's uncommitted rows.
"""

import random
from contextvars import ContextVar
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connections

PREFIX = "replica"


@dataclass
class RequestRouting:
    """Where the current request reads: ``replica`` (an alias, or None for the primary)."""

    replica: str | None = None
    wrote: bool = False


current = ContextVar("dateline_replicas_request", default=None)


def is_replica(alias):
    return alias.startswith(PREFIX)


def replica_aliases():
    """The replicas that are really other servers (not the primary under another alias)."""
    databases = connections.settings
    primary = databases[DEFAULT_DB_ALIAS]

    def where(config):
        return config["NAME"], config.get("HOST"), config.get("PORT")

    return [alias for alias, config in databases.items()
            if is_replica(alias) and where(config) != where(primary)]


def pick_replica():
    aliases = replica_aliases()
    return random.choice(aliases) if aliases else None  # noqa: S311  (spreads reads; no secret)
