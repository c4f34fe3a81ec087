"""The operations. Public reads go through ``Article.objects.published()`` and never write;
writes need a token and go through the newsroom's editorial actions, inside one
transaction each, so a denied or failed write leaves nothing behind."""

import json
import re
from datetime import UTC, datetime
from typing import Annotated, Literal

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch
from django.http import HttpResponse
from ninja import Path, Query, Router, Status
from pydantic import WithJsonSchema
from wagtail.permissions import policy_registry

from dateline.caching import keys, memo
from dateline.caching.shows import Showing, ShownArticle, Until
from dateline.live import reading
from dateline.newsroom import edits
from dateline.newsroom.actions import AddUpdateNoteAction, CreateArticleAction, EditArticleAction
from dateline.newsroom.cursors import BadCursor, Cursor
from dateline.newsroom.models import (
    Article,
    Author,
    AuthorName,
    Edition,
    Label,
    Section,
    Tag,
)
from dateline.newsroom.sanitize import body_blocks

from . import serializers as out
from .auth import TokenAuth
from .envelope import MAX_ID, cached
from .errors import ApiError, ErrorOut
from .schemas import (
    CODE_PATTERN,
    SLUG_PATTERN,
    ArticleIn,
    ArticleList,
    ArticleOut,
    ArticlePatch,
    AuthorList,
    AuthorOut,
    DeskArticleOut,
    EditionList,
    EditionOut,
    NinjsList,
    RefList,
    SectionList,
    UpdateNoteIn,
)

router = Router()

NINJS_MEDIA_TYPE = "application/ninjs+json"
DEFAULT_LIMIT, MAX_LIMIT = 20, 100

READ_ERRORS = {400: ErrorOut, 401: ErrorOut, 404: ErrorOut}
WRITE_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut,
                413: ErrorOut}

EditionCode = Path(..., min_length=1, max_length=30, pattern=CODE_PATTERN)
ArticleId = Path(..., ge=1, le=MAX_ID)
# Slugs are Django's unicode slugs ([-\w]+ in Python's sense); pydantic's own regex engine
# reads \w differently, so the pattern is only declared here and checked by _slug().
SlugStr = Annotated[str, WithJsonSchema({"type": "string", "minLength": 1, "maxLength": 100,
                                         "pattern": SLUG_PATTERN})]
AuthorSlug = Path(..., min_length=1, max_length=100)
Limit = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"At most {MAX_LIMIT}.")
FeedCursor = Query(None, max_length=40, pattern=r"^\d{1,20}\.\d{1,19}$",
                   description="next_cursor of the previous page.")
IdCursor = Query(None, max_length=19, pattern=r"^\d{1,19}$",
                 description="next_cursor of the previous page.")
SlugFilter = Query(None, min_length=1, max_length=100)
Format = Query(None, description=f"ninjs: ninjs 2.x items (also chosen by Accept: "
                                 f"{NINJS_MEDIA_TYPE}).")


# -- helpers -----------------------------------------------------------------------------------

def _edition(code, field="code"):
    """The edition ``code`` names, as the process keeps the editions (``caching.memo``)."""
    edition = memo.edition_coded(code)
    if edition is None:
        raise ApiError(404, f"No edition “{code}”.", field)
    return edition


def _found(model, field, **lookup):
    """The object a well-formed slug names; naming nothing is a 404 with the field."""
    found = model.objects.filter(**lookup).first()
    if found is None:
        raise ApiError(404, f"No {model._meta.verbose_name} “{lookup.get('slug', '')}”.", field)
    return found


def _slug(value, field):
    if value is not None and not re.fullmatch(SLUG_PATTERN, value):
        raise ApiError(400, "Not a slug: use letters, digits, hyphens and underscores.", field)
    return value


def _cursor(text):
    if not text:
        return None
    try:
        cursor = Cursor.decode(text)
    except BadCursor:
        cursor = None
    if cursor is None or cursor.pk > MAX_ID:
        raise ApiError(400, "This cursor is not valid.", "cursor")
    return cursor


