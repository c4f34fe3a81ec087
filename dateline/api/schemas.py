"""What the API reads and writes, as pydantic schemas (and so as the OpenAPI description)."""

from datetime import datetime
from typing import Annotated, Literal

from ninja import Schema
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from dateline.newsroom.models import Article
from dateline.newsroom.sanitize import MAX_BODY_CHARS

KINDS = tuple(Article.Kind.values)
SLUG_PATTERN = r"^[-\w]+$"
CODE_PATTERN = r"^[-a-zA-Z0-9_]+$"


# Text the database can store has no NUL; a name is not blank. Both are said as patterns so
# that the OpenAPI description promises exactly what is accepted. The blank test names
# ECMAScript's \s explicitly: Python's \s also counts \x1c-\x1f, which JSON Schema does not.
SPACE = r"\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
TEXT_PATTERN = r"^[^\x00]*$"
WORDS_PATTERN = rf"^[^\x00]*[^\x00{SPACE}][^\x00]*$"
STRICT = ConfigDict(extra="forbid", regex_engine="python-re", strict=True)


def _stripped(value):
    return value.strip() or value


def _encodable(value):
    """No lone surrogates (possible in JSON's \\u escapes, impossible to store)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("not valid Unicode text") from None
    return value


def Text(max_length):  # noqa: N802 (a type)
    return Annotated[str, Field(max_length=max_length, pattern=TEXT_PATTERN),
                     AfterValidator(_encodable)]


def Words(max_length):  # noqa: N802 (a type)
    return Annotated[str, Field(min_length=1, max_length=max_length, pattern=WORDS_PATTERN),
                     AfterValidator(_encodable), AfterValidator(_stripped)]


# -- output ---------------------------------------------------------------------------------

class Out(BaseModel):
    """What the API answers. Every answer is built as plain data (``serializers.py``), so a
    plain pydantic model checks it: ninja's ``Schema`` wraps each nested value for reading
    model attributes, which took half of a cold article list's time."""


class Ref(Out):
    slug: str
    name: str


class ImageOut(Out):
    url: str
    width: int
    height: int
    caption: str
    credit: str


class AuthorRef(Out):
    slug: str
    name: str


class AuthorOut(Out):
    slug: str
    name: str
    names: dict[str, str] = Field(
        description="The name as an edition writes it, by edition code, where it differs "
                    "(articles give the name their edition writes).")
    role: str
    bio: str
    is_columnist: bool
    photo: ImageOut | None


class BodyBlockOut(Out):
    type: str
    html: str | None = None
    text: str | None = None
    attribution: str | None = None
    url: str | None = None
    image: ImageOut | None = None
    caption: str | None = None
    credit: str | None = None


class UpdateOut(Out):
    kind: str
    noted_at: datetime
    text: str


class EntryOut(Out):
    """One public entry of live coverage."""

    id: int
    url: str = Field(description="The entry's own page.")
    posted_at: datetime
    edited_at: datetime | None = Field(description="When its published text last changed.")
    title: str
    author: AuthorRef | None
    key_event: bool
    pinned: bool
    body: list[BodyBlockOut]


class CoverageOut(Out):
    """A live article's coverage: open or ended, and its newest public entries (pinned
    first, then newest; at most 50: the article page pages through the rest)."""

    open: bool
    ended_at: datetime | None
    entries: list[EntryOut]
    more: bool = Field(description="Older entries exist beyond these.")


class ArticleOut(Out):
    id: int
    edition: str
    language: str
    url: str
    slug: str
    headline: str
    lead: str
    kind: str
    section: Ref | None
    labels: list[Ref]
    tags: list[Ref]
    authors: list[AuthorRef]
    first_published_at: datetime
    updated_at: datetime | None = Field(description="The last substantive update (update note).")
    modified_at: datetime
    main_image: ImageOut | None
    body: list[BodyBlockOut]
    updates: list[UpdateOut]
    coverage: CoverageOut | None = Field(
        None, description="Live coverage only (kind `live`), in the one-article answer.")


class DeskArticleOut(Out):
    """An article as the desk sees it: its latest version, draft or not, and its state."""

    id: int
    edition: str
    status: Literal["draft", "scheduled", "live", "live+draft", "expired", "retracted"]
    live: bool
    has_unpublished_changes: bool
    go_live_at: datetime | None
    first_published_at: datetime | None
    url: str
    slug: str
    headline: str
    lead: str
    kind: str
    section: Ref | None
    labels: list[Ref]
    tags: list[Ref]
    authors: list[AuthorRef]
    main_image: ImageOut | None
    body: list[BodyBlockOut]
    updates: list[UpdateOut]


