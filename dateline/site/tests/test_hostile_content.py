"""Hostile text in every field that is shown, in every place that shows it.

Each payload (markup that breaks out of an attribute, a ``</script>`` that would end a
script element, ``javascript:`` links plain and with an entity-encoded tab, the C0 control
characters and DEL, bidirectional overrides and isolates) goes into every text field a
reader or a program sees: headline, lead, SEO title and description, each kind of body
block, the main image's caption and credit, the library image's title, caption and credit,
label, tag, section, author name, role and biography, update notes and corrections, the
edition's name and
publication name, the title and text of a live coverage entry, and the search query. One small newsroom is built per payload (once per
module) and every place is fetched once: the public pages, their ``<title>``, Open Graph
and Twitter ``<meta>`` and JSON-LD, the article's share links (each parameter decoded),
the corrections page, the RSS, Atom and JSON feeds
and the corrections feed, the sitemaps, the API's
JSON and ninjs, and the desk's screens (the article list, edit, history, revision and
compare; the lists of authors, tags, sections, labels, editions and images; an author's and
an image's edit screen) and its messages.

Each (field, payload, place) case asserts two things:

- nothing executable survives: the place is parsed (lxml's HTML parser, libxml2 2.14, which
  tokenizes as HTML5 does; lxml's strict XML parser; ``json``) and walked for script elements, event-handler attributes, ``<img
  src=x>`` and URLs whose scheme, read as a browser reads it, is ``javascript:``; JSON-LD
  must parse as JSON; HTML carried inside feeds and the API is parsed and walked too;
- the field reads back as exactly the text the newsroom stored (for JSON-LD: equal to one
  of its values), so escaping neither failed nor happened twice; control characters and
  bidirectional overrides are gone from that text (stripped on save, see docs/site.md).
"""

import io
import json
import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.images import ImageFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from lxml import etree
from lxml import html as lxml_html
from PIL import Image as PILImage
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.test.utils.form_data import nested_form_data, streamfield

from dateline.breaking.actions import MarkBreakingAction
from dateline.infopages.models import InfoPage
from dateline.live.actions import EntryChanges, PostEntryAction
from dateline.live.models import Entry
from dateline.mostread.models import TopList
from dateline.newsroom import actions
from dateline.newsroom.addresses import base_url
from dateline.newsroom.blocks import RICH_TEXT_FEATURES
from dateline.newsroom.models import (
    Article,
    ArticleAuthor,
    ArticleTag,
    Author,
    Edition,
    Label,
    NewsImage,
    Section,
    Tag,
)
from dateline.newsroom.roles import ROLE_CHIEF
from dateline.newsroom.sanitize import body_blocks
from dateline.newsroom.tests.desk import form_data
from dateline.newsroom.tests.desk import url as desk_url

from .conftest import publish_at

pytestmark = pytest.mark.django_db

PAYLOADS = {
    "markup": '"><img src=x onerror=alert(1)>',
    "script": "</script><script>alert(1)</script>",
    "js-link": "javascript:alert(1)",
    "js-link-entity": "jav&#x09;ascript:alert(1)",
    "controls": "a" + "".join(map(chr, [*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F])) + "b",
    "bidi": "\u202egnp.exe\u202c \u2067isolated\u2069 \u202a\u202b\u202d\u2066\u2068x\u200f",
}
# What each payload reads as once stored: control characters and the bidirectional
# embeddings, overrides and isolates are stripped; the right-to-left mark stays.
STORED = {**{name: text for name, text in PAYLOADS.items()},
          "controls": "ab", "bidi": "gnp.exe isolated x\u200f"}
LINK_PAYLOADS = ("js-link", "js-link-entity")
SAFE_LINK = "https://example.org/"

# Never in any output: C0 controls but tab and newline (and CR, which HTML and XML
# normalise), DEL, bidirectional embeddings, overrides and isolates.
NOT_INERT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "data", "background",
                  "cite", "srcset", "xlink:href"}
EXECUTABLE_SCHEMES = {"javascript", "vbscript"}
SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")

FIELDS = ("HEADLINE", "LEAD", "SEOTITLE", "SEODESC", "PARAGRAPH", "APILINK", "SUBHEADING",
          "QUOTE", "ATTRIBUTION", "FIGCAPTION", "FIGCREDIT", "IMGTITLE", "IMGCAPTION",
          "IMGCREDIT", "MAINCAPTION", "MAINCREDIT", "LABEL", "TAG", "SECTION", "AUTHOR",
          "ROLE", "BIO", "UPDATE", "CORRECTION", "EDITION", "PUBLICATION", "ENTRYTITLE",
          "ENTRYTEXT", "QUERY", "INFOTITLE", "INFOBODY")
# APILINK is a rich-text link stored as the API and ingest store outside HTML: only the
# link payloads say anything there (its text is fixed).
ONLY_FOR = {"APILINK": LINK_PAYLOADS}


