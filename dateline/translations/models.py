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
