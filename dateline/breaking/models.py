from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class BreakingNews(models.Model):
    """The story an edition's banner names on every page until ``until``: one per edition
    at a time (marking another replaces it)."""

    edition = models.OneToOneField("newsroom.Edition", on_delete=models.CASCADE,
                                   related_name="breaking_news", verbose_name=_("edition"))
    article = models.ForeignKey("newsroom.Article", on_delete=models.CASCADE,
                                related_name="+", verbose_name=_("article"))
    until = models.DateTimeField(_("shown until"))
    marked_at = models.DateTimeField(_("marked at"), auto_now=True)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("breaking news")
        verbose_name_plural = _("breaking news")

    def __str__(self):
        return f"{self.edition}: {self.article}"
