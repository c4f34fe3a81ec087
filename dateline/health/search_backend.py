"""Wagtail's database search backend, made so that a broken index never fails a save.

Saving an article updates its search index entry in the same transaction. For database
backends Wagtail (modelsearch) lets an indexing error through, because on PostgreSQL a
failed statement aborts the whole transaction, so catching it would only move the
failure to the next statement. Here each index write runs in a savepoint of its own: when
it fails the savepoint is rolled back, the error is logged, and the save goes on, so
editors keep publishing while search is broken. The index is then behind; once search
works again, ``dateline update_index`` brings it up to date.

Configure it as ``WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND":
"dateline.health.search_backend"}}``.
"""

from django.db import connection, transaction
from modelsearch.backends import database


class SavepointIndexWritesMixin:
    catch_indexing_errors = True

    def add(self, obj):
        with transaction.atomic():
            return super().add(obj)

    def add_bulk(self, model, obj_list):
        with transaction.atomic():
            return super().add_bulk(model, obj_list)

    def delete(self, obj):
        with transaction.atomic():
            return super().delete(obj)


_classes = {}


def SearchBackend(params):  # noqa: N802 (the name modelsearch looks a backend module up by)
    """The database backend for this database's vendor, with savepointed index writes."""
    if connection.vendor not in _classes:
        base = type(database.SearchBackend(params))
        _classes[connection.vendor] = type(f"Resilient{base.__name__}",
                                           (SavepointIndexWritesMixin, base), {})
    return _classes[connection.vendor](params)
