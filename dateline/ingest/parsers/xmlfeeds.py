"""RSS 2.0 and Atom 1.0, read with defusedxml (no entity expansion, no external fetches).

When the document as a whole is not well-formed, its ``<item>`` / ``<entry>`` elements are
cut out and parsed one by one inside the document's own root element (so namespace
prefixes still resolve): a broken item is then rejected with the parser's message while
the well-formed ones go in. A document that declares entities is refused outright.
"""

import copy
import html as html_lib
import re
import xml.etree.ElementTree as StdET

import defusedxml.ElementTree as ET
from defusedxml import DefusedXmlException

from .common import (
    Feed,
    FeedError,
    ImageRef,
    ItemError,
    Rejected,
    Term,
    absolute_id,
    body_from,
    clean_text,
    lead_from,
    make_item,
    parse_time,
    rss_author,
    split_byline,
)

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
DC = "{http://purl.org/dc/elements/1.1/}"
DCTERMS = "{http://purl.org/dc/terms/}"
MEDIA = "{http://search.yahoo.com/mrss/}"
XHTML = "{http://www.w3.org/1999/xhtml}"
RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}RDF"
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp")


def parse_document(data, expected=None):
    """A ``Feed`` of RSS or Atom items; ``expected`` ("rss"/"atom") refuses the other."""
    try:
        root = ET.fromstring(data)
    except DefusedXmlException as exc:
        raise FeedError(f"refused: the XML declares entities or external references "
                        f"({type(exc).__name__})") from None
    except StdET.ParseError as exc:
        return _salvage(data, exc, expected)
    if root.tag == RDF:
        raise FeedError("RSS 1.0 (RDF) is not supported; use RSS 2.0 or Atom")
    if root.tag == "rss":
        _expect(expected, "rss")
        channel = root.find("channel")
        if channel is None:
            raise FeedError("an RSS document without a <channel>")
        return Feed("rss", list(_rss_items(channel, clean_text(channel.findtext("link")))),
                    title=clean_text(channel.findtext("title")))
    if root.tag in (ATOM + "feed", ATOM + "entry"):
        _expect(expected, "atom")
        entries = [root] if root.tag == ATOM + "entry" else root.findall(ATOM + "entry")
        return Feed("atom", list(_atom_entries(entries, _names(root.findall(ATOM + "author")))),
                    title=_atom_text(root.find(ATOM + "title")))
    raise FeedError(f"an XML document of an unknown kind <{_local(root.tag)}>")


def _expect(expected, found):
    if expected and expected != found:
        raise FeedError(f"expected {expected} but the document is {found}")


def _local(tag):
    return tag.split("}", 1)[-1] if isinstance(tag, str) else str(tag)


def _decode(data):
    match = re.match(rb"^\s*<\?xml[^>]*encoding=[\"']([\w.-]+)[\"']", data.lstrip(b"\xef\xbb\xbf"))
    encoding = match.group(1).decode("ascii") if match else "utf-8"
    try:
        return data.decode(encoding, errors="replace").lstrip("\ufeff")
    except LookupError:
        return data.decode("utf-8", errors="replace").lstrip("\ufeff")


def _salvage(data, error, expected):
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", _decode(data))
    if re.search(r"<!ENTITY", text, re.IGNORECASE):
        raise FeedError("refused: the XML declares entities")
    rss, atom = re.search(r"<rss\b[^>]*>", text), re.search(r"<feed\b[^>]*>", text)
    if rss and (not atom or rss.start() < atom.start()):
        _expect(expected, "rss")
        head, pattern, kind = rss.group(0), r"<item\b.*?</item\s*>", "rss"
        link = re.search(r"<channel\b.*?<link>([^<]*)</link>", text[:text.find("<item")], re.S)
        base = clean_text(html_lib.unescape(link.group(1))) if link else ""

        def wrap(chunk):
            return f"{head}<channel>{chunk}</channel></rss>"
    elif atom:
        _expect(expected, "atom")
        head, pattern, kind, base = atom.group(0), r"<entry\b.*?</entry\s*>", "atom", ""

        def wrap(chunk):
            return f"{head}{chunk}</feed>"
    else:
        raise FeedError(f"malformed XML: {error}")
    chunks = re.findall(pattern, text, re.S)
    if not chunks:
        raise FeedError(f"malformed XML: {error}")
    entries = []
    for position, chunk in enumerate(chunks, 1):
        try:
            root = ET.fromstring(wrap(chunk))
        except DefusedXmlException as exc:
            raise FeedError(f"refused: {type(exc).__name__}") from None
        except StdET.ParseError as exc:
            entries.append(Rejected(position, _guess_id(chunk), f"malformed XML: {exc}"))
            continue
        if kind == "rss":
            entries.extend(_rss_items(root.find("channel"), base, start=position))
        else:
            entries.extend(_atom_entries(root.findall(ATOM + "entry"), [], start=position))
    return Feed(kind, entries)