def value(field, payload):
    """What goes into ``field``: its name (so each field is found on its own), the payload,
    and an end mark (so nothing after the payload can go missing unnoticed)."""
    return f"{field} {PAYLOADS[payload]} END"


def expected(field, payload):
    if field == "APILINK":
        return "APILINK api link"
    return f"{field} {STORED[payload]} END"


# -- what each place shows -------------------------------------------------------------

ARTICLE_BODY = ("PARAGRAPH", "APILINK", "SUBHEADING", "QUOTE", "ATTRIBUTION", "FIGCAPTION",
                "FIGCREDIT", "IMGTITLE")
LISTED = ("HEADLINE", "LABEL", "SECTION", "EDITION", "PUBLICATION")

PLACES = {
    # The stored values themselves: controls and overrides are stripped on save.
    "stored": (
        "HEADLINE", "LEAD", "SEOTITLE", "SEODESC", "PARAGRAPH", "APILINK", "SUBHEADING",
        "QUOTE", "ATTRIBUTION", "FIGCAPTION", "FIGCREDIT", "IMGTITLE", "IMGCAPTION",
        "IMGCREDIT", "MAINCAPTION", "MAINCREDIT", "LABEL", "TAG", "SECTION", "AUTHOR",
        "ROLE", "BIO", "UPDATE", "CORRECTION", "EDITION", "PUBLICATION", "ENTRYTITLE",
        "ENTRYTEXT", "INFOTITLE", "INFOBODY"),
    # Public pages: what the reader sees and every attribute.
    "page:article": (*LISTED, "LEAD", *ARTICLE_BODY, "IMGCAPTION", "IMGCREDIT", "TAG",
                     "AUTHOR", "UPDATE", "CORRECTION"),
    "page:article-seo": (*LISTED, "MAINCAPTION", "MAINCREDIT", "TAG", "AUTHOR", "SEODESC"),
    "page:home": (*LISTED, "LEAD", "INFOTITLE"),  # the footer links to the info pages
    # The home page's blocks: a section's rail, the columns, Most read.
    "page:home-rails": ("HEADLINE", "LABEL", "SECTION"),
    "page:home-columns": ("AUTHOR",),
    "page:home-most-read": ("HEADLINE",),
    "page:news-breaking": ("HEADLINE",),  # the breaking-news banner, on every page
    "page:news": LISTED,
    # A section's page leads with its newest story, lead text included.
    "page:section": (*LISTED, "LEAD"),
    "page:tag": (*LISTED, "TAG"),
    "page:author": (*LISTED, "AUTHOR", "ROLE", "BIO"),
    "page:day": LISTED,
    "page:search": (*LISTED, "LEAD"),
    "page:search-query": ("QUERY", "EDITION", "SECTION", "PUBLICATION"),
    # The corrections page: each correction's text and its article's headline.
    "page:corrections": ("CORRECTION", "HEADLINE", "EDITION", "PUBLICATION"),
    # An info page (dateline/infopages): its title and text.
    "page:info": ("INFOTITLE", "INFOBODY", "EDITION", "PUBLICATION"),
    "title:info": ("INFOTITLE", "EDITION"),
    "title:corrections": ("EDITION",),
    "jsonld:corrections": ("EDITION",),
    # Live coverage: the article's key events and stream, and the entry's own page.
    "page:live": ("ENTRYTITLE", "ENTRYTEXT", "EDITION"),
    "page:entry": ("ENTRYTITLE", "ENTRYTEXT", "EDITION"),
    "title:entry": ("ENTRYTITLE", "EDITION"),
    "meta:entry": ("ENTRYTITLE", "EDITION"),
    "jsonld:live": ("ENTRYTITLE", "ENTRYTEXT", "PUBLICATION", "EDITION"),
    "api:live": ("ENTRYTITLE", "ENTRYTEXT"),
    "api:live-ninjs": ("ENTRYTITLE", "ENTRYTEXT", "PUBLICATION"),
    # The share row's links: the headline as each network's parameter reads it back.
    "share:article": ("HEADLINE",),
    # <title>
    "title:article": ("HEADLINE", "EDITION"),
    "title:article-seo": ("SEOTITLE", "EDITION"),
    "title:home": ("EDITION",),
    "title:section": ("SECTION", "EDITION"),
    "title:tag": ("TAG", "EDITION"),
    "title:author": ("AUTHOR", "EDITION"),
    "title:search-query": ("EDITION",),
    # Open Graph, Twitter and description <meta>
    "meta:article": ("HEADLINE", "LEAD", "IMGCAPTION", "SECTION", "TAG", "EDITION"),
    "meta:article-seo": ("SEODESC", "MAINCAPTION", "SECTION", "TAG", "EDITION"),
    "meta:home": ("EDITION", "PUBLICATION"),
    "meta:section": ("SECTION", "EDITION"),
    "meta:tag": ("TAG", "EDITION"),
    "meta:author": ("AUTHOR", "EDITION"),
    # JSON-LD
    "jsonld:article": ("HEADLINE", "LEAD", "AUTHOR", "PUBLICATION", "IMGCAPTION", "IMGCREDIT",
                       "SECTION", "TAG", "EDITION", "CORRECTION"),
    "jsonld:article-seo": ("SEODESC", "MAINCAPTION", "MAINCREDIT", "AUTHOR", "PUBLICATION",
                           "SECTION", "TAG", "EDITION"),
    "jsonld:home": ("EDITION", "PUBLICATION"),
    "jsonld:section": ("SECTION", "EDITION"),
    "jsonld:tag": ("TAG", "EDITION"),
    "jsonld:author": ("AUTHOR", "ROLE", "BIO", "EDITION"),
    # Sitemaps: the Google News sitemap names things; the others only list addresses.
    "sitemap:news": ("HEADLINE", "PUBLICATION"),
    "sitemap:index": (),
    "sitemap:pages": (),
    "sitemap:articles": (),
    # The content API
    "api:article": ("HEADLINE", "LEAD", *ARTICLE_BODY[:-1], "IMGCAPTION", "IMGCREDIT",
                    "LABEL", "TAG", "SECTION", "AUTHOR", "UPDATE", "CORRECTION"),
    "api:article-seo": ("MAINCAPTION", "MAINCREDIT", "TAG", "SECTION", "AUTHOR"),
    "api:articles": ("HEADLINE", "LEAD", *ARTICLE_BODY[:-1], "IMGCAPTION", "IMGCREDIT",
                     "MAINCAPTION", "MAINCREDIT", "LABEL", "TAG", "SECTION", "AUTHOR",
                     "UPDATE", "CORRECTION"),
    "api:ninjs": ("HEADLINE", "LEAD", "PARAGRAPH", "APILINK", "SUBHEADING", "QUOTE",
                  "ATTRIBUTION", "IMGCAPTION", "IMGCREDIT", "LABEL", "TAG", "AUTHOR",
                  "PUBLICATION"),
    "api:editions": ("EDITION", "PUBLICATION"),
    "api:authors": ("AUTHOR", "ROLE", "BIO"),
    "api:tags": ("TAG",),
    "api:sections": ("SECTION",),
    "api:labels": ("LABEL",),
    # The desk
    "admin:article-list": ("HEADLINE", "EDITION"),
    "admin:article-edit": ("HEADLINE", "LEAD", "PARAGRAPH", "SUBHEADING",
                           "QUOTE", "ATTRIBUTION", "FIGCAPTION", "FIGCREDIT", "LABEL", "TAG",
                           "SECTION", "AUTHOR", "UPDATE", "CORRECTION", "EDITION"),
    "admin:article-history": ("HEADLINE",),
    "admin:article-revision": ("HEADLINE", "LEAD", *ARTICLE_BODY, "IMGCAPTION", "IMGCREDIT",
                               "LABEL", "TAG", "AUTHOR", "UPDATE", "CORRECTION", "EDITION"),
    "admin:article-compare": ("HEADLINE", "LEAD", "PARAGRAPH", "SUBHEADING", "QUOTE",
                              "ATTRIBUTION", "FIGCAPTION", "FIGCREDIT"),
    "admin:message": ("HEADLINE",),
    "admin:author-list": ("AUTHOR", "ROLE"),
    "admin:author-edit": ("AUTHOR", "ROLE", "BIO"),
    "admin:tag-list": ("TAG", "EDITION"),
    "admin:section-list": ("SECTION", "EDITION"),
    "admin:label-list": ("LABEL", "EDITION"),
    "admin:edition-list": ("EDITION",),
    "admin:infopage-list": ("INFOTITLE", "EDITION"),
    "admin:image-list": ("IMGTITLE",),
    "admin:image-edit": ("IMGTITLE", "IMGCAPTION", "IMGCREDIT"),
}
for _fmt in ("rss", "atom", "json"):
    _item = ("HEADLINE", "LEAD", *ARTICLE_BODY, "LABEL", "TAG", "AUTHOR", "EDITION",
             "PUBLICATION")
    # JSON Feed has the image's address only, no caption or credit.
    _image = () if _fmt == "json" else ("IMGCAPTION", "IMGCREDIT", "MAINCAPTION", "MAINCREDIT")
    PLACES[f"feed:{_fmt}"] = (*_item, *_image)
    PLACES[f"feed:{_fmt}:section"] = ("SECTION", "HEADLINE", "EDITION")
    PLACES[f"feed:{_fmt}:tag"] = ("TAG", "HEADLINE", "EDITION")
    # RSS describes an author's feed with their role; Atom and JSON Feed do not.
    PLACES[f"feed:{_fmt}:author"] = ("AUTHOR", "HEADLINE", "EDITION",
                                     *(("ROLE",) if _fmt == "rss" else ()))
    # A live coverage's own feed: its entries.
    PLACES[f"feed:{_fmt}:live"] = ("ENTRYTITLE", "ENTRYTEXT", "EDITION")
