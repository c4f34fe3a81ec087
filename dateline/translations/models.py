"""Which revision of its source each translation follows."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TranslationSync(models.Model):
    """A translation and the source revision it was made or last synced from.

    The source is the article its translation group began with (the oldest of those that
    share its ``translation_key``). ``out_of_date_since`` is set when the source is
    published with a change readers see that the translation has not followed yet."""

    translation = models.OneToOneField("newsroom.Article", primary_key=True,
                                       on_delete=models.CASCADE, related_name="sync",
                                       verbose_name=_("translation"))
    source = models.ForeignKey("newsroom.Article", on_delete=models.CASCADE,
                               related_name="+", verbose_name=_("source"))
    synced_revision = models.ForeignKey("wagtailcore.Revision", null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="+",
                                        verbose_name=_("source revision followed"))
    synced_at = models.DateTimeField(_("synced"), default=timezone.now)
    synced_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+",
                                  verbose_name=_("synced by"))
    out_of_date_since = models.DateTimeField(_("out of date since"), null=True, blank=True)
    # The last time the source changed for readers after the sync (the readers' notice).
    source_changed_at = models.DateTimeField(_("source changed"), null=True, blank=True)

    class Meta:
        verbose_name = _("translation sync")
        verbose_name_plural = _("translation syncs")
        indexes = [models.Index(fields=["out_of_date_since"],
                                condition=Q(out_of_date_since__isnull=False),
                                name="translation_out_of_date")]

    def __str__(self):
        return f"{self.translation_id} ← {self.source_id}"

    @property
    def is_out_of_date(self):
        return self.out_of_date_since is not None


class Counterpart(models.Model):
    """A tag or section of one edition and its counterpart in another (Війна ↔ War), both
    ways: a translation gets the counterparts of its source's tags and section."""

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.one} ↔ {self.other}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.one_id and self.other_id and self.one.edition_id == self.other.edition_id:
            raise ValidationError(_("A counterpart is in another edition."))


class TagCounterpart(Counterpart):
    one = models.ForeignKey("newsroom.Tag", on_delete=models.CASCADE, related_name="+",
                            verbose_name=_("tag"))
    other = models.ForeignKey("newsroom.Tag", on_delete=models.CASCADE, related_name="+",
                              verbose_name=_("its counterpart"))

    class Meta:
        verbose_name = _("tag counterpart")
        verbose_name_plural = _("tag counterparts")
        constraints = [models.UniqueConstraint(fields=["one", "other"],
                                               name="tag_counterpart_once")]


class SectionCounterpart(Counterpart):
    one = models.ForeignKey("newsroom.Section", on_delete=models.CASCADE, related_name="+",
                            verbose_name=_("section"))
    other = models.ForeignKey("newsroom.Section", on_delete=models.CASCADE, related_name="+",
                              verbose_name=_("its counterpart"))

    class Meta:
        verbose_name = _("section counterpart")
        verbose_name_plural = _("section counterparts")
        constraints = [models.UniqueConstraint(fields=["one", "other"],
                                               name="section_counterpart_once")]


class TranslationTask(models.Model):
    """A source waiting for (or given) its translation into an edition, and who does it."""

    source = models.ForeignKey("newsroom.Article", on_delete=models.CASCADE, related_name="+",
                               verbose_name=_("source"))
    edition = models.ForeignKey("newsroom.Edition", on_delete=models.CASCADE,
                                related_name="+", verbose_name=_("into"))
    translator = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("translator"))
    assigned_at = models.DateTimeField(_("assigned"), null=True, blank=True)
    translation = models.OneToOneField("newsroom.Article", null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="task",
                                       verbose_name=_("translation"))

    class Meta:
        verbose_name = _("translation task")
        verbose_name_plural = _("translation tasks")
        constraints = [models.UniqueConstraint(fields=["source", "edition"],
                                               name="translation_task_once")]

    def __str__(self):
        return f"{self.source_id} → {self.edition_id}"