def _guess_id(chunk):
    match = re.search(r"<(?:guid|id)\b[^>]*>([^<]{1,500})</(?:guid|id)>", chunk)
    return clean_text(html_lib.unescape(match.group(1))) if match else ""


def _text(element):
    return "" if element is None else "".join(element.itertext())


def _names(authors):
    return [clean_text(author.findtext(ATOM + "name"))[:100] for author in authors
            if clean_text(author.findtext(ATOM + "name"))]


def _guarded(position, external_id, build):
    try:
        return build()
    except ItemError as exc:
        return Rejected(position, external_id, str(exc))
    except (TypeError, ValueError, AttributeError) as exc:
        return Rejected(position, external_id, f"unreadable item: {exc}")


# -- RSS 2.0 -------------------------------------------------------------------------------

def _rss_items(channel, base, start=1):
    for position, item in enumerate(channel.findall("item"), start):
        guid = clean_text(item.findtext("guid"))
        link = clean_text(item.findtext("link"))
        external_id = absolute_id(guid, base) if guid else link
        yield _guarded(position, external_id, lambda item=item, position=position,
                       external_id=external_id: _rss_item(position, item, external_id))


def _rss_item(position, item, external_id):
    description = item.findtext("description") or ""
    content = item.findtext(CONTENT + "encoded") or ""
    authors = [rss_author(element.text) for element in item.findall("author")]
    for creator in item.findall(DC + "creator"):
        authors += split_byline(creator.text)
    terms = [Term(clean_text(element.text)[:100], "category",
                  (f"{element.get('domain').rstrip('/')}/{clean_text(element.text)}",)
                  if element.get("domain") else ())
             for element in item.findall("category") if clean_text(element.text)]
    terms += [Term(clean_text(element.text)[:100], "category")
              for element in item.findall(DC + "subject") if clean_text(element.text)]
    published, published_text = parse_time(item.findtext("pubDate") or item.findtext(DC + "date"),
                                           "pubDate")
    updated, updated_text = parse_time(item.findtext(ATOM + "updated")
                                       or item.findtext(DCTERMS + "modified"), "updated time")
    return make_item(
        position, external_id, item.findtext("title"),
        lead=lead_from(html=description) if content.strip() else "",
        body_html=body_from(html=content if content.strip() else description),
        authors=_unique(authors), terms=terms,
        published_at=published, published_text=published_text,
        updated_at=updated or published, updated_text=updated_text or published_text,
        image=_rss_image(item),
    )


def _rss_image(item):
    for enclosure in item.findall("enclosure"):
        url = clean_text(enclosure.get("url"))
        kind = (enclosure.get("type") or "").lower()
        if url and (kind.startswith("image/") or (not kind and _looks_like_image(url))):
            return ImageRef(url, *_media_caption_credit(item, None))
    return _media_image(item)


# -- Atom 1.0 ------------------------------------------------------------------------------

def _atom_entries(entries, feed_authors, start=1):
    for position, entry in enumerate(entries, start):
        external_id = clean_text(entry.findtext(ATOM + "id"))
        yield _guarded(position, external_id, lambda entry=entry, position=position,
                       external_id=external_id: _atom_entry(position, entry, external_id,
                                                             feed_authors))