# The corrections page's feed (RSS only): each correction's text under its headline.
PLACES["feed:rss:corrections"] = ("CORRECTION", "HEADLINE", "EDITION", "PUBLICATION")

CASES = [(payload, place, field)
         for payload in PAYLOADS for place, fields in PLACES.items() for field in fields
         if payload in ONLY_FOR.get(field, PAYLOADS)]


# -- reading a place back -----------------------------------------------------------------

class Doc:
    """Every string a reader or a program gets from one place, and what is wrong with it."""

    def __init__(self, exact=False):
        self.strings, self.problems, self.exact = [], [], exact

    def add(self, text):
        if text:
            self.strings.append(text)
            if NOT_INERT.search(text):
                self.problems.append(f"not inert: {text!r}")

    def has(self, text):
        if self.exact:
            return text in self.strings
        return any(text in string for string in self.strings)


def _scheme(url):
    """The scheme of a URL as a browser reads an attribute: surrounding controls and
    spaces dropped, tabs and newlines inside removed."""
    url = re.sub("[\t\n\r]", "", url).strip("".join(map(chr, range(0x21)))).lower()
    match = SCHEME.match(url)
    return match.group(1) if match else ""


def _walk_markup(root, doc, strict):
    """Record executable markup under ``root``. ``strict`` for public outputs (no script
    but JSON-LD and the site's own file); the desk has scripts of its own, so there only
    what the payloads could have made counts."""
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        code = element.text or ""
        if tag == "script":
            kind = (element.get("type") or "text/javascript").lower()
            if kind == "application/ld+json":
                try:
                    json.loads(code)
                except ValueError:
                    doc.problems.append(f"JSON-LD is not JSON: {code[:200]!r}")
            elif kind in ("application/json", "text/template"):
                pass
            elif strict and not (element.get("src", "").endswith(("/site/more.js", "/site/updates.js",
                                                                  "/site/share.js", "/push/alerts.js",
                                                                  "/mostread/read.js"))
                                 and not code.strip()):
                doc.problems.append(f"script: {etree.tostring(element)[:200]!r}")
            elif "alert(1)" in code:
                doc.problems.append(f"script: {code[:200]!r}")
        if tag in ("iframe", "object", "embed", "base", "frame", "frameset", "applet") and strict:
            doc.problems.append(f"<{tag}>")
        if tag == "meta" and element.get("http-equiv", "").lower() == "refresh":
            doc.problems.append("meta refresh")
        if tag == "img" and element.get("src") == "x":
            doc.problems.append("<img src=x>")
        for name, attribute in element.attrib.items():
            name = name.lower()
            if name.startswith("on") and (strict or "alert" in attribute):
                doc.problems.append(f"{name}={attribute!r}")
            if name in URL_ATTRIBUTES:
                urls = attribute.split(",") if name == "srcset" else [attribute]
                if any(_scheme(url) in EXECUTABLE_SCHEMES for url in urls):
                    doc.problems.append(f"{name}={attribute!r}")