def _utc(moment, edition):
    """An aware UTC time; naive times are the edition's local time; extremes are clamped."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=edition.tz)
    try:
        return moment.astimezone(UTC)
    except (OverflowError, ValueError):
        limit = datetime.min if moment.year < 2000 else datetime.max
        return limit.replace(tzinfo=UTC)


def _wants_ninjs(request, format):
    if format is not None:
        return format == "ninjs"
    return NINJS_MEDIA_TYPE in request.headers.get("Accept", "")


def _page(items, limit, cursor_of):
    more = len(items) > limit
    items = items[:limit]
    return items, (cursor_of(items[-1]) if more and items else None)


# -- what reads show, for the page cache (caching.shows) ---------------------------------------

def _furniture(shown):
    return keys.edition(shown["edition"].pk)


def _news(shown):
    return keys.news(shown["edition"].pk)


# -- editions and reference data ---------------------------------------------------------------

@router.get("/editions", response={200: EditionList, **READ_ERRORS}, tags=["reference"],
         summary="Editions")
@cached()
def editions(request):
    """Every edition: one site in one language."""
    return {"items": [out.edition_out(edition) for edition in Edition.objects.all()]}


@router.get("/editions/{code}", response={200: EditionOut, **READ_ERRORS}, tags=["reference"],
         summary="One edition")
@cached(_furniture)
def edition(request, code: str = EditionCode):
    edition = _edition(code)
    return Showing(out.edition_out(edition), {"edition": edition})


@router.get("/editions/{code}/sections", response={200: SectionList, **READ_ERRORS},
         tags=["reference"], summary="Sections of an edition")
@cached(_furniture, lambda shown: keys.listing("sections", shown["edition"].pk))
def sections(request, code: str = EditionCode):
    """The edition's sections in navigation order."""
    edition = _edition(code)
    return Showing({"items": [
        {"slug": section.slug, "name": section.name, "position": section.sort_order}
        for section in Section.objects.filter(edition=edition)]}, {"edition": edition})


@router.get("/editions/{code}/labels", response={200: RefList, **READ_ERRORS},
         tags=["reference"], summary="Labels of an edition")
@cached(_furniture, lambda shown: keys.listing("labels", shown["edition"].pk))
def labels(request, code: str = EditionCode):
    edition = _edition(code)
    return Showing({"items": [out.ref(label) for label in Label.objects.filter(edition=edition)]},
                   {"edition": edition})


@router.get("/editions/{code}/tags", response={200: RefList, **READ_ERRORS}, tags=["reference"],
         summary="Tags of an edition")
@cached(_furniture, _news)
def tags(request, code: str = EditionCode, cursor: str | None = IdCursor, limit: int = Limit):
    """Tags that have at least one published article, in the order they were made."""
    edition = _edition(code)
    visible = Article.objects.published().filter(tag_links__tag=OuterRef("pk"))
    queryset = Tag.objects.filter(Exists(visible), edition=edition).order_by("pk")
    if cursor:
        queryset = queryset.filter(pk__gt=int(cursor))
    items, next_cursor = _page(list(queryset[:limit + 1]), limit, lambda tag: str(tag.pk))
    return Showing({"items": [out.ref(tag) for tag in items], "next_cursor": next_cursor},
                   {"edition": edition})


@router.get("/authors", response={200: AuthorList, **READ_ERRORS}, tags=["reference"],
         summary="Authors")
@cached(lambda shown: keys.listing("authors", "all"))
def authors(request, cursor: str | None = IdCursor, limit: int = Limit):
    """Authors are shared by all editions."""
    queryset = Author.objects.select_related("photo").order_by("pk").prefetch_related(
        Prefetch("edition_names", AuthorName.objects.select_related("edition")))
    if cursor:
        queryset = queryset.filter(pk__gt=int(cursor))
    items, next_cursor = _page(list(queryset[:limit + 1]), limit, lambda author: str(author.pk))
    return Showing({"items": [out.author_out(author) for author in items],
                    "next_cursor": next_cursor}, {})


@router.get("/authors/{slug}", response={200: AuthorOut, **READ_ERRORS}, tags=["reference"],
         summary="One author")
