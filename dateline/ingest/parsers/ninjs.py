"""IPTC ninjs (News in JSON), versions 1.x, 2.x and 3.x.

A document holds one item, a list of items, an object with an ``items`` list, or one item
per line (JSON Lines). Each item's version is read from ``standard.version`` (2.x, 3.x),
``$standard.version`` (1.x) or the ``$schema`` address; without them, from its shape:

- 1.x: ``headline``, ``body_html``/``body_text``, ``description_text``, ``byline``,
  ``subject``, ``genre``, ``associations`` and ``renditions`` as objects keyed by name;
- 2.x: ``headlines``, ``bodies``, ``descriptions`` as lists of ``{role, contenttype,
  value}``, ``by``, ``subjects``, ``genres``, ``associations``/``renditions`` as lists;
- 3.x: as 2.x, in camelCase (``versionCreated``, ``firstCreated``, ``contentType``, ...).

A declared version other than 1, 2 or 3 is rejected rather than guessed at.
"""

import json
import re

from .common import (
    FeedError,
    ImageRef,
    ItemError,
    Rejected,
    Term,
    body_from,
    clean_text,
    lead_from,
    make_item,
    parse_time,
    split_byline,
)

HTML_TYPES = ("text/html", "application/xhtml+xml", "application/xhtml", "text/xhtml")
CAMEL_KEYS = {"versionCreated", "firstCreated", "contentCreated", "pubStatus", "copyrightHolder",
              "copyrightNotice", "usageTerms", "edNote", "altIds", "infoSources",
              "trustIndicators", "rightsInfo", "representationType"}
V2_KEYS = {"headlines", "bodies", "descriptions", "subjects", "genres", "people", "places",
           "organisations", "by"}
V1_KEYS = {"headline", "byline", "subject", "genre", "person", "place", "organisation"}
IMAGE_NAMES = ("featureimage", "featuremedia", "mainimage", "main", "image", "picture", "photo")
RENDITION_NAMES = ("original", "baseimage", "highres", "hires", "viewimage", "preview", "web")
SUPPORTED = (1, 2, 3)


_UNPARSED = object()


def parse_document(text, data=_UNPARSED):
    """The items of a ninjs document (``data``: its JSON if parsed already)."""
    try:
        if data is _UNPARSED:
            data = json.loads(text)
    except RecursionError:
        raise FeedError("JSON nested too deeply") from None
    except ValueError as exc:
        lines = [line for line in text.splitlines() if line.strip()]
        if len(lines) > 1 and lines[0].lstrip().startswith("{"):
            return _json_lines(lines)
        raise FeedError(f"malformed JSON: {exc}") from None
    return [parse_entry(position, entry) for position, entry in enumerate(_items_of(data), 1)]


def _items_of(data):
    if isinstance(data, list):
        return data
    if isinstance(data, dict) and isinstance(data.get("items"), list) and "uri" not in data:
        return data["items"]
    if isinstance(data, dict):
        return [data]
    raise FeedError("a ninjs document is an object or a list of objects")


def _json_lines(lines):
    entries = []
    for position, line in enumerate(lines, 1):
        try:
            data = json.loads(line)
        except (ValueError, RecursionError) as exc:
            entries.append(Rejected(position, "", f"malformed JSON on line {position}: {exc}"))
            continue
        entries.append(parse_entry(position, data))
    return entries


def parse_entry(position, data):
    external_id = ""
    try:
        if not isinstance(data, dict):
            raise ItemError("not a JSON object")
        external_id = clean_text(data.get("uri") if isinstance(data.get("uri"), str) else "")
        version = ninjs_version(data)
        return (_parse_v1 if version == 1 else _parse_v2_v3)(position, data, version)
    except ItemError as exc:
        return Rejected(position, external_id, str(exc))
    except (TypeError, ValueError, AttributeError, KeyError) as exc:
        return Rejected(position, external_id, f"unreadable ninjs item: {exc}")