def _add_json(doc, data, strict=True):
    """Every string in ``data``; strings the format says are HTML are parsed as HTML."""
    if isinstance(data, dict):
        html_keys = {"html", "content_html"}
        if data.get("contenttype") == "text/html":
            html_keys.add("value")
        for key, item in data.items():
            if key in html_keys and isinstance(item, str):
                _add_fragment(doc, item)
            else:
                _add_json(doc, item, strict)
    elif isinstance(data, list):
        for item in data:
            _add_json(doc, item, strict)
    elif isinstance(data, str):
        doc.add(data)
        if data[:1] in "{[":  # the desk keeps JSON inside JSON (rich text, blocks)
            try:
                inner = json.loads(data)
            except ValueError:
                return
            _add_json(doc, inner, strict)


def _add_fragment(doc, markup):
    """HTML inside another format (a feed's content, the API's body): parsed and walked."""
    if not markup.strip():
        return
    root = lxml_html.fragment_fromstring(markup, create_parent="div")
    _walk_markup(root, doc, strict=True)
    doc.add(root.text_content())
    for element in root.iter():
        if isinstance(element.tag, str):
            for attribute in element.attrib.values():
                doc.add(attribute)


def read_html(raw, part="page", strict=True):
    """One part of an HTML page: ``page`` (text outside scripts, every attribute, and on
    the desk the JSON it keeps in attributes and data scripts), ``title``, ``meta`` or
    ``jsonld``. The whole page is walked for executable markup whatever the part."""
    doc = Doc(exact=part == "jsonld")
    text = raw.decode()
    if NOT_INERT.search(text):
        doc.problems.append(f"not inert in the raw page: {NOT_INERT.findall(text)[:5]!r}")
    root = lxml_html.document_fromstring(text)
    _walk_markup(root, doc, strict)
    if part == "title":
        doc.add(root.findtext(".//title"))
    elif part == "meta":
        for meta in root.iter("meta"):
            if meta.get("property") or meta.get("name"):
                doc.add(meta.get("content"))
    elif part.startswith("class:"):
        found = root.xpath(f"//*[contains(concat(' ', @class, ' '), ' {part[6:]} ')]")
        for block in found:
            doc.add("".join(block.xpath(".//text()")))
            for element in block.iter():
                for attribute in element.attrib.values():
                    doc.add(attribute)
        if not found:
            doc.problems.append(f"no {part[6:]} on the page")
    elif part == "jsonld":
        for script in root.iter("script"):
            if script.get("type") == "application/ld+json":
                try:
                    _add_json(doc, json.loads(script.text or ""))
                except ValueError:
                    pass  # already a problem
    else:
        doc.add("".join(root.xpath("//body//text()[not(ancestor::script)]"
                                   "[not(ancestor::style)][not(ancestor::template)]")))
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue
            for attribute in element.attrib.values():
                doc.add(attribute)
                if not strict:
                    _add_json(doc, attribute, strict)
            if not strict and element.tag == "script" and element.get("type") == "application/json":
                _add_json(doc, element.text or "", strict)
    return doc


