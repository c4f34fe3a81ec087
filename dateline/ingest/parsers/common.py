"""What every parser hands on: items in one shape, or the reason an item was rejected."""

import email.utils
import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.conf import settings

from dateline.newsroom.sanitize import (
    MAX_BODY_CHARS,
    body_blocks,
    html_to_text,
    sanitize,
    text_to_html,
)
from dateline.newsroom.text import clean_text as strip_control_characters

MAX_HEADLINE = 255
MAX_ID = 500
MAX_NAME = 100


def max_body_chars():
    return getattr(settings, "DATELINE_INGEST_MAX_BODY_CHARS", MAX_BODY_CHARS)


class FeedError(Exception):
    """The whole document is unusable (not a known format, not parseable at all)."""


class ItemError(Exception):
    """One item is unusable; the message is the reason shown to the operator."""


@dataclass(frozen=True)
class Term:
    """A subject, genre or category of the source, with its codes (URIs, literals)."""

    name: str
    kind: str  # "subject", "genre" or "category"
    codes: tuple = ()

    def keys(self):
        return [key.casefold() for key in (self.name, *self.codes) if key]


@dataclass
class ImageRef:
    url: str
    caption: str = ""
    credit: str = ""


@dataclass
class Item:
    external_id: str
    headline: str
    lead: str = ""
    body_html: str = ""  # sanitized
    authors: list = field(default_factory=list)
    terms: list = field(default_factory=list)
    published_at: datetime | None = None
    published_text: str = ""
    updated_at: datetime | None = None
    updated_text: str = ""
    version: str = ""
    embargoed_until: datetime | None = None
    image: ImageRef | None = None
    position: int = 0

    def blocks(self):
        return body_blocks(self.body_html)

    @property
    def content_hash(self):
        """Changes exactly when what we would store changes (not with version or times)."""
        data = [self.headline, self.lead, self.body_html, self.authors,
                [[term.name, term.kind, list(term.codes)] for term in self.terms],
                [self.image.url, self.image.caption, self.image.credit] if self.image else None,
                self.published_at.isoformat() if self.published_at else None,
                self.embargoed_until.isoformat() if self.embargoed_until else None]
        return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode()).hexdigest()


@dataclass
class Rejected:
    position: int
    external_id: str
    reason: str


@dataclass
class Feed:
    format: str
    entries: list  # Item or Rejected, in document order
    title: str = ""


def clean_text(value):
    """Plain text on one line, without control characters (newsroom's rule)."""
    return " ".join(strip_control_characters(str(value or "")).split())


def split_byline(byline):
    """Author names from a byline: "By Jane Doe and John Roe, Kyiv" style lists."""
    text = clean_text(byline)
    text = re.sub(r"^(by|від|автор[и]?:?)\s+", "", text, flags=re.IGNORECASE)
    names = re.split(r"\s*(?:,|;|&|\band\b|\bі\b|\bта\b)\s*", text)
    seen, result = set(), []
    for name in names:
        name = name.strip(" .")[:MAX_NAME]
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            result.append(name)
    return result


def rss_author(value):
    """RSS ``author`` is "jane@example.com (Jane Doe)"; the name is what we want."""
    text = clean_text(value)
    match = re.match(r"^\S+@\S+\s*\((.+)\)$", text)
    if match:
        return match.group(1)
    if re.fullmatch(r"\S+@\S+", text):
        return ""
    return text


def parse_time(value, what="date"):
    """(aware datetime, the text as given); naive times are taken as UTC."""
    text = clean_text(value)
    if not text:
        return None, ""
    moment = None
    try:
        moment = datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        try:
            moment = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            moment = None
    if moment is None:
        raise ItemError(f"unreadable {what} {text[:40]!r}")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        moment.astimezone(UTC)
    except (OverflowError, ValueError):
        raise ItemError(f"{what} out of range: {text[:40]!r}") from None
    return moment, text[:64]


def absolute_id(raw_id, base):
    """The item's id; ids that are not URIs are qualified by the feed's address."""
    raw_id = clean_text(raw_id)
    if not raw_id:
        return ""
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", raw_id) or not base:
        return raw_id
    return f"{base}#{raw_id}"


def body_from(html=None, text=None):
    """Sanitized HTML of the body, from HTML if there is any, else from plain text."""
    raw = html if html and html.strip() else None
    limit = max_body_chars()
    if raw is not None:
        if len(raw) > limit:
            raise ItemError(f"body over the size limit ({len(raw)} > {limit} characters)")
        return sanitize(raw)
    text = text or ""
    if len(text) > limit:
        raise ItemError(f"body over the size limit ({len(text)} > {limit} characters)")
    return text_to_html(text)


def lead_from(html=None, text=None):
    if text and text.strip():
        return clean_text(text)[:5000]
    if html and html.strip():
        return html_to_text(html[:50_000])[:5000]
    return ""


def make_item(position, external_id, headline, **fields):
    """An ``Item``, checked: an id, a headline that fits, a body within the limit."""
    if not external_id:
        raise ItemError("no id (guid, id or uri)")
    if len(external_id) > MAX_ID:
        raise ItemError(f"id longer than {MAX_ID} characters")
    headline = clean_text(headline)
    if not headline:
        raise ItemError("no headline")
    if len(headline) > MAX_HEADLINE:
        raise ItemError(f"headline longer than {MAX_HEADLINE} characters")
    fields["authors"] = [name for name in fields.get("authors", []) if name]
    return Item(position=position, external_id=external_id, headline=headline, **fields)
