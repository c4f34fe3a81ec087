"""JSON Feed 1.1 (and 1.0, which differs only in ``author`` for ``authors``)."""

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
)


def is_json_feed(data):
    return isinstance(data, dict) and str(data.get("version", "")).startswith(
        ("https://jsonfeed.org/version/", "http://jsonfeed.org/version/"))


def parse_feed(data):
    items = data.get("items")
    if not isinstance(items, list):
        raise FeedError("a JSON Feed without an items list")
    base = clean_text(_str(data.get("feed_url")) or _str(data.get("home_page_url")))
    feed_authors = _authors(data)
    entries = []
    for position, item in enumerate(items, 1):
        external_id = ""
        try:
            if not isinstance(item, dict):
                raise ItemError("not a JSON object")
            raw_id = item.get("id")
            external_id = absolute_id(str(raw_id) if isinstance(raw_id, (str, int)) else "", base)
            entries.append(_item(position, item, external_id, feed_authors))
        except ItemError as exc:
            entries.append(Rejected(position, external_id, str(exc)))
        except (TypeError, ValueError, AttributeError) as exc:
            entries.append(Rejected(position, external_id, f"unreadable item: {exc}"))
    return Feed("jsonfeed", entries, title=clean_text(_str(data.get("title"))))


def _str(value):
    return value if isinstance(value, str) else ""


def _authors(data):
    authors = data.get("authors")
    if not isinstance(authors, list):
        authors = [data["author"]] if isinstance(data.get("author"), dict) else []
    return [clean_text(_str(author.get("name")))[:100] for author in authors
            if isinstance(author, dict) and clean_text(_str(author.get("name")))]


def _item(position, item, external_id, feed_authors):
    html, text = _str(item.get("content_html")), _str(item.get("content_text"))
    summary = _str(item.get("summary"))
    published, published_text = parse_time(_str(item.get("date_published")), "date_published")
    updated, updated_text = parse_time(_str(item.get("date_modified")), "date_modified")
    tags = item.get("tags") if isinstance(item.get("tags"), list) else []
    image = _str(item.get("image")) or _str(item.get("banner_image"))
    if not image:
        image = next((_str(attachment.get("url")) for attachment in item.get("attachments") or []
                      if isinstance(attachment, dict)
                      and _str(attachment.get("mime_type")).startswith("image/")), "")
    return make_item(
        position, external_id, _str(item.get("title")),
        lead=lead_from(text=summary),
        body_html=body_from(html=html, text=text or (summary if not html else "")),
        authors=_authors(item) or list(feed_authors),
        terms=[Term(clean_text(tag)[:100], "category") for tag in tags
               if isinstance(tag, str) and clean_text(tag)],
        published_at=published or updated, published_text=published_text or updated_text,
        updated_at=updated or published, updated_text=updated_text or published_text,
        image=ImageRef(clean_text(image)) if image.strip() else None,
    )
