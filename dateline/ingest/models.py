"""What ingest remembers: the configured sources, the items it has taken, the label mapping.

The newsroom's own models are not changed: an ingested article is an ordinary article,
and ``IngestedItem`` links it to the source's id and version from the outside.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, URLValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dateline.newsroom.models import Article, Edition, Label


class IngestSource(models.Model):
    """A feed the worker reads on a schedule, into one edition."""

    class Format(models.TextChoices):
        AUTO = "auto", _("Detect from the content")
        NINJS = "ninjs", _("ninjs (IPTC News in JSON) 1.x, 2.x or 3.x")
        RSS = "rss", _("RSS 2.0")
        ATOM = "atom", _("Atom 1.0")
        JSON_FEED = "jsonfeed", _("JSON Feed 1.1")

    class Status(models.TextChoices):
        NEVER = "never", _("Not run yet")
        OK = "ok", _("OK")
        PARTIAL = "partial", _("Some items rejected")
        FAILED = "failed", _("Failed")

    name = models.CharField(_("name"), max_length=100, unique=True)
    url = models.URLField(_("address"), max_length=2000,
                          validators=[URLValidator(schemes=["http", "https"])], help_text=_(
                              "An http or https address of a ninjs, RSS, Atom or JSON Feed "
                              "document."))
    edition = models.ForeignKey(Edition, verbose_name=_("edition"), on_delete=models.CASCADE,
                                related_name="ingest_sources")
    format = models.CharField(_("format"), max_length=10, choices=Format.choices,
                              default=Format.AUTO)
    publish = models.BooleanField(_("publish at once"), default=False, help_text=_(
        "Off: new items wait as drafts for an editor, and updates of published articles "
        "wait as draft changes. On: they go live, updates with a public update note."))
    interval = models.PositiveIntegerField(
        _("interval (minutes)"), default=15,
        validators=[MinValueValidator(1, _("Check at most once a minute."))])
    enabled = models.BooleanField(_("enabled"), default=True)
    last_run_at = models.DateTimeField(_("last run"), null=True, blank=True, editable=False)
    last_status = models.CharField(_("last status"), max_length=10, choices=Status.choices,
                                   default=Status.NEVER, editable=False)
    items_new = models.PositiveIntegerField(_("new items"), default=0, editable=False)
    items_updated = models.PositiveIntegerField(_("updated items"), default=0, editable=False)
    items_rejected = models.PositiveIntegerField(_("rejected items"), default=0, editable=False)
    last_error = models.TextField(_("last errors"), blank=True, editable=False)

    class Meta:
        verbose_name = _("ingest source")
        verbose_name_plural = _("ingest sources")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def is_due(self, now=None):
        now = now or timezone.now()
        return self.last_run_at is None or self.last_run_at + timedelta(
            minutes=self.interval) <= now


class IngestedItem(models.Model):
    """One item of an outside source and the article it became, in one edition.

    ``external_id`` is the item's own id (ninjs ``uri``, RSS ``guid``, Atom ``id``, JSON
    Feed ``id``; ids that are not URIs get the feed's address in front, so that two feeds'
    "123" differ). The source's version, times and a hash of what we took decide whether
    a later copy is the same, newer or older. When an editor deletes the article, the
    record stays, so the item is not brought back by the next run.
    """

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="+")
    source = models.ForeignKey(IngestSource, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="items")
    external_id = models.CharField(max_length=500)
    article = models.OneToOneField(Article, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="ingested_from")
    version = models.CharField(max_length=100, blank=True)
    source_published_at = models.DateTimeField(null=True, blank=True)
    source_updated_at = models.DateTimeField(null=True, blank=True)
    # The times exactly as the source wrote them, with their own UTC offsets.
    source_published = models.CharField(max_length=64, blank=True)
    source_updated = models.CharField(max_length=64, blank=True)
    content_hash = models.CharField(max_length=64)
    image_url = models.CharField(max_length=2000, blank=True)
    origin = models.CharField(max_length=2000, blank=True,
                              help_text="The file or address it was read from.")
    created_at = models.DateTimeField(default=timezone.now)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("ingested item")
        verbose_name_plural = _("ingested items")
        constraints = [models.UniqueConstraint(fields=["edition", "external_id"],
                                               name="ingested_item_once_per_edition")]

    def __str__(self):
        return self.external_id


class LabelMapping(models.Model):
    """A genre or category name used by sources, and the edition's label it stands for."""

    edition = models.ForeignKey(Edition, verbose_name=_("edition"), on_delete=models.CASCADE,
                                related_name="label_mappings")
    source_term = models.CharField(_("source term"), max_length=200, help_text=_(
        "The genre or category as sources write it, e.g. “Opinion” or "
        "“http://cv.iptc.org/newscodes/genre/Opinion”; letter case does not matter."))
    label = models.ForeignKey(Label, verbose_name=_("label"), on_delete=models.CASCADE,
                              related_name="+")

    class Meta:
        verbose_name = _("label mapping")
        verbose_name_plural = _("label mappings")
        ordering = ["edition", "source_term"]
        constraints = [models.UniqueConstraint(fields=["edition", "source_term"],
                                               name="label_mapping_once_per_edition")]

    def __str__(self):
        return f"{self.source_term} → {self.label}"

    def clean(self):
        self.source_term = (self.source_term or "").strip()
        if self.edition_id and self.label_id and self.label.edition_id != self.edition_id:
            raise ValidationError({"label": _("Choose a label of this edition.")})
        if self.edition_id and self.source_term:
            clash = LabelMapping.objects.filter(edition_id=self.edition_id,
                                                source_term__iexact=self.source_term)
            if clash.exclude(pk=self.pk).exists():
                raise ValidationError({"source_term": _("This term is mapped already.")})
