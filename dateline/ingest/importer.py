"""Turning a source's items into articles, through the editorial actions.

Every item is decided on its own, in its own transaction:

- **new**: created with the newsroom's ``CreateArticleAction``, as a draft, or published
  when the run publishes (the source's first-published time kept, an embargo becoming a
  schedule);
- **unchanged**: the same content as last time (a version bump with the same content is
  recorded, the article is not touched) — so ingesting a document twice changes nothing;
- **updated**: a newer version (by the source's version number, else its updated time)
  with new content. A draft gets a new revision (``EditArticleAction``). A live article,
  when the run publishes, is republished and gets a public update note
  (``AddUpdateNoteAction``);
  when it does not, the change waits as a draft revision for an editor;
- **older**: an older version than the one taken; ignored;
- **skipped**: the article was deleted or retracted at the desk, or is locked;
- **rejected**: unusable, with the reason; nothing of it is written.

The actions check the acting user's permissions and the article's lock (none when the
run has no user, as for the scheduling worker), find or make tags and authors by name,
store the picture once it passes the desk's upload checks, write revisions and the history
log, and send ``article_changed``; a refusal becomes the item's report line.
"""

import logging
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from dateline.newsroom import edits
from dateline.newsroom.actions import AddUpdateNoteAction, CreateArticleAction, EditArticleAction
from dateline.newsroom.models import Article
from dateline.newsroom.text import slug_for
from dateline.translations import counterparts

from . import fetch as fetching
from .models import IngestedItem, LabelMapping
from .parsers import FeedError, ItemError, Rejected, parse

logger = logging.getLogger("dateline.ingest")

MAX_FILE_BYTES = 200 * 1024 * 1024  # a local file is the operator's own; still bounded
LOOKUP_BATCH = 500

NEW, UPDATED, UNCHANGED, OLDER, SKIPPED, REJECTED = (
    "new", "updated", "unchanged", "older", "skipped", "rejected")


@dataclass
class Outcome:
    position: int
    external_id: str
    action: str
    reason: str = ""
    article_id: int | None = None
    headline: str = ""


@dataclass
class Report:
    origin: str
    dry_run: bool = False
    format: str = ""
    error: str = ""  # the whole source failed
    outcomes: list = field(default_factory=list)

    def count(self, action):
        return sum(1 for outcome in self.outcomes if outcome.action == action)

    @property
    def rejected(self):
        return [outcome for outcome in self.outcomes if outcome.action == REJECTED]

    def summary(self):
        if self.error:
            return f"{self.origin}: failed: {self.error}"
        counts = ", ".join(f"{self.count(action)} {action}"
                           for action in (NEW, UPDATED, UNCHANGED, OLDER, SKIPPED, REJECTED))
        prefix = "dry run, would be: " if self.dry_run else ""
        return f"{self.origin} ({self.format}): {prefix}{counts}"

    def errors_text(self, limit=50):
        lines = [self.error] if self.error else []
        lines += [f"item {outcome.position} {outcome.external_id}: {outcome.reason}"
                  for outcome in self.rejected[:limit]]
        if len(self.rejected) > limit:
            lines.append(f"... and {len(self.rejected) - limit} more")
        return "\n".join(lines)


def compare(record, item):
    """"same", "newer" or "older": ``item`` against what ``record`` says we took.

    The source's version decides when both copies carry a number; else the updated
    time; a copy that is neither newer nor older by those but differs in content is taken
    as newer (the source changed it without saying so).
    """
    if record.content_hash == item.content_hash:
        return "same"
    if record.version.isdigit() and item.version.isdigit() and record.version != item.version:
        return "newer" if int(item.version) > int(record.version) else "older"
    if record.source_updated_at and item.updated_at and record.source_updated_at != item.updated_at:
        return "newer" if item.updated_at > record.source_updated_at else "older"
    return "newer"