@cached()
def author(request, slug: SlugStr = AuthorSlug):
    return out.author_out(_found(Author, "slug", slug=_slug(slug, "slug")))


# -- articles -------------------------------------------------------------------------------------

@router.get("/editions/{code}/articles", response={200: ArticleList | NinjsList, **READ_ERRORS},
         tags=["articles"], summary="Published articles of an edition, newest first")
@cached(_furniture, _news)
def articles(request, code: str = EditionCode, cursor: str | None = FeedCursor,
             limit: int = Limit, section: SlugStr | None = SlugFilter,
             tag: SlugStr | None = SlugFilter, author: SlugStr | None = SlugFilter,
             label: SlugStr | None = SlugFilter,
             published_after: datetime | None = Query(None, description="Inclusive."),
             published_before: datetime | None = Query(None, description="Exclusive."),
             updated_since: datetime | None = Query(None, description=(
                 "Only articles (re)published at or after this time: for syncing.")),
             format: Literal["json", "ninjs"] | None = Format):
    """Filters combine. Times without a zone are the edition's local time."""
    for name, value in (("section", section), ("tag", tag), ("author", author),
                        ("label", label)):
        _slug(value, name)
    edition = _edition(code)
    before = _cursor(cursor)
    before = before.as_before() if before else None
    published = Article.objects.published().filter(edition=edition)
    if tag:
        queryset = published.tagged(_found(Tag, "tag", edition=edition, slug=tag), before)
        if author:
            queryset = queryset.filter(author_links__author=_found(Author, "author", slug=author))
    elif author:
        queryset = published.by_author(_found(Author, "author", slug=author), before)
    else:
        queryset = published.newest_first(before)
    if section:
        queryset = queryset.filter(section=_found(Section, "section", edition=edition,
                                                  slug=section))
    if label:
        queryset = queryset.filter(labels=_found(Label, "label", edition=edition, slug=label))
    if published_after:
        queryset = queryset.filter(first_published_at__gte=_utc(published_after, edition))
    if published_before:
        queryset = queryset.filter(first_published_at__lt=_utc(published_before, edition))
    if updated_since:
        queryset = queryset.filter(last_published_at__gte=_utc(updated_since, edition))
    rows, next_cursor = _page(
        list(queryset.values_list("pk", "first_published_at", "expire_at")[:limit + 1]), limit,
        lambda row: Cursor(row[1], row[0]).encode())
    render = out.ninjs_out if _wants_ninjs(request, format) else out.article_out
    items = out.kept([pk for pk, _time, _expiry in rows], edition.pk, render)
    shown = [ShownArticle(pk, edition.pk, expire_at) for pk, _time, expire_at in rows]
    return Showing({"items": items, "next_cursor": next_cursor},
                   {"edition": edition, "items": shown})


@router.get("/articles/{article_id}", response={200: ArticleOut, **READ_ERRORS}, tags=["articles"],
         summary="One published article",
         openapi_extra={"responses": {200: {"content": {NINJS_MEDIA_TYPE: {
             "schema": {"$ref": "#/components/schemas/NinjsItem"}}}}}})
@cached(lambda shown: keys.article(shown["article"].pk))
def article(request, article_id: int = ArticleId,
            format: Literal["json", "ninjs"] | None = Format):
    """As our JSON, or as a ninjs 2.x item (``?format=ninjs`` or
    ``Accept: application/ninjs+json``)."""
    found = out.for_api(Article.objects.published().filter(pk=article_id)).first()
    if found is None:
        raise ApiError(404, f"No published article {article_id}.", "article_id")
    live = reading.entries_page(found, size=reading.FEED_SIZE) if found.is_live_coverage else None
    if _wants_ninjs(request, format):
        item = out.ninjs_out(found)
        if live:
            item["associations"] += out.ninjs_entries(found, live)
        data = HttpResponse(json.dumps(item, cls=DjangoJSONEncoder),
                            content_type=NINJS_MEDIA_TYPE)
    else:
        data = out.article_out(found)
        if live:
            data["coverage"] = out.coverage_out(found, live)
    # Live coverage changes by the clock too: a scheduled entry comes out, the coverage ends.
    return Showing(data, {"article": found, "until": Until(live.changes_at if live else None)})