def ninjs_version(data):
    """The major version of a ninjs item: declared if it says, else from its shape."""
    declared = None
    standard = data.get("standard", data.get("$standard"))
    if isinstance(standard, dict) and standard.get("version") not in (None, ""):
        declared = str(standard["version"])
    schema = data.get("$schema") or (standard.get("schema") if isinstance(standard, dict) else None)
    if declared is None and isinstance(schema, str):
        match = re.search(r"ninjs-schema_(\d[\w.-]*?)\.json", schema)
        if match:
            declared = match.group(1)
    if declared is not None:
        match = re.fullmatch(r"\s*(\d+)(\.\d+)*\s*", declared)
        if not match or int(match.group(1)) not in SUPPORTED:
            raise ItemError(f"unknown ninjs version {declared[:20]!r}")
        return int(match.group(1))
    keys = set(data)
    if keys & CAMEL_KEYS or any(isinstance(part, dict) and "contentType" in part
                                for name in ("headlines", "bodies", "descriptions")
                                for part in _list(data.get(name))):
        return 3
    if keys & V2_KEYS:
        return 2
    if keys & V1_KEYS or any(key.startswith(("body_", "description_", "headline_"))
                             for key in keys):
        return 1
    raise ItemError("not a ninjs item: no headline, body or version")


def _list(value):
    return value if isinstance(value, list) else []


def _str(value):
    return value if isinstance(value, str) else ""


def _times(data, first_key, version_key, embargo_key="embargoed"):
    published, published_text = parse_time(_str(data.get(first_key)), "first-created time")
    updated, updated_text = parse_time(_str(data.get(version_key)), "version-created time")
    embargo, _text = parse_time(_str(data.get(embargo_key)), "embargo time")
    return {"published_at": published or updated, "published_text": published_text or updated_text,
            "updated_at": updated, "updated_text": updated_text, "embargoed_until": embargo}


def _check_status(data, key):
    status = _str(data.get(key)).lower()
    if status in ("withheld", "canceled", "cancelled"):
        raise ItemError(f"the source marks it {status}; not taken (an editor should review "
                        "any article made from it)")
    kind = _str(data.get("type")).lower()
    if kind and kind not in ("text", "composite"):
        raise ItemError(f"a {kind} item, not an article")


# -- 1.x -----------------------------------------------------------------------------------

def _parse_v1(position, data, _version):
    _check_status(data, "pubstatus")
    headline = _str(data.get("headline")) or _str(data.get("headline_main")) or next(
        (_str(value) for key, value in data.items() if key.startswith("headline_") and value), "")
    html = next((_str(data.get(key)) for key in ("body_html", "body_xhtml", "body_richtext")
                 if _str(data.get(key)).strip()), "")
    text = "" if html else next((_str(value) for key, value in data.items()
                                 if key.startswith("body_") and _str(value).strip()), "")
    terms = [_v1_term(entry, "subject") for entry in _list(data.get("subject"))]
    terms += [_v1_term(entry, "genre") for entry in _list(data.get("genre"))]
    return make_item(
        position, clean_text(_str(data.get("uri"))), headline,
        lead=lead_from(html=_str(data.get("description_html")),
                       text=_str(data.get("description_text"))),
        body_html=body_from(html=html, text=text),
        authors=split_byline(_str(data.get("byline"))),
        terms=[term for term in terms if term],
        version=clean_text(_str(data.get("version")))[:100],
        image=_v1_image(data.get("associations")),
        **_times(data, "firstcreated", "versioncreated"),
    )


def _v1_term(entry, kind):
    if not isinstance(entry, dict):
        return None
    name = clean_text(_str(entry.get("name")))
    code, scheme = _str(entry.get("code")), _str(entry.get("scheme"))
    codes = tuple(c for c in (code, scheme + code if scheme and code else "") if c)
    return Term(name or code, kind, codes) if (name or code) else None


def _v1_image(associations):
    if not isinstance(associations, dict):
        return None
    pictures = [(name, value) for name, value in associations.items()
                if isinstance(value, dict) and _str(value.get("type")) in ("picture", "graphic")]
    pictures.sort(key=lambda pair: _rank(pair[0], IMAGE_NAMES))
    for _name, picture in pictures:
        renditions = picture.get("renditions")
        if not isinstance(renditions, dict):
            continue
        href = _best_rendition([{**value, "name": name} for name, value in renditions.items()
                                if isinstance(value, dict)])
        if href:
            return ImageRef(
                url=href,
                caption=clean_text(_str(picture.get("description_text"))
                                   or _str(picture.get("headline")))[:500],
                credit=_credit(_str(picture.get("byline")), _str(picture.get("copyrightholder"))))
    return None


# -- 2.x and 3.x -----------------------------------------------------------------------------

