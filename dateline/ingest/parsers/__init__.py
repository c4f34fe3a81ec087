"""Reading a source document: its format is detected from the content, never the name.

``<`` first: XML, then RSS or Atom by the root element. ``{`` or ``[`` first: JSON, then
JSON Feed by its ``version`` address, else ninjs. Anything else is refused.
"""

import json

from . import jsonfeed, ninjs, xmlfeeds
from .common import Feed, FeedError, ImageRef, Item, ItemError, Rejected, Term

__all__ = ["Feed", "FeedError", "ImageRef", "Item", "ItemError", "Rejected", "Term", "parse",
           "FORMATS"]

FORMATS = ("ninjs", "rss", "atom", "jsonfeed")


def parse(data, format="auto"):
    """A ``Feed`` from the bytes of a document; ``FeedError`` if nothing can be read."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    start = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if start == b"<":
        if format not in ("auto", "rss", "atom"):
            raise FeedError(f"expected {format} but the document is XML")
        return xmlfeeds.parse_document(data, None if format == "auto" else format)
    if start in (b"{", b"["):
        if format not in ("auto", "ninjs", "jsonfeed"):
            raise FeedError(f"expected {format} but the document is JSON")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise FeedError(f"JSON that is not UTF-8: {exc}") from None
        return _parse_json(text, format)
    if not start:
        raise FeedError("the document is empty")
    raise FeedError("not a known format: expected ninjs, RSS 2.0, Atom 1.0 or JSON Feed 1.1")


def _parse_json(text, format):
    try:
        data = json.loads(text)
    except RecursionError:
        raise FeedError("JSON nested too deeply") from None
    except ValueError:
        # Perhaps ninjs as JSON Lines; the ninjs parser reports the error otherwise.
        if format == "jsonfeed":
            raise FeedError("malformed JSON") from None
        return Feed("ninjs", ninjs.parse_document(text))
    if jsonfeed.is_json_feed(data):
        if format == "ninjs":
            raise FeedError("expected ninjs but the document is a JSON Feed")
        return jsonfeed.parse_feed(data)
    if format == "jsonfeed":
        raise FeedError("expected a JSON Feed but the document has no JSON Feed version")
    return Feed("ninjs", ninjs.parse_document(text, data))
