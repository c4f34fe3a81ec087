"""The newsroom's content: editions, articles and what hangs off them.

Articles live in one flat table indexed by edition and publication time, not in a page
tree: the site's hot queries are "the latest N published items of X before time T",
and every such X (edition, section, tag, author) has an index that answers it as a
range scan. Tags and authors are linked through tables that copy the article's
publication time (``published_at``) so that their lists are range scans too.
"""

import zoneinfo
from datetime import datetime
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.fields import StreamField
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.models import (
    DraftStateMixin,
    Locale,
    LockableMixin,
    Orderable,
    PreviewableMixin,
    RevisionMixin,
    TranslatableMixin,
    WorkflowMixin,
)
from wagtail.search import index

from . import addresses
from .blocks import ArticleBodyBlock
from .mixins import CleanTextMixin, SlugFromNameMixin
from .querysets import ArticleQuerySet
from .text import clean_data, slug_for


def validate_time_zone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("“%(value)s” is not a time zone name such as Europe/Kyiv."),
                              params={"value": value})


# Top-level words the site and the project use; an edition prefix may not take one.
RESERVED_PREFIXES = {"news", "section", "tag", "author", "search", "corrections", "admin",
                     "static", "media", "images", "documents", "api", "feeds", "sitemap",
                     "sitemaps", "robots", "healthz", "newsletters", "info"}


def validate_prefix(value):
    if value in RESERVED_PREFIXES or value.isdigit():
        raise ValidationError(_("“%(value)s” is used by the site itself; choose another prefix."),
                              params={"value": value})


class NewsImage(CleanTextMixin, AbstractImage):
    """A picture in the media library, with the credit that must travel with it."""

    credit = models.CharField(_("credit"), max_length=255, blank=True,
                              help_text=_("Photographer and agency, e.g. “Reuters / Jane Doe”."))
    caption = models.CharField(_("default caption"), max_length=500, blank=True)

    admin_form_fields = Image.admin_form_fields + ("credit", "caption")
    clean_text_fields = ("title", "caption", "credit")

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")