# Elements whose text is HTML for the reader (RSS description and content:encoded, Atom
# summary and content of type html).
HTML_IN_XML = {"description", "{http://purl.org/rss/1.0/modules/content/}encoded"}
ATOM = "{http://www.w3.org/2005/Atom}"


def read_xml(raw):
    doc = Doc()
    try:
        root = etree.fromstring(raw, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as error:
        doc.problems.append(f"not well-formed XML: {error}")
        return doc
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        is_html = element.tag in HTML_IN_XML or (
            element.tag in (ATOM + "summary", ATOM + "content") and element.get("type") == "html")
        if is_html:
            _add_fragment(doc, element.text or "")
        else:
            doc.add(element.text)
        doc.add(element.tail and element.tail.strip())
        for attribute in element.attrib.values():
            doc.add(attribute)
    return doc


def read_json(raw):
    doc = Doc()
    try:
        data = json.loads(raw)
    except ValueError as error:
        doc.problems.append(f"not JSON: {error}")
        return doc
    _add_json(doc, data)
    return doc


# -- the newsroom -------------------------------------------------------------------------

def _image(payload):
    data = io.BytesIO()
    PILImage.new("RGB", (160, 90), (30, 90, 160)).save(data, "JPEG")
    return NewsImage.objects.create(title=value("IMGTITLE", payload),
                                    caption=value("IMGCAPTION", payload),
                                    credit=value("IMGCREDIT", payload),
                                    file=ImageFile(data, name="hostile.jpg"))


def contentstate(text, href):
    """What the desk's rich-text editor sends: ``text`` typed in, then a link to ``href``."""
    return json.dumps({
        "blocks": [{"key": "hstl1", "type": "unstyled", "depth": 0, "text": f"{text} link",
                    "inlineStyleRanges": [],
                    "entityRanges": [{"offset": len(text) + 1, "length": 4, "key": 0}],
                    "data": {}}],
        "entityMap": {"0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": href}}},
    })


def desk_rich_text(text, href):
    """The paragraph as the desk stores it (through Wagtail's own converter)."""
    return ContentstateConverter(RICH_TEXT_FEATURES).to_database_format(
        contentstate(text, href))


def _chief():
    user = User.objects.create_user("hostile-chief", "chief@example.com", "pw")
    user.groups.add(Group.objects.get(name=ROLE_CHIEF))
    return user