# -- the desk: token required -------------------------------------------------------------------
# Writes go through the newsroom's editorial actions, which check the token's role for the
# article, its lock and its state; the refusals become the API's errors (errors.py).

def _user(request):
    return request.auth.user


def _article(article_id):
    found = Article.objects.filter(pk=article_id).select_related("edition").first()
    if found is None:
        raise ApiError(404, f"No article {article_id}.", "article_id")
    return found


def _changes(edition, data):
    """The payload as ``edits.Changes``: slugs found in the edition (a 404 naming the field
    when not), tag names as they are (the action finds or makes them)."""
    fields = {name: data[name] for name in ("headline", "lead", "kind", "slug") if name in data}
    if "body_html" in data:
        fields["body"] = body_blocks(data["body_html"])
    changes = edits.Changes(fields=fields)
    if "section" in data:
        changes.section = (_found(Section, "section", edition=edition, slug=data["section"])
                           if data["section"] else None)
    if "labels" in data:
        changes.labels = [_found(Label, "labels", edition=edition, slug=slug)
                          for slug in dict.fromkeys(data["labels"] or [])]
    if "authors" in data:
        changes.authors = [_found(Author, "authors", slug=slug)
                           for slug in dict.fromkeys(data["authors"] or [])]
    if "tags" in data:
        changes.tags = list(dict.fromkeys(data["tags"] or []))
    return changes


@router.post("/articles", response={201: DeskArticleOut, **WRITE_ERRORS}, auth=TokenAuth(),
          tags=["desk"], summary="Create an article (a draft, or published)")
def create_article(request, payload: ArticleIn):
    """Needs the right to add articles; ``publish: true`` needs the right to publish."""
    with transaction.atomic():
        edition = _edition(payload.edition, field="edition")
        action = CreateArticleAction(edition, None, user=_user(request), publish=payload.publish)
        action.check()  # a refusal comes before anything of the payload is looked up
        action.changes = _changes(edition, payload.model_dump(exclude={"edition", "publish"}))
        article = action.execute()
    return Status(201, out.desk_out(article))


@router.patch("/articles/{article_id}", response={200: DeskArticleOut, **WRITE_ERRORS},
           auth=TokenAuth(), tags=["desk"], summary="Change an article")
def update_article(request, payload: ArticlePatch, article_id: int = ArticleId):
    """Only the fields given change. The change is a new draft revision unless ``publish``;
    a reporter may change only their own articles, and only an editor may publish."""
    article = _article(article_id)
    with transaction.atomic():
        action = EditArticleAction(article, None, user=_user(request), publish=payload.publish)
        action.check()  # a refusal comes before anything of the payload is looked up
        action.changes = _changes(article.edition,
                                  payload.model_dump(exclude_unset=True, exclude={"publish"}))
        action.execute()
    return Status(200, out.desk_out(article))


@router.post("/articles/{article_id}/updates", response={201: DeskArticleOut, **WRITE_ERRORS},
          auth=TokenAuth(), tags=["desk"], summary="Add a public update note, correction or clarification")
def add_update_note(request, payload: UpdateNoteIn, article_id: int = ArticleId):
    """The note is published at once on the live version (the newsroom's update-note action)."""
    article = _article(article_id)
    with transaction.atomic():
        AddUpdateNoteAction(article, text=payload.text, kind=payload.kind,
                            user=_user(request)).execute()
    return Status(201, out.desk_out(article))


@router.get("/articles/{article_id}/draft", response={200: DeskArticleOut, **WRITE_ERRORS},
         auth=TokenAuth(), tags=["desk"], summary="The latest version of any article")
def draft(request, article_id: int = ArticleId):
    """Drafts and scheduled articles too, for a token whose role may see them."""
    article = _article(article_id)
    if not policy_registry.get_by_type(Article).user_has_permission_for_instance(
            _user(request), "view", article):
        raise ApiError(403, "Your token's role may not view this article.")
    return Status(200, out.desk_out(article))