class NewsImageRendition(AbstractRendition):
    image = models.ForeignKey(NewsImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class Edition(CleanTextMixin, models.Model):
    """One site in one language, e.g. the Ukrainian main edition or “Dateline Global”."""

    name = models.CharField(_("name"), max_length=100)
    code = models.SlugField(_("code"), max_length=30, unique=True,
                            help_text=_("Short name used in URLs and commands, e.g. “global”."))
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES,
                                unique=True)
    time_zone = models.CharField(_("time zone"), max_length=64,
                                 default=settings.DATELINE_DEFAULT_TIME_ZONE,
                                 validators=[validate_time_zone])
    path_prefix = models.SlugField(
        _("URL prefix"), max_length=30, blank=True, validators=[validate_prefix],
        help_text=_("The edition's pages live under /prefix/; empty for the main edition."))
    publication_name = models.CharField(
        _("publication name"), max_length=100,
        help_text=_("The name news aggregators show, e.g. in the Google News sitemap."))
    logo = models.ForeignKey(NewsImage, verbose_name=_("logo"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    is_default = models.BooleanField(_("main edition"), default=False)
    locale = models.OneToOneField(Locale, on_delete=models.PROTECT, editable=False,
                                  related_name="edition")

    clean_text_fields = ("name", "publication_name")

    class Meta:
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        ordering = ["-is_default", "name"]
        constraints = [
            models.UniqueConstraint(fields=["path_prefix"], name="edition_unique_prefix"),
            models.UniqueConstraint(fields=["is_default"], condition=Q(is_default=True),
                                    name="edition_one_default"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.locale, _created = Locale.objects.get_or_create(language_code=self.language)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.root_path

    @property
    def tz(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def root_path(self):
        """Where the edition's pages start: "/" for the main edition, else "/prefix/"."""
        return f"/{self.path_prefix}/" if self.path_prefix else "/"


class EditionScoped(CleanTextMixin, SlugFromNameMixin, models.Model):
    """Tags, sections and labels belong to one edition and are named in its language."""

    edition = models.ForeignKey(Edition, verbose_name=_("edition"), on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, allow_unicode=True, blank=True)

    clean_text_fields = ("name",)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name


def _unique_per_edition(model_name):
    return [models.UniqueConstraint(fields=["edition", "slug"],
                                    name=f"{model_name}_unique_slug_per_edition")]


class Section(EditionScoped):
    sort_order = models.PositiveSmallIntegerField(_("position in navigation"), default=0)
    home_rail = models.BooleanField(
        _("rail on the home page"), default=True,
        help_text=_("Its newest stories in a rail of their own on the home page. Untick "
                    "for a section the home page shows otherwise (the news feed, the "
                    "columns)."))

    class Meta(EditionScoped.Meta):
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["edition", "sort_order", "name"]
        constraints = _unique_per_edition("section")


class Tag(EditionScoped):
    class Meta(EditionScoped.Meta):
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        constraints = _unique_per_edition("tag")


class Label(EditionScoped):
    """A flag shown beside the headline in the feed: Exclusive, Opinion, Review, Breaking, ...

    “Updated” is not a label: it is derived from the article's update notes.
    """

    class Meta(EditionScoped.Meta):
        verbose_name = _("label")
        verbose_name_plural = _("labels")
        constraints = _unique_per_edition("label")


class AuthorQuerySet(models.QuerySet):
    def named_in(self, edition):
        """Each author with ``shown_name``, ``shown_role`` and ``shown_bio``: their name,
        role and biography as ``edition`` writes them."""
        return self.annotate(
            shown_name=author_name_in_edition(OuterRef("pk"), edition, "name"),
            shown_role=_author_text_in_edition(OuterRef("pk"), edition, "role"),
            shown_bio=_author_text_in_edition(OuterRef("pk"), edition, "bio"))


class Author(CleanTextMixin, SlugFromNameMixin, ClusterableModel):
    """One person, whatever edition they write for; each edition may write their name in
    its own language (``AuthorName``), else readers see ``name``."""

    name = models.CharField(pgettext_lazy("person", "name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=True,
                            blank=True)
    role = models.CharField(_("role"), max_length=100, blank=True,
                            help_text=_("E.g. “Military expert” or “Editor-in-chief”."))
    bio = models.TextField(_("biography"), blank=True)
    photo = models.ForeignKey(NewsImage, verbose_name=_("photo"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    is_columnist = models.BooleanField(_("columnist"), default=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("desk account"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="author",
        help_text=_("The author's own account: new articles they start name them as author."))

    clean_text_fields = ("name", "role", "bio")

    objects = AuthorQuerySet.as_manager()

    class Meta:
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def name_in(self, edition):
        """The name as ``edition`` writes it: the annotation of ``named_in(edition)`` when
        read with it (callers pass that same edition), else one query."""
        shown = getattr(self, "shown_name", None)
        if shown is not None:
            return shown
        return (self.edition_names.filter(edition=edition).values_list("name", flat=True)
                .first() or self.name)

    def role_in(self, edition):
        """The role as ``edition`` writes it (see ``name_in``)."""
        return self._text_in(edition, "role")

    def bio_in(self, edition):
        """The biography as ``edition`` writes it (see ``name_in``)."""
        return self._text_in(edition, "bio")

    def _text_in(self, edition, field):
        shown = getattr(self, f"shown_{field}", None)
        if shown is not None:
            return shown
        return (self.edition_names.filter(edition=edition).values_list(field, flat=True)
                .first() or getattr(self, field))


class AuthorName(CleanTextMixin, Orderable):
    """How one edition writes an author's name (“Ірина Ковальчук” for “Iryna Kovalchuk”), and
    their role and biography in its language (empty: the author's own)."""

    author = ParentalKey(Author, related_name="edition_names", on_delete=models.CASCADE)
    edition = models.ForeignKey(Edition, verbose_name=_("edition"), on_delete=models.CASCADE,
                                related_name="+")
    name = models.CharField(pgettext_lazy("person", "name"), max_length=100)
    role = models.CharField(_("role"), max_length=100, blank=True)
    bio = models.TextField(_("biography"), blank=True)

    clean_text_fields = ("name", "role", "bio")

    class Meta(Orderable.Meta):
        verbose_name = _("name in an edition")
        verbose_name_plural = _("names in the editions")
        constraints = [models.UniqueConstraint(fields=["author", "edition"],
                                               name="author_name_once_per_edition")]

    def __str__(self):
        return self.name


def _author_text_in_edition(author, edition, field):
    """The author's ``field`` as the edition writes it, else their own (empty counts as
    unset): one subquery."""
    output = AuthorName._meta.get_field(field)
    return Coalesce(NullIf(Subquery(AuthorName.objects.filter(author=author, edition=edition)
                                    .values(field)[:1]), Value(""), output_field=output),
                    F(field), output_field=output)


def author_name_in_edition(author, edition, fallback):
    """The author's name as the edition writes it, else ``fallback`` (their own): one
    subquery, so that a list of any length costs no query more."""
    return Coalesce(Subquery(AuthorName.objects.filter(author=author, edition=edition)
                             .values("name")[:1]), F(fallback))


class Translation(NamedTuple):
    """A published version of an article in another edition, as its language switch needs it."""

    pk: int
    edition_id: int
    slug: str
    expire_at: datetime | None


class Article(CleanTextMixin, WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, PreviewableMixin,
              TranslatableMixin, index.Indexed, ClusterableModel):
    """A piece of journalism in one edition: news, column, interview, review, ..."""

    class Kind(models.TextChoices):
        NEWS = "news", _("News")
        ARTICLE = "article", _("Article")
        OPINION = "opinion", _("Opinion / column")
        INTERVIEW = "interview", _("Interview")
        REVIEW = "review", _("Review")
        ANALYSIS = "analysis", _("Analysis")
        PHOTO = "photo", _("Photo story")
        VIDEO = "video", _("Video")
        LIVE = "live", _("Live coverage")

    edition = models.ForeignKey(Edition, verbose_name=_("edition"), on_delete=models.PROTECT,
                                related_name="articles")
    headline = models.CharField(_("headline"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=255, allow_unicode=True, blank=True,
                            help_text=_("The last part of the address; made from the headline "
                                        "when left empty."))
    # A new translation's slug comes from its source's headline (the copy's text); it is
    # replaced by one from its own headline at its first publish (see _take_own_slug).
    source_slug = models.CharField(max_length=255, blank=True, editable=False)
    lead = models.TextField(_("lead"), blank=True,
                            help_text=_("The standfirst shown under the headline."))
    body = StreamField(ArticleBodyBlock(), verbose_name=_("body"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.NEWS)
    labels = ParentalManyToManyField(Label, verbose_name=_("labels"), blank=True,
                                     related_name="articles")
    section = models.ForeignKey(Section, verbose_name=_("section"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="articles")
    main_image = models.ForeignKey(NewsImage, verbose_name=_("main image"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    main_image_caption = models.CharField(_("caption"), max_length=500, blank=True,
                                          help_text=_("Empty: the image's default caption."))
    main_image_credit = models.CharField(_("credit"), max_length=255, blank=True,
                                         help_text=_("Empty: the image's own credit."))
    updated_at = models.DateTimeField(
        _("last substantive update"), null=True, blank=True, editable=False,
        help_text=_("Set by adding an update note or a correction."))
    seo_title = models.CharField(_("SEO title"), max_length=255, blank=True)
    seo_description = models.CharField(_("SEO description"), max_length=320, blank=True)
    coverage_ended_at = models.DateTimeField(
        _("coverage ends"), null=True, blank=True,
        help_text=_("Live coverage only: when it ends (empty: open). Readers see “Live” "
                    "until then and “Coverage has ended” after."))
    embargo_until = models.DateTimeField(
        _("embargo until"), null=True, blank=True,
        help_text=_("Before this time no page, feed, sitemap, search, API or channel shows "
                    "the article, even once it is published."))
    retracted_at = models.DateTimeField(_("retracted at"), null=True, blank=True,
                                        editable=False)
    retraction_note = models.TextField(_("retraction note"), blank=True, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("owner"), null=True,
                              blank=True, editable=False, on_delete=models.SET_NULL,
                              related_name="+")
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    objects = ArticleQuerySet.as_manager()

    clean_text_fields = ("headline", "lead", "seo_title", "seo_description",
                         "main_image_caption", "main_image_credit")

    search_fields = [
        index.SearchField("headline", boost=3),
        index.SearchField("lead", boost=2),
        index.SearchField("body"),
        index.AutocompleteField("headline"),
        index.FilterField("edition"),
        index.FilterField("live"),
        index.FilterField("first_published_at"),
        index.FilterField("expire_at"),
        index.FilterField("retracted_at"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [("retract_article", "Can retract article")]
        constraints = [
            models.UniqueConstraint(fields=["edition", "slug"],
                                    name="article_unique_slug_per_edition"),
        ]
        # Feed order is (first_published_at, id) descending; the partial indexes hold
        # only live rows, so drafts never cost the public pages anything.
        indexes = [
            models.Index(fields=["edition", "-first_published_at", "-id"],
                         condition=Q(live=True), name="article_edition_feed"),
            models.Index(fields=["section", "-first_published_at", "-id"],
                         condition=Q(live=True), name="article_section_feed"),
            models.Index(fields=["edition", "-created_at"], name="article_desk"),
            # The desk at a million articles (docs/desk.md): its list of every edition,
            # newest first; its date filter; the dashboard's recently published.
            models.Index(fields=["-created_at"], name="article_desk_all"),
            models.Index(fields=["first_published_at"], name="article_desk_dates"),
            models.Index(fields=["-last_published_at", "-id"], condition=Q(live=True),
                         name="article_desk_recent"),
            # The desk's status filters of the rarer states, newest first.
            models.Index(fields=["-created_at"], condition=Q(expired=True),
                         name="article_desk_expired"),
            models.Index(fields=["-created_at"], condition=Q(retracted_at__isnull=False),
                         name="article_desk_retracted"),
            models.Index(fields=["-created_at"],
                         condition=Q(live=True, has_unpublished_changes=True),
                         name="article_desk_changed"),
            # The few articles under embargo, for the worker's look for lifted ones.
            models.Index(fields=["embargo_until"], condition=Q(embargo_until__isnull=False),
                         name="article_embargo"),
        ]

    def __str__(self):
        return self.headline

    # -- derived facts -------------------------------------------------------------

    @property
    def is_published(self):
        return type(self).objects.published().filter(pk=self.pk).exists()

    @property
    def modified_at(self):
        """When the content last changed for readers: the latest update note, else publication."""
        return self.updated_at or self.first_published_at

    @property
    def is_live_coverage(self):
        return self.kind == self.Kind.LIVE

    def coverage_open(self, now=None):
        """Live coverage that has not ended by ``now``: readers see the “Live” badge."""
        return self.is_live_coverage and (
            self.coverage_ended_at is None or self.coverage_ended_at > (now or timezone.now()))

    @property
    def caption(self):
        if self.main_image_caption:
            return self.main_image_caption
        return self.main_image.caption if self.main_image else ""

    @property
    def credit(self):
        if self.main_image_credit:
            return self.main_image_credit
        return self.main_image.credit if self.main_image else ""

    def captions_to_translate(self):
        """(caption, credit) as readers see them, for a translation to hold as its own: the
        picture's default caption is in one language, so a translation starts with it in
        its own field, where the translator puts it in theirs."""
        return self.caption, self.credit

    def ordered_authors(self):
        return [link.author for link in self.author_links.all()]

    # -- saving --------------------------------------------------------------------

    def clean(self):
        super().clean()
        if self.edition_id and self.section_id and self.section.edition_id != self.edition_id:
            raise ValidationError({"section": _("Choose a section of this article's edition.")})

    def clean_text_fields_now(self):
        super().clean_text_fields_now()
        data = self.body.get_prep_value()
        cleaned = clean_data(data)
        if cleaned != data:
            self.body = cleaned

    def save(self, *args, **kwargs):
        if self.edition_id:
            self.locale_id = self.edition.locale_id
        if not self.slug:
            self.slug = self._free_slug()
            if self.pk is None and self._joins_translation_group():
                self.source_slug = self.slug
        self._take_own_slug()
        super().save(*args, **kwargs)
        # Keep the link tables' copy of the publication time in step (see module doc).
        for links in (self.tag_links, self.author_links):
            links.model.objects.filter(article=self).exclude(
                published_at=self.first_published_at
            ).update(published_at=self.first_published_at)

    def _joins_translation_group(self):
        return Article.objects.filter(translation_key=self.translation_key).exclude(
            edition_id=self.edition_id).exists()

    def _take_own_slug(self):
        """At a translation's first publish, a slug from its own headline in place of the
        one its source's headline gave it, unless the editor chose another slug.

        Only before any publish: a published address must never change. The revisions are
        rewritten too, since the desk edits (and the next publish takes) the latest one.
        """
        if not (self.live and self.source_slug and self.pk):
            return
        if Article.objects.filter(pk=self.pk, first_published_at__isnull=False).exists():
            return
        was, self.source_slug = self.source_slug, ""
        if self.slug == was:
            self.slug = self._free_slug()
        for revision in self.revisions.all():
            if revision.content.get("slug") == was:
                revision.content["slug"] = self.slug
            revision.content["source_slug"] = ""
            revision.save(update_fields=["content"])

    def _free_slug(self):
        base = slug_for(self.headline, 240) or "article"
        slug, n = base, 1
        taken = Article.objects.filter(edition_id=self.edition_id).exclude(pk=self.pk)
        while taken.filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
        return slug

    def full_clean(self, *args, **kwargs):
        # Wagtail calls full_clean when saving a revision (so drafts and previews are clean
        # too); the locale follows the edition.
        self.clean_text_fields_now()
        if self.edition_id:
            self.locale_id = self.edition.locale_id
        super().full_clean(*args, **kwargs)

    def copy_for_translation(self, locale, exclude_fields=None):
        """An unsaved draft of this article for the edition in ``locale``'s language.

        The copy keeps the text, authors and images to translate from; it drops what
        belongs to this edition (section, labels, tags, "Read also") and this article's
        public history (update notes, retraction).
        """
        edition = Edition.objects.filter(locale=locale).first()
        if edition is None:
            raise ValidationError(_("No edition publishes in %(language)s.")
                                  % {"language": locale.get_display_name()})
        copy = super().copy_for_translation(locale, exclude_fields=[
            *(exclude_fields or []), "section", "updated_at", "retracted_at",
            "coverage_ended_at",
            "retraction_note", "owner", "go_live_at", "expire_at", "source_slug"])
        copy.edition, copy.locale = edition, edition.locale
        # A translation starts as an unpublished, unlocked draft of its own.
        copy.live, copy.has_unpublished_changes, copy.expired = False, True, False
        copy.first_published_at = copy.last_published_at = None
        copy.live_revision = copy.latest_revision = None
        copy.locked, copy.locked_by, copy.locked_at = False, None, None
        copy.created_at, copy.slug = timezone.now(), ""  # save() finds a free slug
        copy.main_image_caption, copy.main_image_credit = self.captions_to_translate()
        copy.labels.set([])
        for links in (copy.tag_links, copy.related_links, copy.updates):
            links.set([])
        return copy

    # -- public address and preview ------------------------------------------------

    @cached_property
    def published_translations(self):
        """The article's published versions in other editions, as headlines (``pk``,
        ``edition_id``, ``slug``, ``expire_at``): the language switch links to them."""
        return [Translation(*row) for row in
                Article.objects.published().filter(translation_key=self.translation_key)
                .exclude(pk=self.pk).values_list("pk", "edition_id", "slug", "expire_at")]

    def get_absolute_url(self):
        return addresses.article_path(self.edition, self.slug)

    def get_preview_template(self, request, mode_name):
        return "site/article.html"

    def get_preview_context(self, request, mode_name):
        context = super().get_preview_context(request, mode_name)
        context.update(article=self, edition=self.edition)
        return context


class ArticleAuthorQuerySet(models.QuerySet):
    def named(self):
        """With the author, and ``shown_name``: the name as the article's edition writes it."""
        # Each link takes its own article's edition, so one queryset serves any mix.
        return self.select_related("author").annotate(shown_name=author_name_in_edition(
            OuterRef("author_id"), OuterRef("article__edition_id"), "author__name"))


class ArticleAuthor(Orderable):
    article = ParentalKey(Article, related_name="author_links", on_delete=models.CASCADE)
    author = models.ForeignKey(Author, verbose_name=_("author"), on_delete=models.PROTECT,
                               related_name="article_links")
    published_at = models.DateTimeField(null=True, editable=False)

    objects = ArticleAuthorQuerySet.as_manager()

    class Meta(Orderable.Meta):
        verbose_name = _("author")
        constraints = [models.UniqueConstraint(fields=["article", "author"],
                                               name="article_author_once")]
        indexes = [models.Index(fields=["author", "-published_at", "-article"],
                                name="article_author_feed")]

    @property
    def author_name(self):
        """The author's name as the article's edition writes it: read with the link by
        ``named()``, else (a preview's unsaved links) one query."""
        shown = getattr(self, "shown_name", None)
        return shown if shown is not None else self.author.name_in(self.article.edition)


class ArticleTag(models.Model):
    article = ParentalKey(Article, related_name="tag_links", on_delete=models.CASCADE)
    tag = models.ForeignKey(Tag, verbose_name=_("tag"), on_delete=models.CASCADE,
                            related_name="article_links")
    published_at = models.DateTimeField(null=True, editable=False)

    class Meta:
        verbose_name = _("tag")
        constraints = [models.UniqueConstraint(fields=["article", "tag"], name="article_tag_once")]
        indexes = [models.Index(fields=["tag", "-published_at", "-article"],
                                name="article_tag_feed")]

    def __str__(self):
        return str(self.tag)


class RelatedArticle(Orderable):
    """“Read also”, chosen by hand; shown before the automatic suggestions."""

    article = ParentalKey(Article, related_name="related_links", on_delete=models.CASCADE)
    related = models.ForeignKey(Article, verbose_name=_("article"), on_delete=models.CASCADE,
                                related_name="+")

    class Meta(Orderable.Meta):
        verbose_name = _("related article")

    def __str__(self):
        return str(self.related)


class ArticleUpdate(CleanTextMixin, models.Model):
    """A public note about a change: an update (new facts), a correction (an error fixed)
    or a clarification (nothing was wrong, but it could be misread). Corrections and
    clarifications are listed on the edition's corrections page (``CORRECTIONS``)."""

    class Kind(models.TextChoices):
        UPDATE = "update", _("Update")
        CORRECTION = "correction", _("Correction")
        CLARIFICATION = "clarification", _("Clarification")

    # The kinds that say the article was wrong or unclear: listed on the corrections page,
    # in its feed and in the article's structured data.
    CORRECTIONS = (Kind.CORRECTION, Kind.CLARIFICATION)

    article = ParentalKey(Article, related_name="updates", on_delete=models.CASCADE)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.UPDATE)
    noted_at = models.DateTimeField(_("time"), default=timezone.now)
    text = models.TextField(_("public note"))

    clean_text_fields = ("text",)

    class Meta:
        verbose_name = _("update note")
        ordering = ["noted_at", "id"]
        # The corrections page reads them newest first by cursor: a range of this index,
        # skipping the update notes (a partial index on the kinds is not used by SQLite,
        # which cannot match the query's bound kinds to the index's condition).
        indexes = [models.Index(fields=["noted_at", "id"], name="newsroom_note_time")]

    def __str__(self):
        return self.text



class WorkerHeartbeat(models.Model):
    """The scheduling worker's last sign of life, for the editor's desk and health checks."""

    name = models.CharField(max_length=100, unique=True)
    beat_at = models.DateTimeField()

    def __str__(self):
        return f"{self.name} @ {self.beat_at:%Y-%m-%d %H:%M:%S}"


class FrontPage(ClusterableModel):
    """An edition's home page as the editors arrange it: a top story and featured slots.

    Unset (or unpublished) slots fall back to the latest news, so the home page is never
    empty and never shows anything that is not published.
    """

    edition = models.OneToOneField(Edition, verbose_name=_("edition"), on_delete=models.CASCADE,
                                   related_name="front_page")
    top_story = models.ForeignKey(Article, verbose_name=_("top story"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("front page")
        verbose_name_plural = _("front pages")

    def __str__(self):
        return str(self.edition)

    def clean(self):
        if self.top_story_id and self.top_story.edition_id != self.edition_id:
            raise ValidationError({"top_story": _("Choose an article of this edition.")})


class FrontPageSlotQuerySet(models.QuerySet):
    def holding(self, now=None):
        """The slots that hold their place at ``now``: not pinned, or pinned until later."""
        now = now or timezone.now()
        return self.filter(Q(pinned_until__isnull=True) | Q(pinned_until__gt=now))


class FrontPageSlot(Orderable):
    front_page = ParentalKey(FrontPage, related_name="slots", on_delete=models.CASCADE)
    article = models.ForeignKey(Article, verbose_name=_("article"), on_delete=models.CASCADE,
                                related_name="+")
    pinned_until = models.DateTimeField(
        _("pinned until"), null=True, blank=True,
        help_text=_("After this time the article leaves its place by itself and the latest "
                    "news fill it. Empty: it stays until the desk moves it."))

    objects = FrontPageSlotQuerySet.as_manager()

    class Meta(Orderable.Meta):
        verbose_name = _("featured article")
        verbose_name_plural = _("featured articles")