def build(payload):
    """Both editions (the global one named with the payload), one library image, a label, a
    tag, a section and an author, all named with the payload; article A carries the payload
    in headline, lead, every kind of body block, an update note and a correction; article
    B in its SEO
    title and description and its own main-image caption and credit."""
    v = lambda field: value(field, payload)  # noqa: E731
    link = PAYLOADS[payload] if payload in LINK_PAYLOADS else SAFE_LINK
    now = timezone.now().replace(microsecond=0)
    Edition.objects.create(name="Дейтлайн", code="main", language="uk",
                           publication_name="Дейтлайн", is_default=True)
    edition = Edition.objects.create(name=v("EDITION"), code="global", language="en",
                                     path_prefix="global", publication_name=v("PUBLICATION"))
    image = _image(payload)
    section = Section.objects.create(edition=edition, name=v("SECTION"))
    tag = Tag.objects.create(edition=edition, name=v("TAG"))
    label = Label.objects.create(edition=edition, name=v("LABEL"))
    author = Author.objects.create(name=v("AUTHOR"), role=v("ROLE"), bio=v("BIO"), photo=image)

    first = Article(edition=edition, headline="Plain headline", lead="Plain lead",
                    section=section, main_image=image)
    first.save()
    first.save_revision()
    first.headline, first.lead = v("HEADLINE"), v("LEAD")
    first.body = [
        {"type": "paragraph", "value": desk_rich_text(v("PARAGRAPH"), link)},
        *([{"type": block["type"], "value": block["value"]}
           for block in body_blocks(f'<p>APILINK <a href="{link}">api link</a></p>')]
          if payload in LINK_PAYLOADS else []),
        {"type": "subheading", "value": v("SUBHEADING")},
        {"type": "quote", "value": {"text": v("QUOTE"), "attribution": v("ATTRIBUTION")}},
        {"type": "image", "value": {"image": image.pk, "caption": v("FIGCAPTION"),
                                    "credit": v("FIGCREDIT")}},
    ]
    first.save()
    ArticleTag.objects.create(article=first, tag=tag)
    ArticleAuthor.objects.create(article=first, author=author, sort_order=0)
    first.labels.set([label])
    first.save_revision()
    publish_at(first, now - timedelta(hours=1))
    actions.AddUpdateNoteAction(first, text=v("UPDATE")).execute(skip_permission_checks=True)
    actions.AddUpdateNoteAction(first, text=v("CORRECTION"), kind="correction").execute(
        skip_permission_checks=True)
    first.refresh_from_db()

    second = Article(edition=edition, headline="Companion story", lead="Companion lead",
                     section=section, main_image=image, seo_title=v("SEOTITLE"),
                     seo_description=v("SEODESC"), main_image_caption=v("MAINCAPTION"),
                     main_image_credit=v("MAINCREDIT"))
    second.save()
    ArticleTag.objects.create(article=second, tag=tag)
    ArticleAuthor.objects.create(article=second, author=author, sort_order=0)
    second.save_revision()
    publish_at(second, now - timedelta(hours=2))

    live = Article(edition=edition, headline="Live coverage", lead="Live lead",
                   kind=Article.Kind.LIVE)
    live.save()
    live.save_revision()
    publish_at(live, now - timedelta(hours=3))
    entry = PostEntryAction(live, EntryChanges(title=v("ENTRYTITLE"), text=v("ENTRYTEXT"),
                                               key_event=True)).execute()
    info = InfoPage.objects.create(edition=edition, title=v("INFOTITLE"), slug="hostile",
                                   body=desk_rich_text(v("INFOBODY"), link), live=True)
    # Newer stories fill the home page's top places (the newest leads, with the payload in
    # its lead), so that A shows in its section's rail, B (a column) in the columns, and A
    # in Most read.
    for n in range(7):
        filler = Article(edition=edition, headline=f"Filler {n}",
                         lead=v("LEAD") if n == 0 else "Filler lead")  # the lead's lead
        filler.save()
        filler.save_revision()
        publish_at(filler, now - timedelta(minutes=10 + n))
    Article.objects.filter(pk=second.pk).update(kind=Article.Kind.OPINION)
    TopList.objects.create(edition=edition, decided_at=now, article_ids=[first.pk])
    MarkBreakingAction(first, "1h").execute(skip_permission_checks=True)
    return {"info": info, "edition": edition, "image": image, "section": section, "tag": tag,
            "label": label, "author": author, "first": first, "second": second,
            "live": live, "entry": entry, "chief": _chief()}


def stored(world):
    """The saved values of every field, read back from the database."""
    first = Article.objects.get(pk=world["first"].pk)
    second = Article.objects.get(pk=world["second"].pk)
    image = NewsImage.objects.get(pk=world["image"].pk)
    author = Author.objects.get(pk=world["author"].pk)
    edition = Edition.objects.get(pk=world["edition"].pk)
    blocks = {block.block_type: block.value for block in first.body}
    doc = Doc()
    for text in (first.headline, first.lead, second.seo_title, second.seo_description,
                 blocks["subheading"], blocks["quote"]["text"], blocks["quote"]["attribution"],
                 blocks["image"]["caption"], blocks["image"]["credit"], image.title,
                 image.caption, image.credit, second.main_image_caption,
                 second.main_image_credit, Label.objects.get(pk=world["label"].pk).name,
                 Tag.objects.get(pk=world["tag"].pk).name,
                 Section.objects.get(pk=world["section"].pk).name, author.name, author.role,
                 author.bio, *(note.text for note in first.updates.all()), edition.name,
                 edition.publication_name):
        doc.add(text)
    entry = Entry.objects.get(pk=world["entry"].pk)
    doc.add(entry.title)
    for block in [*first.body, *entry.body]:
        if block.block_type == "paragraph":
            _add_fragment(doc, block.value.source)
    info = InfoPage.objects.get(pk=world["info"].pk)
    doc.add(info.title)
    _add_fragment(doc, info.body)
    return doc


