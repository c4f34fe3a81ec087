"""What each change purges, heard from the newsroom's two signals (``newsroom/signals.py``).
Purges run once the change is committed, so that a reader who misses the cache right after
the purge reads the new state.

- an article changed in any way readers see (``article_changed``): ``keys_for_article``;
  an entry of live coverage, a translation's sync state: only the article's own key (its
  pages and its stream; the lists that show the article show neither);
- a tag, section, label or author changed or removed (``furniture_changed``): the
  furniture of its edition (every page of it; rare, so coarse is fine), or of every edition
  for an author;
- an edition changed: everything;
- the front page rearranged: the edition's home page;
- new text in the search index (``search_indexed``): the editions' search pages.
Creating a tag, section, label or author shows nothing new until an article uses it, so it
purges only the API's lists of them.
"""

from django.db import transaction

from dateline.newsroom.models import Author, Edition, FrontPage, FrontPageSlot
from dateline.newsroom.signals import article_changed, furniture_changed, search_indexed

from . import frontend, store
from . import keys as surrogate


def purge(keys):
    """Purge ``keys`` from the page cache now and again at commit; from every configured
    front-end cache at commit.

    The purge at commit is the one that matters: no response begun before it is served
    after it. The early one makes the change visible at once to its own transaction (the
    desk's next page, a test) and costs nothing if the transaction rolls back.
    """
    keys = frozenset(keys)
    store.purge(keys)

    def run():
        store.purge(keys)
        frontend.purge(keys)

    transaction.on_commit(run)


def _article_changed(sender, instance, action, **kwargs):
    if action in ("entry", "sync"):
        purge({surrogate.article(instance.pk)})
    else:
        purge(surrogate.keys_for_article(instance))


def _furniture_changed(sender, instance, action, **kwargs):
    purge(keys_for_furniture(instance, action))


def _search_indexed(sender, editions, **kwargs):
    purge({surrogate.search(edition_id) for edition_id in editions})


def keys_for_furniture(instance, action):
    if isinstance(instance, Edition):
        return {surrogate.SITE}
    if isinstance(instance, (FrontPage, FrontPageSlot)):
        front = getattr(instance, "front_page", instance)
        return {surrogate.front(front.edition_id)}
    edition_id = getattr(instance, "edition_id", None)
    kind = "authors" if isinstance(instance, Author) else f"{instance._meta.model_name}s"
    lists = {surrogate.listing(kind, edition_id or "all")}
    if action == "create":
        return lists
    return lists | {surrogate.SITE if edition_id is None else surrogate.edition(edition_id)}


def connect():
    uid = "dateline-caching-"
    article_changed.connect(_article_changed, dispatch_uid=uid + "article")
    furniture_changed.connect(_furniture_changed, dispatch_uid=uid + "furniture")
    search_indexed.connect(_search_indexed, dispatch_uid=uid + "search")
