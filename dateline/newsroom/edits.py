"""Changes to an article that do not come from the desk's forms (the API, ingest, the demo),
applied onto a version of it by the editorial actions (``actions.py``).

A ``Changes`` names only what changes: a field left out keeps its value. Tags and authors
may be given by name: a name the newsroom does not know yet becomes a new tag (in the
article's edition) or author, if the acting user may add one. A picture given as bytes is
stored once it has passed the same gate as an upload on the desk (``picture()``).

Everything that can be refused is refused before anything is written, as a
``ValidationError`` naming the field (``Conflict`` when the newsroom's state forbids it,
such as a slug already taken), or ``PermissionDenied``.
"""

import hashlib
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.images import ImageFile
from django.utils.translation import gettext as _

from . import uploads
from .models import Article, ArticleAuthor, ArticleTag, Author, NewsImage, Tag
from .text import slug_for

KEEP = object()  # a change that leaves a field as it is


class Conflict(ValidationError):
    """The change is well formed but the newsroom's state forbids it (a 409 in the API)."""


class MayNotMake(PermissionDenied):
    """The change names a tag or author that does not exist, and the user may not make it."""

    def __init__(self, message, field):
        super().__init__(message)
        self.field = field


@dataclass
class Picture:
    """A main picture from outside, checked (``picture()``), and what travels with it."""

    upload: object  # passed every check of an upload on the desk (uploads.checked_image)
    sha1: str
    title: str = ""
    caption: str = ""
    credit: str = ""


def picture(content, name="picture", title="", caption="", credit=""):
    """``content`` (bytes) as a ``Picture``, if it passes the desk's upload checks; else a
    ``ValidationError`` saying why."""
    return Picture(uploads.checked_image(content, name),
                   hashlib.sha1(content).hexdigest(),  # noqa: S324 (Wagtail's file_hash)
                   title=title, caption=caption, credit=credit)


@dataclass
class Changes:
    """What changes. ``fields``: the article's own columns (headline, lead, kind, slug, body
    as blocks, first_published_at, go_live_at, ...). ``tags`` and ``authors`` may hold
    names; with ``merge`` the given labels and tags are added to the article's own."""

    fields: dict = field(default_factory=dict)
    section: object = KEEP
    labels: object = KEEP
    tags: object = KEEP
    authors: object = KEEP
    picture: object = KEEP
    merge: bool = False


def apply(version, changes, user=None):
    """Put ``changes`` onto ``version`` (an unsaved version of an article: a new one, or
    the latest revision as an object); returns the pictures' file names it stored."""
    edition = version.edition
    for name, value in changes.fields.items():
        setattr(version, name, value)
    if changes.fields.get("slug"):
        _slug_is_free(version)
    if changes.section is not KEEP:
        version.section = changes.section
    if changes.labels is not KEEP:
        kept = list(version.labels.all()) if changes.merge and version.pk else []
        version.labels.set(_unique([*kept, *changes.labels]))
    if changes.tags is not KEEP:
        tags = [tag_named(edition, tag, user) for tag in changes.tags]
        kept = [link.tag for link in version.tag_links.all()] if changes.merge and version.pk else []
        version.tag_links.set([ArticleTag(tag=tag) for tag in _unique([*kept, *tags])])
    if changes.authors is not KEEP:
        authors = _unique([author_named(author, user) for author in changes.authors])
        version.author_links.set([ArticleAuthor(author=author, sort_order=position)
                                  for position, author in enumerate(authors)])
    stored = []
    if changes.picture is not KEEP:
        version.main_image = store_picture(changes.picture, stored) if changes.picture else None
        version.main_image_caption = version.main_image_credit = ""
    return stored


def _unique(things):
    return list({thing.pk: thing for thing in things}.values())


def _slug_is_free(version):
    taken = Article.objects.filter(edition_id=version.edition_id, slug=version.slug)
    if taken.exclude(pk=version.pk).exists():
        raise Conflict({"slug": _("The slug “%(slug)s” is taken in this edition.")
                        % {"slug": version.slug}})


def tag_named(edition, tag, user=None):
    """``tag``, or the edition's tag of that name, made if there is none and ``user`` may."""
    if isinstance(tag, Tag):
        return tag
    name = tag.strip()[:100]
    slug = slug_for(name)
    if not slug:
        raise ValidationError({"tags": _("“%(name)s” cannot be a tag.") % {"name": tag}})
    found = Tag.objects.filter(edition=edition, slug=slug).first()
    if found is None:
        if user is not None and not user.has_perm("newsroom.add_tag"):
            raise MayNotMake(_("Your role may not create tags."), "tags")
        found = Tag.objects.create(edition=edition, slug=slug, name=name)
    return found


def author_named(author, user=None):
    """``author``, or the author of that name (else slug), made if there is none and
    ``user`` may."""
    if isinstance(author, Author):
        return author
    name = author.strip()[:100]
    slug = slug_for(name)
    if not slug:
        raise ValidationError({"authors": _("“%(name)s” cannot be an author.") % {"name": author}})
    found = (Author.objects.filter(name__iexact=name).order_by("pk").first()
             or Author.objects.filter(slug=slug).first())
    if found is None:
        if user is not None and not user.has_perm("newsroom.add_author"):
            raise MayNotMake(_("Your role may not create authors."), "authors")
        found = Author.objects.create(name=name, slug=slug)
    return found


def store_picture(picture, stored=None):
    """The library image of ``picture``: the one already there with the same bytes, or a
    new one. ``stored`` collects the names of files written, for the caller to remove
    should its transaction roll back."""
    existing = NewsImage.objects.filter(file_hash=picture.sha1).order_by("pk").first()
    if existing is not None:
        return existing
    upload = picture.upload
    image = NewsImage(title=(picture.title or picture.caption or upload.name)[:255],
                      caption=picture.caption[:500], credit=picture.credit[:255],
                      file_size=upload.size, file_hash=picture.sha1,
                      file=ImageFile(upload, name=upload.name))
    image.save()
    if stored is not None:
        stored.append(image.file.name)
    return image
