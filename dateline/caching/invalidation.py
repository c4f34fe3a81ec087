"""What each change purges. Purges run once the change is committed, so that a reader who
misses the cache right after the purge reads the new state.

- an article published, updated, unpublished, retracted or deleted: ``keys_for_article``;
- a tag, section, label or author renamed or removed: the furniture of its edition (every
  page of it; rare, so coarse is fine), or of every edition for an author;
- an edition changed: everything;
- the front page rearranged: the edition's home page;
- a picture's caption or credit edited: the articles it illustrates.
Creating a tag, section, label or author shows nothing new until an article uses it, so it
purges only the API's lists of them.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete

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


def _article_changed(sender, instance, **kwargs):
    purge(surrogate.keys_for_article(instance))


def _furniture_changed(sender, instance, created=False, **kwargs):
    from dateline.newsroom.models import Author

    edition_id = getattr(instance, "edition_id", None)
    kind = "authors" if isinstance(instance, Author) else f"{sender._meta.model_name}s"
    lists = {surrogate.listing(kind, edition_id or "all")}
    if created:
        purge(lists)
    elif edition_id is None:
        purge(lists | {surrogate.SITE})
    else:
        purge(lists | {surrogate.edition(edition_id)})


def _edition_changed(sender, instance, **kwargs):
    purge({surrogate.SITE})


def _front_page_changed(sender, instance, **kwargs):
    front = getattr(instance, "front_page", instance)
    purge({surrogate.listing("front", front.edition_id)})


def _image_changed(sender, instance, created=False, **kwargs):
    if created:
        return
    from dateline.newsroom.models import Article

    purge({surrogate.article(pk) for pk in
           Article.objects.filter(main_image=instance).values_list("pk", flat=True)})


def connect():
    from dateline.newsroom.models import (
        Article,
        Author,
        Edition,
        FrontPage,
        FrontPageSlot,
        Label,
        NewsImage,
        Section,
        Tag,
    )
    from dateline.newsroom.signals import article_changed

    uid = "dateline-caching-"
    article_changed.connect(_article_changed, dispatch_uid=uid + "article")
    # Before the delete: its tags and authors are still there to be read.
    pre_delete.connect(_article_changed, sender=Article, dispatch_uid=uid + "article-delete")
    for model in (Tag, Section, Label, Author):
        post_save.connect(_furniture_changed, sender=model, dispatch_uid=uid + model.__name__)
        post_delete.connect(_furniture_changed, sender=model,
                            dispatch_uid=uid + model.__name__ + "-delete")
    for signal in (post_save, post_delete):
        signal.connect(_edition_changed, sender=Edition, dispatch_uid=uid + "edition" + str(id(signal)))
        for model in (FrontPage, FrontPageSlot):
            signal.connect(_front_page_changed, sender=model,
                           dispatch_uid=uid + model.__name__ + str(id(signal)))
    post_save.connect(_image_changed, sender=NewsImage, dispatch_uid=uid + "image")
