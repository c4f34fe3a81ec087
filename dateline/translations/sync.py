"""Keeping track of translations: which source revision each follows, and when the source
moved on for readers.

- A translation is tracked from its first save (``article_saved``): it follows the source
  revision readers saw then (the live one; a draft's latest when the source is unpublished).
- When the source is published again (a publish, an update note, a correction or a
  clarification: ``article_changed``) with a change readers see (``readers_see``: headline,
  lead, body, main image and its caption and credit, update notes), each of its
  translations becomes out of date, unless the editor published it as a minor change: then
  the translations that were in sync follow the new revision.
- ``mark_synced`` (``actions.MarkSyncedAction``) records that a translation follows the
  source's live revision again.

A translation whose out-of-date state changes is announced as ``sync``: only its own pages
show that state (the readers' notice), so only they are purged.
"""

import json
import logging

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Window
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from dateline.newsroom.addresses import absolute
from dateline.newsroom.models import Article
from dateline.newsroom.signals import announce

from .models import TranslationSync, TranslationTask

logger = logging.getLogger("dateline.translations")

# What a change must touch to make a translation out of date: what readers see.
READER_FIELDS = ("headline", "lead", "body", "main_image", "main_image_caption",
                 "main_image_credit")
REPUBLISHED = ("publish", "update", "correction", "clarification")


def source_of(article):
    """The article its translation group began with, or None when that is ``article``."""
    first = (Article.objects.filter(translation_key=article.translation_key)
             .order_by("created_at", "pk").first())
    return first if first and first.pk != article.pk else None


def followed_revision(source):
    return source.live_revision or source.latest_revision


def track(translation, source=None):
    """The translation's sync row, made (following the source as it is now) when missing."""
    source = source or source_of(translation)
    if source is None:
        return None
    sync, _created = TranslationSync.objects.get_or_create(
        translation=translation,
        defaults={"source": source, "synced_revision": followed_revision(source)})
    return sync


def track_untracked(batch=2000):
    """Track every translation that has no sync row (rows written straight into the
    tables, as the demo's bulk mode does): each follows its source as it is now."""
    keys = (Article.objects.filter(sync__isnull=True).values("translation_key")
            .annotate(n=Count("pk")).values_list("translation_key", flat=True))
    groups = (Article.objects.filter(translation_key__in=keys)
              .annotate(n=Window(Count("pk"), partition_by=[F("translation_key")]))
              .filter(n__gt=1).order_by("translation_key", "created_at", "pk")
              .values_list("pk", "translation_key", "live_revision_id", "latest_revision_id"))
    rows, source = [], None
    for pk, key, live, latest in groups.iterator(chunk_size=batch):
        if source is None or source[1] != key:
            source = (pk, key, live or latest)
            continue
        rows.append(TranslationSync(translation_id=pk, source_id=source[0],
                                    synced_revision_id=source[2]))
        if len(rows) >= batch:
            TranslationSync.objects.bulk_create(rows, ignore_conflicts=True)
            rows = []
    TranslationSync.objects.bulk_create(rows, ignore_conflicts=True)


def readers_see(revision):
    """What readers see of a revision: the fields above and the update notes, comparable."""
    if revision is None:
        return None
    content = revision.content
    seen = {name: content.get(name) for name in READER_FIELDS}
    if isinstance(seen["body"], str):
        seen["body"] = json.loads(seen["body"] or "[]")
    seen["body"] = [(block.get("type"), block.get("value")) for block in seen["body"] or []]
    seen["updates"] = sorted((note.get("kind"), note.get("text"), note.get("created_at"))
                             for note in content.get("updates") or [])
    return seen


def article_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        track(instance)


def article_changed(sender, instance, action, minor=False, **kwargs):
    if action in REPUBLISHED:
        source_published(instance, minor=minor)


def source_published(source, minor=False, now=None):
    """The source went out again: mark its translations out of date if readers see a
    change (a minor change moves those in sync on instead)."""
    now = now or timezone.now()
    live = source.live_revision
    for translation in _translations_of(source):
        sync = track(translation, source)
        if sync.synced_revision_id == live.pk:
            continue
        if readers_see(sync.synced_revision) == readers_see(live):
            continue
        if minor and not sync.is_out_of_date:
            sync.synced_revision = live
            sync.save(update_fields=["synced_revision"])
            continue
        sync.source_changed_at = now
        if not sync.is_out_of_date:
            sync.out_of_date_since = now
            tell_translator(translation, source)
        sync.save(update_fields=["out_of_date_since", "source_changed_at"])
        announce(translation, "sync")


def tell_translator(translation, source):
    """E-mail the translator the translation is assigned to that its source moved on, once
    the change is committed (through Django's mail backend; a failure is logged)."""
    task = (TranslationTask.objects.filter(translation=translation)
            .select_related("translator").first())
    translator = task and task.translator
    if not (translator and translator.email):
        return
    with override(translation.edition.language):
        subject = _("Translation out of date: %(headline)s") % {"headline": translation.headline}
        body = _("The source of your translation “%(headline)s” was published with changes: "
                 "“%(source)s”.\n\nWhat changed: %(url)s") % {
            "headline": translation.headline, "source": source.headline,
            "url": absolute(reverse("translation_sync:sync", args=[translation.pk]))}
    transaction.on_commit(lambda: _mail(subject, body, translator.email))


def _mail(subject, body, address):
    try:
        send_mail(subject, body, None, [address])
    except Exception:  # a mail server down must not fail the publish that was committed
        logger.exception("could not tell %s that a translation is out of date", address)


def _translations_of(source):
    """The other versions of ``source``'s story when ``source`` is their source (the
    oldest), in one query; none when it is a translation itself."""
    group = list(Article.objects.filter(translation_key=source.translation_key)
                 .order_by("created_at", "pk"))
    return group[1:] if group and group[0].pk == source.pk else []


def mark_synced(translation, user=None, now=None):
    """The translation follows its source's live revision again; return the sync row."""
    sync = track(translation)
    source = sync.source
    was_out_of_date = sync.is_out_of_date
    sync.synced_revision = followed_revision(source)
    sync.synced_at, sync.synced_by = now or timezone.now(), user
    sync.out_of_date_since = sync.source_changed_at = None
    sync.save()
    if was_out_of_date:
        announce(translation, "sync")
    return sync


def out_of_date_condition():
    """True for an article row whose translation is out of date (for the desk's lists)."""
    return Exists(TranslationSync.objects.filter(translation=OuterRef("pk"),
                                                 out_of_date_since__isnull=False))


def out_of_date():
    return (TranslationSync.objects.filter(out_of_date_since__isnull=False)
            .select_related("translation__edition", "source__edition")
            .order_by("out_of_date_since"))