class Ingester:
    """Ingest documents into one edition; see the module docstring for the rules."""

    def __init__(self, edition, *, publish=False, dry_run=False, user=None, source=None,
                 allow_loopback=None):
        self.edition = edition
        self.publish = publish
        self.dry_run = dry_run
        self.user = user
        self.source = source
        self.allow_loopback = (fetching.allow_loopback_default() if allow_loopback is None
                               else allow_loopback)
        self._labels = self._tag_names = None

    # -- reading the document --------------------------------------------------------

    def ingest_location(self, location, format="auto"):
        """Ingest a file path or an http(s) address."""
        report = Report(origin=str(location), dry_run=self.dry_run)
        try:
            data = self._read(str(location))
        except (fetching.FetchError, OSError) as exc:
            report.error = str(exc)
            return report
        return self.ingest_bytes(data, format=format, origin=str(location), report=report)

    def _read(self, location):
        scheme = urlsplit(location).scheme.lower()
        if scheme in ("http", "https"):
            return fetching.fetch(location, max_bytes=self._limit("FEED", fetching.MAX_FEED_BYTES),
                                  allow_loopback=self.allow_loopback).content
        if scheme and len(scheme) > 1:
            raise fetching.FetchError(f"only files and http(s) addresses can be ingested, "
                                      f"not {scheme}:")
        return _read_file(Path(location), self._limit("FILE", MAX_FILE_BYTES))

    @staticmethod
    def _limit(kind, default):
        return getattr(settings, f"DATELINE_INGEST_MAX_{kind}_BYTES", default)

    def ingest_bytes(self, data, *, format="auto", origin="", report=None):
        report = report or Report(origin=origin, dry_run=self.dry_run)
        try:
            feed = parse(data, format)
        except FeedError as exc:
            report.error = str(exc)
            return report
        report.format = feed.format
        records = self._records([entry.external_id for entry in feed.entries
                                 if not isinstance(entry, Rejected)])
        for entry in feed.entries:
            if isinstance(entry, Rejected):
                report.outcomes.append(Outcome(entry.position, entry.external_id, REJECTED,
                                               entry.reason))
                continue
            outcome = self._one(entry, records.get(entry.external_id), origin)
            report.outcomes.append(outcome)
        logger.info("ingest %s", report.summary())
        return report

    def _records(self, external_ids):
        records, ids = {}, list(dict.fromkeys(external_ids))
        for start in range(0, len(ids), LOOKUP_BATCH):
            batch = ids[start:start + LOOKUP_BATCH]
            for record in IngestedItem.objects.filter(edition=self.edition,
                                                      external_id__in=batch):
                records[record.external_id] = record
        self._records_cache = records
        return records

    # -- one item --------------------------------------------------------------------

    def _one(self, item, record, origin):
        outcome = Outcome(item.position, item.external_id, NEW, headline=item.headline)
        if record is not None:
            outcome.article_id = record.article_id
            verdict = compare(record, item)
            if verdict == "same":
                outcome.action = UNCHANGED
                if not self.dry_run and (record.version, record.source_updated_at) != (
                        item.version, item.updated_at):
                    IngestedItem.objects.filter(pk=record.pk).update(
                        version=item.version, source_updated_at=item.updated_at,
                        source_updated=item.updated_text)
                return outcome
            if verdict == "older":
                outcome.action, outcome.reason = OLDER, "older than the version already taken"
                return outcome
            outcome.action = UPDATED
            reason = self._why_not_update(record)
            if reason:
                outcome.action, outcome.reason = SKIPPED, reason
                return outcome
        if self.dry_run:
            return outcome
        picture, stored = None, []
        try:
            if item.image and not self._image_unchanged(record, item):
                picture = self._fetch_picture(item.image, item)
            # The reference index (the admin's "usage") is brought up to date once per item
            # instead of on each of the dozen saves an article, its links and revisions make.
            with transaction.atomic(), disable_reference_index_auto_update():
                if record is None:
                    article = self._create(item, picture, stored)
                else:
                    article = self._update(record, item, picture, stored)
                saved = self._remember(record, item, article, origin)
                ReferenceIndex.create_or_update_for_object(article)
            self._records_cache[item.external_id] = saved
            outcome.article_id = article.pk
        except (ItemError, fetching.FetchError, ValidationError, PermissionDenied,
                DatabaseError) as exc:
            self._rolled_back(stored, record)
            outcome.action, outcome.reason = REJECTED, _reason(exc)
        except Exception as exc:  # one broken item must not stop the others
            logger.exception("ingest of %s failed", item.external_id)
            self._rolled_back(stored, record)
            outcome.action, outcome.reason = REJECTED, f"internal error: {exc}"
        return outcome

    def _rolled_back(self, stored, record):
        """Forget what the rolled-back transaction made: files, record edits."""
        self._discard(stored)
        if record is not None:
            try:
                record.refresh_from_db()
            except IngestedItem.DoesNotExist:
                self._records_cache.pop(record.external_id, None)

    def _why_not_update(self, record):
        if record.article_id is None:
            return "its article was deleted at the desk"
        article = Article.objects.filter(pk=record.article_id).values(
            "retracted_at", "locked").first()
        if article is None:
            return "its article was deleted at the desk"
        if article["retracted_at"]:
            return "its article is retracted"
        if article["locked"]:
            return "its article is locked at the desk; it will be updated when unlocked"
        return ""

    def _image_unchanged(self, record, item):
        return (record is not None and record.image_url == item.image.url
                and record.article_id is not None
                and Article.objects.filter(pk=record.article_id, main_image__isnull=False).exists())

    def _remember(self, record, item, article, origin):
        now = timezone.now()
        values = dict(article=article, version=item.version, source=self.source,
                      source_published_at=item.published_at, source_published=item.published_text,
                      source_updated_at=item.updated_at, source_updated=item.updated_text,
                      content_hash=item.content_hash,
                      image_url=item.image.url if item.image else "",
                      origin=origin[:2000], changed_at=now)
        if record is None:
            return IngestedItem.objects.create(edition=self.edition,
                                               external_id=item.external_id, **values)
        for name, value in values.items():
            setattr(record, name, value)
        record.save()
        return record

    # -- writing through the actions -----------------------------------------------

    def _create(self, item, picture, stored):
        action = CreateArticleAction(self.edition, self._changes(item, picture),
                                     user=self.user, publish=self.publish)
        try:
            return action.execute()
        finally:
            stored += action.stored

    def _update(self, record, item, picture, stored):
        article = Article.objects.get(pk=record.article_id)
        republish = article.live and self.publish
        action = EditArticleAction(article, self._changes(item, picture, article),
                                   user=self.user, publish=self.publish)
        try:
            action.execute()
        finally:
            stored += action.stored
        if republish:
            with translation.override(self.edition.language):
                note = _("This story has been updated with new information.")
            AddUpdateNoteAction(article, text=note, user=self.user).execute()
        article.refresh_from_db()
        return article

    def _changes(self, item, picture, article=None):
        """The item as a change (to ``article``, or a new one): its text, picture and terms;
        authors only when it names some (an update keeps the desk's byline otherwise);
        labels and tags added to the article's own; the source's times when the run
        publishes an article never published."""
        labels, tags = self._classify(item.terms)
        changes = edits.Changes(
            fields={"headline": item.headline, "lead": item.lead, "body": item.blocks()},
            labels=labels, tags=tags, merge=True)
        if picture is not None:
            changes.picture = picture
        if item.authors or article is None:
            changes.authors = list(dict.fromkeys(name.strip()[:100] for name in item.authors))
        if self.publish and (article is None or article.first_published_at is None):
            changes.fields.update(self._times(item))
        return changes

    @staticmethod
    def _times(item):
        """An embargo ahead becomes a go-live time; the source's publication time is kept
        (never later than now)."""
        now = timezone.now()
        if item.embargoed_until and item.embargoed_until > now:
            # Scheduled for then, and held by the embargo should anyone publish it sooner.
            return {"go_live_at": item.embargoed_until, "embargo_until": item.embargoed_until}
        if item.published_at:
            return {"first_published_at": min(item.published_at, now)}
        return {}

    # -- reference data ----------------------------------------------------------------

    def _classify(self, terms):
        """Labels for the terms that map to one; tag names for unmapped subjects and
        categories."""
        if self._labels is None:
            mappings = LabelMapping.objects.filter(edition=self.edition).select_related("label")
            self._labels = {mapping.source_term.casefold(): mapping.label for mapping in mappings}
        if self._tag_names is None:
            self._tag_names = counterparts.tag_names_into(self.edition)
        labels, tags = {}, {}
        for term in terms:
            label = next((self._labels[key] for key in term.keys() if key in self._labels), None)
            if label is not None:
                labels[label.pk] = label
            elif term.kind != "genre":
                name = term.name.strip()[:100]
                # A subject as another edition names it: this edition's counterpart tag.
                name = self._tag_names.get(slug_for(name), name)
                if slug_for(name):
                    tags.setdefault(slug_for(name), name)
        return list(labels.values()), list(tags.values())

    # -- images ------------------------------------------------------------------------

    def _fetch_picture(self, ref, item):
        """The picture behind ``ref``, fetched safely and checked before any transaction,
        by the same checks as an upload on the desk."""
        try:
            fetched = fetching.fetch(ref.url, max_bytes=self._limit("IMAGE",
                                                                     fetching.MAX_IMAGE_BYTES),
                                     allow_loopback=self.allow_loopback, accept="image/*")
        except fetching.FetchError as exc:
            raise ItemError(f"image: {exc}") from None
        try:
            return edits.picture(fetched.content, name=f"ingest-{item.content_hash[:16]}",
                                 title=ref.caption or item.headline, caption=ref.caption,
                                 credit=ref.credit)
        except ValidationError as exc:
            raise ItemError(f"image {ref.url}: not a readable picture "
                            f"({' '.join(exc.messages)})") from None

    @staticmethod
    def _discard(stored):
        """Remove files saved for an item whose transaction was rolled back."""
        from django.core.files.storage import default_storage

        for name in stored:
            try:
                default_storage.delete(name)
            except OSError:
                logger.warning("could not remove %s", name)


def _read_file(path, limit):
    """The file's bytes, refused once more than ``limit`` have been read: a device or a
    pipe has no size to check beforehand (``/dev/zero`` never ends)."""
    with path.open("rb") as source:
        data = source.read(limit + 1)
    if len(data) > limit:
        raise fetching.FetchError(f"{path} is over {limit} bytes")
    return data


def _reason(exc):
    if isinstance(exc, ValidationError):
        if hasattr(exc, "message_dict"):
            return "; ".join(f"{name}: {' '.join(messages)}"
                             for name, messages in exc.message_dict.items())
        return " ".join(exc.messages)
    if isinstance(exc, PermissionDenied):
        return f"permission denied: {exc}"
    return str(exc)
