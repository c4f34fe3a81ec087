"""Feed writers: Django's RSS 2.0 and Atom 1.0 with full content, every author and the
main image, and JSON Feed 1.1 written from the very same item data.

Each item dict is what ``django.contrib.syndication`` builds, plus (from
``feeds.item_kwargs``): ``content`` (the body as HTML), ``summary_text`` (the lead as plain
text), ``authors`` (name and page URL of each) and ``image`` (url, type, width, height,
caption, credit) or None.

An item may also come written ahead (``Piece``, ``feeds.kept_items``): each writer writes
one item alone with ``piece`` and takes a feed's ``pieces`` as they are, before its items.
"""

import io
import json
from dataclasses import dataclass
from datetime import datetime

from django.utils.feedgenerator import (
    Atom1Feed,
    Rss201rev2Feed,
    SyndicationFeed,
    rfc3339_date,
)
from django.utils.html import escape
from django.utils.xmlutils import SimplerXMLGenerator

from .links import hub

MEDIA_NS = "http://search.yahoo.com/mrss/"


def _media_content(handler, image):
    handler.startElement("media:content", {
        "url": image["url"], "type": image["type"], "medium": "image",
        "width": str(image["width"]), "height": str(image["height"]),
    })
    if image["caption"]:
        handler.addQuickElement("media:description", image["caption"], {"type": "plain"})
    if image["credit"]:
        handler.addQuickElement("media:credit", image["credit"])
    handler.endElement("media:content")


@dataclass(frozen=True)
class Piece:
    """One item written ahead by one writer: XML text, or JSON Feed's dict."""

    written: object
    latest: datetime  # its updated time, or published if later: what the feed's date reads


class WrittenAhead:
    """What the three writers share: items written ahead, one ``Piece`` each."""

    pieces = ()

    @classmethod
    def piece(cls, language, **item):
        """``item`` (``add_item``'s arguments) written alone, as this writer writes it."""
        writer = cls(title="", link="", description="", language=language)
        writer.add_item(**item)
        made = writer.items[0]
        dates = [made[name] for name in ("updateddate", "pubdate") if made[name]]
        return Piece(writer.written(made), max(dates, default=None))

    def written(self, item):
        out = io.StringIO()
        handler = SimplerXMLGenerator(out, "utf-8", short_empty_elements=True)
        handler.startElement(self.item_element, self.item_attributes(item))
        self.add_item_elements(handler, item)
        handler.endElement(self.item_element)
        return out.getvalue()

    def write_items(self, handler):
        for piece in self.pieces:
            # Written by this writer's own item code (``written``): the SAX handler's way
            # of putting text in unchanged.
            handler.ignorableWhitespace(piece.written)
        super().write_items(handler)

    def latest_post_date(self):
        dates = [piece.latest for piece in self.pieces if piece.latest]
        if self.items or not dates:  # Django's: the items', else now
            dates.append(super().latest_post_date())
        return max(dates)


class RssFeed(WrittenAhead, Rss201rev2Feed):
    item_element = "item"

    def add_root_elements(self, handler):
        # Readers take the channel's description, like an item's, as HTML: the plain text
        # is escaped once more, so a name with markup in it reads as that text.
        plain = self.feed["description"]
        self.feed["description"] = escape(plain)
        try:
            super().add_root_elements(handler)
        finally:
            self.feed["description"] = plain
        if hub():  # WebSub discovery (W3C WebSub §4), as an Atom link in RSS
            handler.addQuickElement("atom:link", None, {"rel": "hub", "href": hub()})

    def rss_attributes(self):
        return {**super().rss_attributes(),
                "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
                "xmlns:dc": "http://purl.org/dc/elements/1.1/",
                "xmlns:media": MEDIA_NS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for author in item["authors"]:
            handler.addQuickElement("dc:creator", author["name"])
        if item["updateddate"] is not None:
            handler.addQuickElement("atom:updated", rfc3339_date(item["updateddate"]))
        handler.addQuickElement("content:encoded", item["content"])
        if item["image"]:
            _media_content(handler, item["image"])


class AtomFeed(WrittenAhead, Atom1Feed):
    item_element = "entry"

    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:media": MEDIA_NS}

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        if hub():  # WebSub discovery (W3C WebSub §4)
            handler.addQuickElement("link", "", {"rel": "hub", "href": hub()})

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for author in item["authors"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", author["name"])
            handler.addQuickElement("uri", author["url"])
            handler.endElement("author")
        handler.addQuickElement("content", item["content"], {"type": "html"})
        if item["image"]:
            _media_content(handler, item["image"])


class JSONFeed(WrittenAhead, SyndicationFeed):
    """JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/)."""

    def written(self, item):
        return self.item_dict(item)

    content_type = "application/feed+json; charset=utf-8"

    def write(self, outfile, encoding):
        # Compact: with an indent, Python encodes in pure Python, five times slower.
        outfile.write(json.dumps(self.as_dict(), ensure_ascii=False))

    def as_dict(self):
        feed = self.feed
        data = {
            "version": "https://jsonfeed.org/version/1.1",
            "title": feed["title"],
            "home_page_url": feed["link"],
            "feed_url": feed["feed_url"],
            "description": feed["description"],
            "language": feed["language"],
            "authors": [{"name": feed["author_name"], "url": feed["author_link"]}],
            "items": [*(piece.written for piece in self.pieces),
                      *(self.item_dict(item) for item in self.items)],
        }
        if feed.get("icon"):
            data["icon"] = feed["icon"]
        if hub():  # JSON Feed 1.1 "hubs": the WebSub hub to subscribe to
            data["hubs"] = [{"type": "WebSub", "url": hub()}]
        return data

    def item_dict(self, item):
        data = {
            "id": item["unique_id"],
            "url": item["link"],
            "title": item["title"],
            "content_html": item["content"],
            "summary": item["summary_text"],
            "date_published": rfc3339_date(item["pubdate"]),
            "date_modified": rfc3339_date(item["updateddate"]),
            "authors": [{"name": a["name"], "url": a["url"]} for a in item["authors"]],
            "tags": list(item["categories"]),
            "language": self.feed["language"],
        }
        if item["image"]:
            data["image"] = item["image"]["url"]
        return data
