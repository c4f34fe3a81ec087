"""Documents in every format from one list of stories, for tests and the benchmark."""

import html
import json
from dataclasses import dataclass, field, replace

from dateline.conftest import HOSTILE


@dataclass
class Story:
    id: str
    headline: str
    body: str = "<p>First paragraph.</p><p>Second <b>bold</b> paragraph.</p>"
    lead: str = "The lead of the story."
    authors: list = field(default_factory=lambda: ["Jane Doe"])
    subjects: list = field(default_factory=lambda: ["Politics"])
    genres: list = field(default_factory=list)
    published: str = "2024-10-15T15:52:00+03:00"
    updated: str = "2024-10-15T15:52:00+03:00"
    version: str = "1"
    image: str = ""
    credit: str = ""
    caption: str = ""

    def newer(self, **changes):
        version = str(int(self.version) + 1) if self.version.isdigit() else self.version
        return replace(self, version=version, updated="2024-10-15T18:00:00+03:00", **changes)


def story(n=1, **fields):
    fields.setdefault("headline", f"Story number {n}")
    return Story(id=f"urn:newsml:example.com:2024:{n}", **fields)


def hostile_story():
    return story(99, headline=HOSTILE, lead=HOSTILE,
                 body=f"<p>{html.escape(HOSTILE)}</p><script>alert(1)</script>"
                      "<p><a href=\"javascript:alert(1)\" onclick=\"x()\">link</a></p>",
                 authors=[HOSTILE[:40]], subjects=[HOSTILE])


# -- ninjs ------------------------------------------------------------------------------------

def ninjs_v1(s):
    item = {"uri": s.id, "type": "text", "version": s.version, "firstcreated": s.published,
            "versioncreated": s.updated, "headline": s.headline, "description_text": s.lead,
            "body_html": s.body, "byline": " and ".join(s.authors),
            "subject": [{"name": name, "code": name.lower()} for name in s.subjects],
            "genre": [{"name": name, "code": name} for name in s.genres],
            "$standard": {"name": "ninjs", "version": "1.6"}}
    if s.image:
        item["associations"] = {"featureimage": {
            "uri": s.image + "#item", "type": "picture", "byline": s.credit,
            "description_text": s.caption,
            "renditions": {"thumbnail": {"href": s.image + "?thumb", "width": 100},
                           "original": {"href": s.image, "width": 1200}}}}
    return item


def ninjs_v2(s, version="2.1"):
    item = {"uri": s.id, "type": "text", "version": s.version, "firstcreated": s.published,
            "versioncreated": s.updated,
            "standard": {"name": "ninjs", "version": version},
            "headlines": [{"role": "main", "value": s.headline}],
            "descriptions": [{"role": "summary", "contenttype": "text/plain", "value": s.lead}],
            "bodies": [{"role": "main", "contenttype": "text/plain", "value": "plain"},
                       {"role": "richtext", "contenttype": "text/html", "value": s.body}],
            "by": ", ".join(s.authors),
            "subjects": [{"name": name, "uri": f"http://cv.example/{name}"} for name in s.subjects],
            "genres": [{"name": name, "uri": f"http://cv.iptc.org/newscodes/genre/{name}"}
                       for name in s.genres]}
    if s.image:
        item["associations"] = [{"name": "featureimage", "uri": s.image + "#item",
                                 "type": "picture", "by": s.credit,
                                 "descriptions": [{"role": "caption", "value": s.caption}],
                                 "renditions": [{"name": "original", "href": s.image}]}]
    return item


def ninjs_v3(s):
    item = {"uri": s.id, "type": "text", "version": s.version, "firstCreated": s.published,
            "versionCreated": s.updated, "pubStatus": "usable",
            "headlines": [{"role": "main", "value": s.headline}],
            "descriptions": [{"role": "summary", "contentType": "text/plain", "value": s.lead}],
            "bodies": [{"role": "main", "contentType": "text/html", "value": s.body}],
            "by": " & ".join(s.authors),
            "subjects": [{"name": name} for name in s.subjects],
            "genres": [{"name": name} for name in s.genres]}
    if s.image:
        item["associations"] = [{"name": "featureimage", "uri": s.image + "#item",
                                 "type": "picture", "by": s.credit,
                                 "headlines": [{"value": s.caption}],
                                 "renditions": [{"name": "original", "href": s.image,
                                                 "contentType": "image/jpeg"}]}]
    return item


