"""The edition's info pages: About, Contacts, Editorial policy and whatever else the
newsroom writes about itself. Edited on the desk as snippets (``wagtail_hooks.py``); each
save is announced as a change of its edition's furniture (``apps.py``), which purges every
page of the edition, since every footer links to the published ones.

A page shows only while ``live``: a draft is for the desk alone (``published()``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField

from dateline.newsroom.blocks import RICH_TEXT_FEATURES
from dateline.newsroom.mixins import CleanTextMixin


class InfoPageQuerySet(models.QuerySet):
    def published(self):
        return self.filter(live=True)


class InfoPage(CleanTextMixin, models.Model):
    edition = models.ForeignKey("newsroom.Edition", verbose_name=_("edition"),
                                on_delete=models.CASCADE, related_name="info_pages")
    title = models.CharField(_("title"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, allow_unicode=True,
                            help_text=_("Its address: /info/slug/ in the edition."))
    body = RichTextField(_("text"), features=RICH_TEXT_FEATURES, blank=True)
    live = models.BooleanField(_("published"), default=False,
                               help_text=_("Unticked: a draft that only the desk sees."))
    sort_order = models.PositiveSmallIntegerField(
        _("place in the footer"), default=0, help_text=_("Lower numbers come first."))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    clean_text_fields = ("title", "body")
    objects = InfoPageQuerySet.as_manager()

    class Meta:
        verbose_name = _("info page")
        verbose_name_plural = _("info pages")
        ordering = ["edition", "sort_order", "title"]
        constraints = [models.UniqueConstraint(fields=["edition", "slug"],
                                               name="infopage_unique_slug")]

    def __str__(self):
        return self.title