def fetch_all(world, payload):
    """Every place, fetched once: {place: Doc}."""
    try:
        from django.core.cache import caches

        caches["pages"].clear()
    except Exception:  # noqa: BLE001, S110  (no page cache configured)
        pass
    first, second = world["first"], world["second"]
    edition, tag, section, author = world["edition"], world["tag"], world["section"], world["author"]
    public = Client()
    docs = {"stored": stored(world)}

    def get(client, path, **params):
        response = client.get(path, params)
        assert response.status_code == 200, (path, response.status_code)
        return response.content

    local = first.first_published_at.astimezone(edition.tz)
    pages = {
        "article": first.get_absolute_url(), "article-seo": second.get_absolute_url(),
        "home": "/global/", "news": "/global/news/",
        "section": f"/global/section/{section.slug}/", "tag": f"/global/tag/{tag.slug}/",
        "author": f"/global/author/{author.slug}/", "day": f"/global/{local:%Y/%m/%d}/",
        "live": world["live"].get_absolute_url(),
        "entry": f"{world['live'].get_absolute_url()}entry/{world['entry'].pk}/",
        "corrections": "/global/corrections/",
        "info": "/global/info/hostile/",
    }
    raw = {name: get(public, path) for name, path in pages.items()}
    raw["search"] = get(public, "/global/search/", q="HEADLINE")
    raw["search-query"] = get(public, "/global/search/", q=value("QUERY", payload))
    for block in ("rails", "columns", "most-read"):
        docs[f"page:home-{block}"] = read_html(raw["home"], {
            "rails": "class:rail", "columns": "class:columns-rail",
            "most-read": "class:most-read"}[block])
    docs["page:news-breaking"] = read_html(raw["news"], "class:breaking")
    for name, content in raw.items():
        docs[f"page:{name}"] = read_html(content)
        for part in ("title", "meta", "jsonld"):
            if f"{part}:{name}" in PLACES:
                docs[f"{part}:{name}"] = read_html(content, part)

    for fmt, filename in (("rss", "rss.xml"), ("atom", "atom.xml"), ("json", "feed.json")):
        reader = read_json if fmt == "json" else read_xml
        docs[f"feed:{fmt}"] = reader(get(public, f"/feeds/global/{filename}"))
        for kind, slug in (("section", section.slug), ("tag", tag.slug),
                           ("author", author.slug), ("live", world["live"].slug)):
            docs[f"feed:{fmt}:{kind}"] = reader(
                get(public, f"/feeds/global/{kind}/{slug}/{filename}"))

    docs["share:article"] = read_share_links(raw["article"])

    docs["feed:rss:corrections"] = read_xml(get(public, "/feeds/global/corrections/rss.xml"))

    docs["sitemap:index"] = read_xml(get(public, "/sitemap.xml"))
    docs["sitemap:pages"] = read_xml(get(public, "/sitemaps/global/pages.xml"))
    docs["sitemap:articles"] = read_xml(get(public, "/sitemaps/global/articles.xml"))
    docs["sitemap:news"] = read_xml(get(public, "/sitemaps/global/news.xml"))

    api = "/api/v1"
    docs["api:article"] = read_json(get(public, f"{api}/articles/{first.pk}"))
    docs["api:article-seo"] = read_json(get(public, f"{api}/articles/{second.pk}"))
    docs["api:articles"] = read_json(get(public, f"{api}/editions/global/articles"))
    docs["api:ninjs"] = read_json(get(public, f"{api}/articles/{first.pk}", format="ninjs"))
    live = world["live"].pk
    docs["api:live"] = read_json(get(public, f"{api}/articles/{live}"))
    docs["api:live-ninjs"] = read_json(get(public, f"{api}/articles/{live}", format="ninjs"))
    docs["api:editions"] = read_json(get(public, f"{api}/editions"))
    docs["api:authors"] = read_json(get(public, f"{api}/authors"))
    for kind in ("tags", "sections", "labels"):
        docs[f"api:{kind}"] = read_json(get(public, f"{api}/editions/global/{kind}"))

    desk = Client()
    desk.force_login(world["chief"])
    revisions = list(first.revisions.order_by("created_at", "id").values_list("id", flat=True))
    snippets = "/admin/snippets/newsroom"
    screens = {
        "article-list": desk_url("list"),
        "article-edit": desk_url("edit", first.pk),
        "article-history": desk_url("history", first.pk),
        "article-revision": desk_url("revisions_view", first.pk, first.live_revision_id),
        "article-compare": reverse(
            "wagtailsnippets_newsroom_article:revisions_compare",
            args=[first.pk, revisions[0], first.live_revision_id]),
        "author-list": f"{snippets}/author/",
        "author-edit": f"{snippets}/author/edit/{author.pk}/",
        "tag-list": f"{snippets}/tag/",
        "section-list": f"{snippets}/section/",
        "label-list": f"{snippets}/label/",
        "edition-list": f"{snippets}/edition/",
        "infopage-list": "/admin/snippets/infopages/infopage/",
        "image-list": "/admin/images/",
        "image-edit": f"/admin/images/{world['image'].pk}/",
    }
    for name, path in screens.items():
        docs[f"admin:{name}"] = read_html(get(desk, path), strict=False)

    # Last, as it adds an article: the desk's message after saving one. (The desk refuses
    # NUL outright, "Null characters are not allowed", so it is left out of what is typed.)
    typed = value("HEADLINE", payload).replace("\x00", "")
    data = form_data(desk, desk_url("add"), edition=edition.pk, headline=typed)
    response = desk.post(desk_url("add"), data, follow=True)
    assert response.status_code == 200 and response.redirect_chain, response.status_code
    docs["admin:message"] = read_messages(response.content)
    return docs


