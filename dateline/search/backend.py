"""Wagtail's search backend for the desk: articles from Dateline's own index, the rest
(images, documents, users) from Wagtail's database backend.

Wagtail's admin (the article list, the choosers of "Read also" and front-page slots)
searches through ``get_search_backend()``; for articles this backend answers from
``dateline.search`` with the same words, forms and ranking as the public search, as a
plain queryset the admin filters, orders and pages as it likes. Wagtail's own index writes
for articles are skipped (``indexing`` keeps ours).

For the other models each index write runs in a savepoint of its own: Wagtail lets an
indexing error through, and on PostgreSQL a failed statement aborts the transaction
around it; here it is rolled back and logged, and the save goes on.

Configured as ``WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "dateline.search.backend"}}``.
"""

from django.db import connection, transaction
from django.db.models import QuerySet
from modelsearch.backends import database

from dateline.newsroom.models import Article

from . import indexing
from .reading import best_first, find

# The desk's list and choosers, searched by relevance, show this many best matches.
DESK_BEST = 100


class DatelineBackendMixin:
    catch_indexing_errors = True

    def add(self, obj):
        if isinstance(obj, Article):
            return None  # queued by indexing's own signal handler
        with transaction.atomic():
            return super().add(obj)

    def add_bulk(self, model, obj_list):
        if issubclass(model, Article):
            ids = [obj.pk for obj in obj_list]
            for start in range(0, len(ids), indexing.BATCH_SIZE):
                indexing.index_articles(ids[start:start + indexing.BATCH_SIZE])
            return None
        with transaction.atomic():
            return super().add_bulk(model, obj_list)

    def delete(self, obj):
        if isinstance(obj, Article):
            return None
        with transaction.atomic():
            return super().delete(obj)

    def search(self, query, model_or_queryset, fields=None, operator=None,
               order_by_relevance=True):
        if _is_articles(model_or_queryset):
            return _articles(_queryset(model_or_queryset), query, order_by_relevance)
        return super().search(query, model_or_queryset, fields, operator, order_by_relevance)

    def autocomplete(self, query, model_or_queryset, fields=None, operator=None,
                     order_by_relevance=True):
        if _is_articles(model_or_queryset):
            return _articles(_queryset(model_or_queryset), query, order_by_relevance,
                             prefix=True)
        return super().autocomplete(query, model_or_queryset, fields, operator,
                                    order_by_relevance)


def _articles(queryset, query, by_relevance, prefix=False):
    """By relevance, the best ``DESK_BEST`` matches: ranking all 392,000 articles holding
    «Україна» took the desk's list 6 s at a million articles; an editor looking for one
    piece narrows with more words or the list's filters. In the list's own order (one of
    its columns), every match."""
    if by_relevance:
        return best_first(queryset, query, DESK_BEST, prefix=prefix)
    return find(queryset, query, by_relevance=False, prefix=prefix)


def _is_articles(model_or_queryset):
    model = getattr(model_or_queryset, "model", model_or_queryset)
    return isinstance(model, type) and issubclass(model, Article)


def _queryset(model_or_queryset):
    if isinstance(model_or_queryset, QuerySet):
        return model_or_queryset
    return model_or_queryset.objects.all()


_classes = {}


def SearchBackend(params):  # noqa: N802 (the name modelsearch looks a backend module up by)
    """The database backend for this database's vendor, with Dateline's articles."""
    if connection.vendor not in _classes:
        base = type(database.SearchBackend(params))
        _classes[connection.vendor] = type(f"Dateline{base.__name__}",
                                           (DatelineBackendMixin, base), {})
    return _classes[connection.vendor](params)
