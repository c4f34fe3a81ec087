"""Turning a source's items into articles, through the editorial actions.

Every item is decided on its own, in its own transaction:

- **new**: created with Wagtail's ``CreateAction``, as a draft, or published when the run
  publishes (the source's first-published time kept, an embargo becoming a schedule);
- **unchanged**: the same content as last time (a version bump with the same content is
  recorded, the article is not touched) — so ingesting a document twice changes nothing;
- **updated**: a newer version (by the source's version number, else its updated time)
  with new content. A draft gets a new revision (``EditAction``). A live article, when the
  run publishes, is republished and gets a public update note (``AddUpdateNoteAction``);
  when it does not, the change waits as a draft revision for an editor;
- **older**: an older version than the one taken; ignored;
- **skipped**: the article was deleted or retracted at the desk, or is locked;
- **rejected**: unusable, with the reason; nothing of it is written.

The actions check the acting user's permissions (none when the run has no user, as for
the scheduling worker), write revisions and the history log, and send ``article_changed``.
"""

import hashlib
import io
import logging
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.images import ImageFile
from django.db import DatabaseError, transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from PIL import Image as PILImage
from wagtail.actions.create import CreateAction
from wagtail.actions.edit import EditAction
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from dateline.newsroom.actions import AddUpdateNoteAction
from dateline.newsroom.models import Article, ArticleAuthor, ArticleTag, Author, NewsImage, Tag

from . import fetch as fetching
from .models import IngestedItem, LabelMapping
from .parsers import FeedError, ItemError, Rejected, parse

logger = logging.getLogger("dateline.ingest")

MAX_FILE_BYTES = 200 * 1024 * 1024  # a local file is the operator's own; still bounded
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
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


