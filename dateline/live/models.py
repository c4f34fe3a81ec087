"""Live coverage: a stream of short entries under one article of kind ``live``.

Entries are rows of their own, not a field of the article: posting one writes one row
(no revision of the whole article, no lock taken), and the stream readers poll reads the
newest rows by an index. The article itself (headline, lead, picture, authors, tags) is
an ordinary article, published through the ordinary actions.

An entry is public when it is ``published`` and its time (``posted_at``) has come: an
entry posted with a time ahead is scheduled and appears by itself. A deleted entry keeps
its row as a tombstone (``deleted``) so that the stream can tell open pages to drop it,
and its text is emptied so that nothing of it can leak.
"""

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.fields import StreamField

from dateline.newsroom.blocks import ArticleBodyBlock
from dateline.newsroom.mixins import CleanTextMixin
from dateline.newsroom.models import Article, Author, author_name_in_edition
from dateline.newsroom.text import clean_data

from .text import summary_of


class EntryQuerySet(models.QuerySet):
    def public(self, now=None):
        """Entries readers may see (their article's own visibility is the caller's)."""
        return self.filter(status=Entry.Status.PUBLISHED, posted_at__lte=now or timezone.now())

    def named(self):
        """With the author, and ``author_shown_name``: the name as the article's edition
        writes it (``Entry.author_name``)."""
        return self.select_related("author").annotate(author_shown_name=author_name_in_edition(
            OuterRef("author_id"), OuterRef("article__edition_id"), "author__name"))

    def newest_first(self):
        """Pinned entries on top, then newest first; ties by id, so two entries posted in
        the same second keep the order they were posted in."""
        return self.order_by("-pinned", "-posted_at", "-id")


class Entry(CleanTextMixin, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        DELETED = "deleted", _("Deleted")

    article = models.ForeignKey(Article, verbose_name=_("article"), on_delete=models.CASCADE,
                                related_name="live_entries")
    title = models.CharField(_("title"), max_length=255, blank=True,
                             help_text=_("Optional: a few words that sum the entry up."))
    body = StreamField(ArticleBodyBlock(), verbose_name=_("text"), blank=True)
    author = models.ForeignKey(Author, verbose_name=_("author"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="live_entries")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.DRAFT)
    posted_at = models.DateTimeField(_("time"), default=timezone.now,
                                     help_text=_("A time ahead schedules the entry."))
    edited_at = models.DateTimeField(_("updated"), null=True, blank=True, editable=False,
                                     help_text=_("When the published text last changed."))
    # The title, else the first words: what key events, feeds and JSON-LD name it by,
    # kept with the row so that a list of them does not read every entry's text.
    summary = models.CharField(max_length=255, blank=True, editable=False)
    key_event = models.BooleanField(_("key event"), default=False)
    pinned = models.BooleanField(_("pinned"), default=False)
    # Every change moves this on: open pages compare it to know an entry changed.
    changed_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   editable=False, on_delete=models.SET_NULL,
                                   related_name="+")

    objects = EntryQuerySet.as_manager()

    clean_text_fields = ("title", "summary")

    class Meta:
        verbose_name = _("live entry")
        verbose_name_plural = _("live entries")
        indexes = [
            models.Index(fields=["article", "-posted_at", "-id"],
                         condition=Q(status="published"), name="live_entry_stream"),
            models.Index(fields=["article", "-changed_at"], name="live_entry_changes"),
            # The worker's look for scheduled entries that came out (``scheduled.py``).
            models.Index(fields=["posted_at"], condition=Q(status="published"),
                         name="live_entry_due"),
        ]

    def __str__(self):
        return self.title or f"{self.article} #{self.pk}"

    def save(self, *args, **kwargs):
        data = self.body.get_prep_value()
        cleaned = clean_data(data)
        if cleaned != data:
            self.body = cleaned
        self.summary = summary_of(self.title, self.body)[:255]
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "summary"}
        super().save(*args, **kwargs)

    @property
    def author_name(self):
        """The author's name as the article's edition writes it: read with the entry by
        ``EntryQuerySet.named()``, else one query."""
        if self.author_id is None:
            return ""
        shown = getattr(self, "author_shown_name", None)
        return shown if shown is not None else self.author.name_in(self.article.edition)

    @property
    def is_public(self):
        return self.status == self.Status.PUBLISHED and self.posted_at <= timezone.now()

    @property
    def anchor(self):
        return f"entry-{self.pk}"