def read_share_links(raw):
    """The share row's links, each parameter decoded as the network reads it (the mail's
    too); a link that is not one of the networks' or mailto is a problem."""
    doc = Doc()
    root = lxml_html.document_fromstring(raw.decode())
    links = root.xpath("//*[contains(concat(' ', @class, ' '), ' share ')]//a")
    if len(links) != 6:
        doc.problems.append(f"{len(links)} share links")
    for link in links:
        href = link.get("href", "")
        parts = urlsplit(href)
        if parts.scheme not in ("https", "mailto") and not href.startswith(base_url()):
            doc.problems.append(f"share link {href!r}")
        for values in parse_qs(parts.query).values():
            for text in values:
                doc.add(text)
    return doc


def read_messages(raw):
    """The desk's messages only (the page around them shows the headline too)."""
    page = read_html(raw, strict=False)
    doc = Doc()
    doc.problems = page.problems
    root = lxml_html.document_fromstring(raw.decode())
    for element in root.xpath("//*[contains(concat(' ', @class, ' '), ' messages ')]"):
        doc.add(element.text_content())
    return doc


@pytest.fixture(scope="module")
def rendered(django_db_setup, django_db_blocker):
    """{payload: {place: Doc}}: for each payload in turn, the newsroom is built, every place
    fetched and read, and the database rolled back."""
    docs = {}
    with django_db_blocker.unblock():
        for payload in PAYLOADS:
            with transaction.atomic():
                docs[payload] = fetch_all(build(payload), payload)
                transaction.set_rollback(True)
    return docs


@pytest.mark.parametrize("payload,place,field", CASES,
                         ids=[f"{field}-{payload}-{place}" for payload, place, field in CASES])
def test_hostile_text_is_inert_and_exact(rendered, payload, place, field):
    """No executable markup survives in the place, and the field reads as stored."""
    doc = rendered[payload][place]
    assert not doc.problems, doc.problems[:5]
    text = expected(field, payload)
    assert doc.has(text), (text, [s[:300] for s in doc.strings if field in s][:5])


def _desk_post(client, edition, block):
    data = form_data(client, desk_url("add"), edition=edition.pk, headline="Links")
    data.update(nested_form_data({"body": streamfield([block])}))
    return client.post(desk_url("add"), data)


@pytest.mark.parametrize("payload", LINK_PAYLOADS)
def test_a_link_typed_at_the_desk_is_never_executable(client, editor, global_edition, payload):
    """A ``javascript:`` address given to a rich-text link through the desk's form is
    stored without a link that could run, and the article reads the same."""
    client.force_login(editor)
    response = _desk_post(client, global_edition,
                          ("paragraph", contentstate("See", PAYLOADS[payload])))
    assert response.status_code == 302
    doc = Doc()
    _add_fragment(doc, Article.objects.get().body[0].value.source)
    assert not doc.problems and doc.has("See link")
    page = read_html(client.get(desk_url("edit", Article.objects.get().pk)).content, strict=False)
    assert not page.problems


@pytest.mark.parametrize("payload", LINK_PAYLOADS)
def test_an_executable_embed_address_is_a_form_error(client, editor, global_edition, payload):
    """An embed block's address (the body's one URL field) must be a web address: a
    ``javascript:`` one is refused with an error on the form, and nothing is saved."""
    client.force_login(editor)
    response = _desk_post(client, global_edition, ("embed", PAYLOADS[payload]))
    assert response.status_code == 200
    error = response.context["form"].errors.as_data()["body"][0]
    assert list(error.block_errors) == [0]  # "Cannot find an embed for this URL."
    assert not Article.objects.exists()