def _keys(version):
    if version == 3:
        return {"first": "firstCreated", "version": "versionCreated", "type": "contentType",
                "status": "pubStatus", "holder": "copyrightHolder"}
    return {"first": "firstcreated", "version": "versioncreated", "type": "contenttype",
            "status": "pubstatus", "holder": "copyrightholder"}


def _parse_v2_v3(position, data, version):
    keys = _keys(version)
    _check_status(data, keys["status"])
    headline_part = _pick(data.get("headlines"), ("main", "headline", "title"))
    headline = _part_text(headline_part, keys["type"])
    description = _pick(data.get("descriptions"), ("summary", "lead", "abstract", "main"))
    lead = ""
    if description:
        if _is_html(description, keys["type"]):
            lead = lead_from(html=_str(description.get("value")))
        else:
            lead = lead_from(text=_str(description.get("value")))
    bodies = [part for part in _list(data.get("bodies")) if isinstance(part, dict)]
    html_body = next((part for part in bodies if _is_html(part, keys["type"])
                      or _str(part.get("role")).lower() == "richtext"), None)
    text_body = next((part for part in bodies if part is not html_body), None)
    terms = [_v2_term(entry, "subject") for entry in _list(data.get("subjects"))]
    terms += [_v2_term(entry, "genre") for entry in _list(data.get("genres"))]
    return make_item(
        position, clean_text(_str(data.get("uri"))), headline,
        lead=lead,
        body_html=body_from(html=_str(html_body.get("value")) if html_body else None,
                            text=_str(text_body.get("value")) if text_body else None),
        authors=split_byline(_str(data.get("by"))),
        terms=[term for term in terms if term],
        version=clean_text(_str(data.get("version")))[:100],
        image=_v2_image(data.get("associations"), keys),
        **_times(data, keys["first"], keys["version"]),
    )


def _pick(parts, preferred_roles):
    parts = [part for part in _list(parts) if isinstance(part, dict) and _str(part.get("value"))]
    for role in preferred_roles:
        for part in parts:
            if _str(part.get("role")).lower() == role:
                return part
    return parts[0] if parts else None


def _is_html(part, type_key):
    return _str(part.get(type_key)).split(";")[0].strip().lower() in HTML_TYPES


def _part_text(part, type_key):
    if not part:
        return ""
    value = _str(part.get("value"))
    return lead_from(html=value) if _is_html(part, type_key) else value


def _v2_term(entry, kind):
    if not isinstance(entry, dict):
        return None
    name = clean_text(_str(entry.get("name")))
    codes = tuple(c for c in (_str(entry.get("uri")), _str(entry.get("literal"))) if c)
    label = name or (codes[-1] if codes else "")
    return Term(label, kind, codes) if label else None


def _v2_image(associations, keys):
    pictures = [part for part in _list(associations) if isinstance(part, dict)
                and _str(part.get("type")) in ("picture", "graphic")]
    pictures.sort(key=lambda part: _rank(_str(part.get("name")), IMAGE_NAMES))
    for picture in pictures:
        renditions = [part for part in _list(picture.get("renditions")) if isinstance(part, dict)]
        href = _best_rendition(renditions)
        if href:
            caption = _pick(picture.get("descriptions"), ("caption", "summary", "main"))
            headline = _pick(picture.get("headlines"), ("main",))
            return ImageRef(
                url=href,
                caption=clean_text(_part_text(caption or headline, keys["type"]))[:500],
                credit=_credit(_str(picture.get("by")), _str(picture.get(keys["holder"]))))
    return None


# -- shared ---------------------------------------------------------------------------------

def _rank(name, order):
    name = (name or "").lower()
    return order.index(name) if name in order else len(order)


def _best_rendition(renditions):
    """The original if named, else the widest rendition with an address."""
    usable = [part for part in renditions if _str(part.get("href"))]
    if not usable:
        return ""
    usable.sort(key=lambda part: (_rank(_str(part.get("name")), RENDITION_NAMES),
                                  -(part.get("width") if isinstance(part.get("width"),
                                                                    (int, float)) else 0)))
    return _str(usable[0].get("href")).strip()


def _credit(by, holder):
    by, holder = clean_text(by), clean_text(holder)
    if by and holder and holder.casefold() not in by.casefold():
        return f"{holder} / {by}"[:255]
    return (by or holder)[:255]