@dataclass
class _Image:
    content: bytes
    extension: str
    sha1: str
    url: str
    caption: str
    credit: str


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
        self._authors = {}
        self._tags = {}
        self._labels = None

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
        path = Path(location)
        if path.stat().st_size > MAX_FILE_BYTES:
            raise fetching.FetchError(f"{location} is over {MAX_FILE_BYTES} bytes")
        return path.read_bytes()

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
        image, stored = None, []
        try:
            if item.image and not self._image_unchanged(record, item):
                image = self._fetch_image(item.image)
            # The reference index (the admin's "usage") is brought up to date once per item
            # instead of on each of the dozen saves an article, its links and revisions make.
            with transaction.atomic(), disable_reference_index_auto_update():
                if record is None:
                    article = self._create(item, image, stored)
                else:
                    article = self._update(record, item, image, stored)
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
        """Forget what the rolled-back transaction made: files, cached rows, record edits."""
        self._discard(stored)
        self._authors.clear()
        self._tags.clear()
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

    def _create(self, item, image, stored):
        article = Article(edition=self.edition, owner=self.user)
        self._apply(article, item, image, stored, authors_only_if_given=False)
        CreateAction(article, user=self.user, publish=self.publish).execute()
        return article

    def _update(self, record, item, image, stored):
        article = Article.objects.get(pk=record.article_id)
        version = article.get_latest_revision_as_object()
        self._apply(version, item, image, stored, authors_only_if_given=True)
        if article.live and self.publish:
            EditAction(version, user=self.user, publish=True).execute()
            article.refresh_from_db()
            with translation.override(self.edition.language):
                note = _("This story has been updated with new information.")
            AddUpdateNoteAction(article, text=note, user=self.user).execute()
        else:
            EditAction(version, user=self.user,
                       publish=self.publish and not article.live).execute()
        article.refresh_from_db()
        return article

    def _apply(self, article, item, image, stored, authors_only_if_given):
        now = timezone.now()
        article.headline, article.lead = item.headline, item.lead
        article.body = item.blocks()
        if image is not None:
            article.main_image = self._store_image(image, item, stored)
            article.main_image_caption = article.main_image_credit = ""
        labels, tags = self._classify(item.terms)
        if article.pk:
            labels = list({label.pk: label for label in [*article.labels.all(), *labels]}.values())
            kept = [link.tag for link in article.tag_links.all()]
            tags = list({tag.pk: tag for tag in [*kept, *tags]}.values())
        article.labels.set(labels)
        article.tag_links.set([ArticleTag(tag=tag) for tag in tags])
        authors = self._authors_for(item.authors)
        if authors or not authors_only_if_given:
            article.author_links.set([ArticleAuthor(author=author, sort_order=position)
                                      for position, author in enumerate(authors)])
        never_live = article.pk is None or not article.live  # a new article's live is True
        if self.publish and never_live and not article.first_published_at:
            if item.embargoed_until and item.embargoed_until > now:
                article.go_live_at = item.embargoed_until
            elif item.published_at:
                article.first_published_at = min(item.published_at, now)

    # -- reference data ----------------------------------------------------------------

    def _classify(self, terms):
        """Labels for the terms that map to one; tags for unmapped subjects and categories."""
        if self._labels is None:
            mappings = LabelMapping.objects.filter(edition=self.edition).select_related("label")
            self._labels = {mapping.source_term.casefold(): mapping.label for mapping in mappings}
        labels, tags = {}, {}
        for term in terms:
            label = next((self._labels[key] for key in term.keys() if key in self._labels), None)
            if label is not None:
                labels[label.pk] = label
            elif term.kind != "genre":
                tag = self._tag(term.name)
                if tag is not None:
                    tags[tag.pk] = tag
        return list(labels.values()), list(tags.values())

    def _tag(self, name):
        name = name.strip()[:100]
        slug = slugify(name, allow_unicode=True)[:100]
        if not slug:
            return None
        tag = self._tags.get(slug)
        if tag is None:
            tag, _created = Tag.objects.get_or_create(edition=self.edition, slug=slug,
                                                      defaults={"name": name})
            self._tags[slug] = tag
        return tag

    def _authors_for(self, names):
        authors = []
        for name in names:
            author = self._author(name)
            if author is not None and author not in authors:
                authors.append(author)
        return authors

    def _author(self, name):
        name = name.strip()[:100]
        key = name.casefold()
        author = self._authors.get(key)
        if author is not None:
            return author
        slug = slugify(name, allow_unicode=True)[:100]
        if not slug:
            return None
        author = (Author.objects.filter(name__iexact=name).order_by("pk").first()
                  or Author.objects.filter(slug=slug).first())
        if author is None:
            author = Author.objects.create(name=name, slug=slug)
        self._authors[key] = author
        return author

    # -- images ------------------------------------------------------------------------

    def _fetch_image(self, ref):
        """The picture behind ``ref``, fetched safely and checked before any transaction."""
        try:
            fetched = fetching.fetch(ref.url, max_bytes=self._limit("IMAGE",
                                                                     fetching.MAX_IMAGE_BYTES),
                                     allow_loopback=self.allow_loopback, accept="image/*")
        except fetching.FetchError as exc:
            raise ItemError(f"image: {exc}") from None
        content = fetched.content
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", PILImage.DecompressionBombWarning)
                with PILImage.open(io.BytesIO(content)) as picture:
                    kind, (width, height) = picture.format, picture.size
                    picture.verify()
        except Exception as exc:  # Pillow raises many kinds for broken files
            raise ItemError(f"image {ref.url}: not a readable picture ({exc})") from None
        if kind not in IMAGE_FORMATS:
            raise ItemError(f"image {ref.url}: {kind} pictures are not accepted")
        if width * height > settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS:
            raise ItemError(f"image {ref.url}: {width}×{height} is too many pixels")
        return _Image(content=content, extension=IMAGE_FORMATS[kind],
                      sha1=hashlib.sha1(content).hexdigest(), url=ref.url,  # noqa: S324
                      caption=ref.caption, credit=ref.credit)

    def _store_image(self, image, item, stored):
        existing = NewsImage.objects.filter(file_hash=image.sha1).order_by("pk").first()
        if existing is not None:
            return existing
        picture = NewsImage(
            title=(image.caption or item.headline)[:255], caption=image.caption[:500],
            credit=image.credit[:255], file_size=len(image.content), file_hash=image.sha1,
            file=ImageFile(io.BytesIO(image.content),
                           name=f"ingest-{image.sha1[:16]}.{image.extension}"))
        picture.save()
        stored.append(picture.file.name)
        return picture

    @staticmethod
    def _discard(stored):
        """Remove files saved for an item whose transaction was rolled back."""
        from django.core.files.storage import default_storage

        for name in stored:
            try:
                default_storage.delete(name)
            except OSError:
                logger.warning("could not remove %s", name)


def _reason(exc):
    if isinstance(exc, ValidationError):
        if hasattr(exc, "message_dict"):
            return "; ".join(f"{name}: {' '.join(messages)}"
                             for name, messages in exc.message_dict.items())
        return " ".join(exc.messages)
    if isinstance(exc, PermissionDenied):
        return f"permission denied: {exc}"
    return str(exc)