def ninjs_document(stories, make=ninjs_v2):
    return json.dumps([make(s) for s in stories]).encode()


# -- RSS, Atom, JSON Feed -----------------------------------------------------------------------

def _x(text):
    return html.escape(text, quote=True)


def rss(stories):
    items = []
    for s in stories:
        parts = [f"<title>{_x(s.headline)}</title>",
                 f"<guid isPermaLink=\"false\">{_x(s.id)}</guid>",
                 f"<link>https://feed.example/{_x(s.id)}</link>",
                 f"<pubDate>{_rfc822(s.published)}</pubDate>",
                 f"<atom:updated>{s.updated}</atom:updated>",
                 f"<description>{_x(html.escape(s.lead))}</description>",
                 f"<content:encoded>{_x(s.body)}</content:encoded>"]
        parts += [f"<dc:creator>{_x(name)}</dc:creator>" for name in s.authors]
        parts += [f"<category>{_x(name)}</category>" for name in s.subjects + s.genres]
        if s.image:
            parts.append(f"<media:content url=\"{_x(s.image)}\" medium=\"image\">"
                         f"<media:credit>{_x(s.credit)}</media:credit>"
                         f"<media:description>{_x(s.caption)}</media:description></media:content>")
        items.append("<item>" + "".join(parts) + "</item>")
    return ("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
            "<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" "
            "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
            "xmlns:atom=\"http://www.w3.org/2005/Atom\" "
            "xmlns:media=\"http://search.yahoo.com/mrss/\"><channel><title>Example wire</title>"
            "<link>https://feed.example/</link>" + "\n".join(items) + "</channel></rss>").encode()


def _rfc822(iso):
    from datetime import datetime
    from email.utils import format_datetime

    return format_datetime(datetime.fromisoformat(iso))


def atom(stories):
    entries = []
    for s in stories:
        parts = [f"<id>{_x(s.id)}</id>", f"<title type=\"text\">{_x(s.headline)}</title>",
                 f"<published>{s.published}</published>", f"<updated>{s.updated}</updated>",
                 f"<summary type=\"text\">{_x(s.lead)}</summary>",
                 f"<content type=\"html\">{_x(s.body)}</content>"]
        parts += [f"<author><name>{_x(name)}</name></author>" for name in s.authors]
        parts += [f"<category term=\"{_x(name)}\"/>" for name in s.subjects + s.genres]
        if s.image:
            parts.append(f"<link rel=\"enclosure\" type=\"image/jpeg\" href=\"{_x(s.image)}\"/>"
                         f"<media:credit>{_x(s.credit)}</media:credit>"
                         f"<media:description>{_x(s.caption)}</media:description>")
        entries.append("<entry>" + "".join(parts) + "</entry>")
    return ("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
            "<feed xmlns=\"http://www.w3.org/2005/Atom\" "
            "xmlns:media=\"http://search.yahoo.com/mrss/\"><id>urn:example:feed</id>"
            "<title>Example wire</title><updated>2024-10-15T18:00:00Z</updated>"
            + "\n".join(entries) + "</feed>").encode()


def json_feed(stories):
    return json.dumps({
        "version": "https://jsonfeed.org/version/1.1", "title": "Example wire",
        "home_page_url": "https://feed.example/", "feed_url": "https://feed.example/feed.json",
        "items": [{"id": s.id, "title": s.headline, "summary": s.lead, "content_html": s.body,
                   "date_published": s.published, "date_modified": s.updated,
                   "authors": [{"name": name} for name in s.authors],
                   "tags": s.subjects + s.genres, **({"image": s.image} if s.image else {})}
                  for s in stories]}).encode()


FORMATS = {
    "ninjs-1": lambda stories: ninjs_document(stories, ninjs_v1),
    "ninjs-2": lambda stories: ninjs_document(stories, ninjs_v2),
    "ninjs-3": lambda stories: ninjs_document(stories, ninjs_v3),
    "rss": rss,
    "atom": atom,
    "jsonfeed": json_feed,
}