def _atom_entry(position, entry, external_id, feed_authors):
    summary, content = entry.find(ATOM + "summary"), entry.find(ATOM + "content")
    if content is not None and content.get("src"):
        content = None
    body_source = content if content is not None else summary
    published, published_text = parse_time(entry.findtext(ATOM + "published"), "published time")
    updated, updated_text = parse_time(entry.findtext(ATOM + "updated"), "updated time")
    terms = []
    for category in entry.findall(ATOM + "category"):
        term, label = clean_text(category.get("term")), clean_text(category.get("label"))
        scheme = clean_text(category.get("scheme"))
        codes = tuple(code for code in (term, f"{scheme.rstrip('/')}/{term}" if scheme and term
                                        else "") if code)
        if label or term:
            terms.append(Term((label or term)[:100], "category", codes))
    return make_item(
        position, external_id, _atom_text(entry.find(ATOM + "title")),
        lead=lead_from(html=_atom_html(summary)) if content is not None else "",
        body_html=body_from(html=_atom_html(body_source)),
        authors=_names(entry.findall(ATOM + "author")) or list(feed_authors),
        terms=terms,
        published_at=published or updated, published_text=published_text or updated_text,
        updated_at=updated, updated_text=updated_text,
        image=_atom_image(entry),
    )


def _atom_html(element):
    """An Atom text construct as HTML, whatever its type."""
    if element is None:
        return ""
    kind = (element.get("type") or "text").lower()
    if kind == "html" or kind == "text/html":
        return element.text or ""
    if kind == "xhtml" or kind == "application/xhtml+xml":
        container = element.find(XHTML + "div")
        container = copy.deepcopy(container if container is not None else element)
        for node in container.iter():
            if isinstance(node.tag, str):
                node.tag = _local(node.tag)
        return html_lib.escape(container.text or "", quote=False) + "".join(
            StdET.tostring(child, encoding="unicode", method="html") for child in container)
    if kind == "text" or kind.startswith("text/"):
        return "".join(f"<p>{html_lib.escape(part, quote=False)}</p>"
                       for part in re.split(r"\n\s*\n", _text(element)) if part.strip())
    return ""


def _atom_text(element):
    """An Atom text construct as plain text (for titles)."""
    if element is None:
        return ""
    if (element.get("type") or "text").lower() == "text":
        return _text(element)
    return lead_from(html=_atom_html(element))


def _atom_image(entry):
    for link in entry.findall(ATOM + "link"):
        if (link.get("rel") == "enclosure" and (link.get("type") or "").lower().startswith("image/")
                and clean_text(link.get("href"))):
            return ImageRef(clean_text(link.get("href")), *_media_caption_credit(entry, None))
    return _media_image(entry)


# -- Media RSS (both) ----------------------------------------------------------------------

def _media_image(element):
    candidates = element.findall(MEDIA + "content") + element.findall(
        f"{MEDIA}group/{MEDIA}content")
    for media in candidates:
        url = clean_text(media.get("url"))
        medium, kind = (media.get("medium") or "").lower(), (media.get("type") or "").lower()
        if url and (medium == "image" or kind.startswith("image/")
                    or (not medium and not kind and _looks_like_image(url))):
            return ImageRef(url, *_media_caption_credit(element, media))
    thumbnail = element.find(MEDIA + "thumbnail")
    if thumbnail is not None and clean_text(thumbnail.get("url")):
        return ImageRef(clean_text(thumbnail.get("url")), *_media_caption_credit(element, None))
    return None


def _media_caption_credit(element, media):
    def first(tag):
        for scope in (media, element):
            if scope is not None:
                found = scope.find(MEDIA + tag)
                if found is not None and clean_text(found.text):
                    return clean_text(found.text)
        return ""

    caption = first("description") or first("title")
    if caption and "<" in caption:
        caption = lead_from(html=caption)
    return caption[:500], first("credit")[:255]


def _looks_like_image(url):
    return url.lower().split("?", 1)[0].endswith(IMAGE_SUFFIXES)


def _unique(names):
    seen, result = set(), []
    for name in names:
        name = clean_text(name)[:100]
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            result.append(name)
    return result