class ArticleList(Out):
    items: list[ArticleOut]
    next_cursor: str | None = Field(description="Pass as ?cursor= for the next page.")


class NinjsText(Out):
    role: str | None = None
    contenttype: str | None = None
    value: str


class NinjsNamed(Out):
    name: str
    uri: str | None = None
    literal: str | None = None


class NinjsRendition(Out):
    name: str
    href: str
    contenttype: str | None = None
    width: int | None = None
    height: int | None = None


class NinjsAssociation(Out):
    name: str
    uri: str
    type: str
    by: str | None = None
    headlines: list[NinjsText] = []
    descriptions: list[NinjsText] = []
    renditions: list[NinjsRendition] = []


class NinjsStandard(Out):
    name: str
    version: str


class NinjsItem(Out):
    """A ninjs 2.x news item (IPTC), as far as an article fills it."""

    uri: str
    standard: NinjsStandard
    type: str
    version: str
    firstcreated: datetime
    versioncreated: datetime
    pubstatus: str
    language: str
    headlines: list[NinjsText]
    descriptions: list[NinjsText]
    bodies: list[NinjsText]
    by: str
    subjects: list[NinjsNamed]
    genres: list[NinjsNamed]
    associations: list[NinjsAssociation]
    copyrightholder: str


class NinjsList(Out):
    items: list[NinjsItem]
    next_cursor: str | None


class EditionOut(Out):
    code: str
    name: str
    language: str
    time_zone: str
    publication_name: str
    url: str
    is_default: bool


class EditionList(Out):
    items: list[EditionOut]


class SectionOut(Out):
    slug: str
    name: str
    position: int


class SectionList(Out):
    items: list[SectionOut]


class RefList(Out):
    items: list[Ref]
    next_cursor: str | None = None


class AuthorList(Out):
    items: list[AuthorOut]
    next_cursor: str | None


# -- input ----------------------------------------------------------------------------------

Name = Words(100)
Slug = Annotated[str, Field(min_length=1, max_length=100, pattern=SLUG_PATTERN)]


class ArticleFields(Schema):
    model_config = STRICT

    headline: Words(255)
    lead: Text(5000) = ""
    body_html: Annotated[Text(MAX_BODY_CHARS), Field(description=(
        "HTML; sanitized to the editor's allow-list (p, h2, blockquote, a, b, i, ol, ul, li, "
        "sup, sub, br) and stored as body blocks."))] = ""
    kind: Literal[KINDS] = "news"
    slug: Annotated[str, Field(min_length=1, max_length=255, pattern=SLUG_PATTERN)] | None = None
    section: Slug | None = None
    tags: Annotated[list[Name], Field(max_length=50, description=(
        "Tag names; new ones are created in the edition."))] = []
    authors: Annotated[list[Slug], Field(max_length=20, description="Author slugs.")] = []
    labels: Annotated[list[Slug], Field(max_length=20, description="Label slugs.")] = []
    publish: bool = Field(False, description="Publish now (needs the publish right).")


class ArticleIn(ArticleFields):
    edition: Annotated[str, Field(min_length=1, max_length=30, pattern=CODE_PATTERN)]


class ArticlePatch(Schema):
    """Only the fields given change (``section: null`` clears the section); ``publish``
    publishes the result."""

    model_config = STRICT

    # Left out means unchanged; null is not a value for these (hence no ``| None``).
    headline: Words(255) = None
    lead: Text(5000) = None
    body_html: Text(MAX_BODY_CHARS) = None
    kind: Literal[KINDS] = None
    slug: Annotated[str, Field(min_length=1, max_length=255, pattern=SLUG_PATTERN)] = None
    section: Slug | None = None
    tags: Annotated[list[Name], Field(max_length=50)] = None
    authors: Annotated[list[Slug], Field(max_length=20)] = None
    labels: Annotated[list[Slug], Field(max_length=20)] = None
    publish: bool = False


class UpdateNoteIn(Schema):
    model_config = STRICT

    text: Words(2000)
    kind: Literal["update", "correction", "clarification"] = "update"

