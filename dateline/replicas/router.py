"""The database router: reads where the request may read, writes and migrations on the primary.

See the package's docstring for the rules and what replication lag does to them.
"""

from django.db import DEFAULT_DB_ALIAS, connections

from . import current, is_replica


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        routing = current.get()
        if (routing is None or routing.replica is None or routing.wrote
                or connections[DEFAULT_DB_ALIAS].in_atomic_block):
            return DEFAULT_DB_ALIAS
        return routing.replica

    def db_for_write(self, model, **hints):
        routing = current.get()
        if routing is not None:
            routing.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        """Rows read from a replica and from the primary are the same rows."""
        ours = {obj1._state.db, obj2._state.db}
        if all(alias == DEFAULT_DB_ALIAS or is_replica(alias) for alias in ours):
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return False if is_replica(db) else None
