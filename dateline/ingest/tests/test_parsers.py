import json
from datetime import datetime, timedelta, timezone

import pytest

from dateline.conftest import HOSTILE
from dateline.ingest.parsers import FeedError, Item, Rejected, parse
from dateline.ingest.parsers.common import split_byline

from .samples import FORMATS, hostile_story, ninjs_v1, ninjs_v2, ninjs_v3, story

KYIV_SUMMER = timezone(timedelta(hours=3))


def _items(feed):
    return [entry for entry in feed.entries if isinstance(entry, Item)]


def _rejected(feed):
    return [entry for entry in feed.entries if isinstance(entry, Rejected)]


@pytest.mark.parametrize("name", FORMATS)
def test_every_format_is_detected_and_read_from_the_content(name):
    """Each format yields headline, lead, body, authors, terms, times with their zone, image."""
    source = story(1, image="https://img.example/a.jpg", credit="Reuters / Jane Doe",
                   caption="A caption", genres=["Opinion"])
    feed = parse(FORMATS[name]([source, story(2)]))
    assert feed.format == name.split("-")[0]
    first, second = _items(feed)
    assert first.headline == "Story number 1" and second.headline == "Story number 2"
    assert first.external_id.endswith("urn:newsml:example.com:2024:1")
    assert first.lead == "The lead of the story."
    assert first.body_html == "<p>First paragraph.</p><p>Second <b>bold</b> paragraph.</p>"
    assert first.authors == ["Jane Doe"]
    assert {term.name for term in first.terms} == {"Politics", "Opinion"}
    assert first.published_at == datetime(2024, 10, 15, 15, 52, tzinfo=KYIV_SUMMER)
    assert first.published_at.utcoffset() == timedelta(hours=3)
    assert first.image.url == "https://img.example/a.jpg"
    assert second.image is None


@pytest.mark.parametrize("name", ["ninjs-1", "ninjs-2", "ninjs-3", "rss", "atom"])
def test_image_credit_and_caption_travel_with_the_picture(name):
    """The source's credit and caption for the main image are kept (JSON Feed has none)."""
    source = story(1, image="https://img.example/a.jpg", credit="Reuters / Jane Doe",
                   caption="Soldiers at the front")
    image = _items(parse(FORMATS[name]([source])))[0].image
    assert image.credit == "Reuters / Jane Doe"
    assert image.caption == "Soldiers at the front"


@pytest.mark.parametrize("name", FORMATS)
def test_hostile_text_is_kept_as_text_and_markup_sanitized(name):
    """A hostile headline survives as literal text; script, handlers and javascript: go."""
    item = _items(parse(FORMATS[name]([hostile_story()])))[0]
    assert item.headline == HOSTILE
    assert "<script" not in item.body_html and "onclick" not in item.body_html
    assert "javascript:" not in item.body_html
    assert "A &amp; B &lt; C &gt; D" in item.body_html


def test_ninjs_versions_are_read_from_standard_schema_or_shape():
    """ninjs 1.x, 2.x and 3.x items are told apart with or without a declared version."""
    source = story(1)
    v1 = {key: value for key, value in ninjs_v1(source).items() if key != "$standard"}
    v2 = {key: value for key, value in ninjs_v2(source).items() if key != "standard"}
    v3 = ninjs_v3(source)
    schema_only = {**v2, "$schema": "http://www.iptc.org/std/ninjs/ninjs-schema_2.1.json"}
    feed = parse(json.dumps([v1, v2, v3, schema_only]))
    assert [item.headline for item in _items(feed)] == ["Story number 1"] * 4
    assert all(item.updated_at for item in _items(feed))


def test_ninjs_single_object_and_items_envelope_and_json_lines():
    """A single ninjs object, an {"items": [...]} envelope and JSON Lines are all read."""
    one, two = ninjs_v2(story(1)), ninjs_v2(story(2))
    assert len(_items(parse(json.dumps(one)))) == 1
    assert len(_items(parse(json.dumps({"items": [one, two]})))) == 2
    lines = "\n".join([json.dumps(one), "{broken", json.dumps(two)])
    feed = parse(lines)
    assert [item.external_id for item in _items(feed)] == [one["uri"], two["uri"]]
    (bad,) = _rejected(feed)
    assert bad.position == 2 and "malformed JSON" in bad.reason


@pytest.mark.parametrize("version", ["4.0", "0.9", "banana"])
def test_unknown_ninjs_version_is_rejected_per_item(version):
    """An item declaring a version we do not know is rejected; its neighbours go in."""
    good, bad = ninjs_v2(story(1)), ninjs_v2(story(2), version=version)
    feed = parse(json.dumps([good, bad]))
    assert len(_items(feed)) == 1
    (rejected,) = _rejected(feed)
    assert "unknown ninjs version" in rejected.reason
    assert rejected.external_id == bad["uri"]


@pytest.mark.parametrize("name", FORMATS)
def test_missing_headline_rejects_only_that_item(name):
    """An item without a headline is rejected with the reason; the others are read."""
    feed = parse(FORMATS[name]([story(1), story(2, headline=""), story(3)]))
    assert [item.headline for item in _items(feed)] == ["Story number 1", "Story number 3"]
    (rejected,) = _rejected(feed)
    assert rejected.reason == "no headline" and rejected.position == 2


@pytest.mark.parametrize("name", FORMATS)
def test_body_over_the_limit_rejects_the_item(name, settings):
    """A body over DATELINE_INGEST_MAX_BODY_CHARS is refused before it is sanitized."""
    settings.DATELINE_INGEST_MAX_BODY_CHARS = 1000
    feed = parse(FORMATS[name]([story(1, body="<p>" + "x" * 2000 + "</p>"), story(2)]))
    assert [item.headline for item in _items(feed)] == ["Story number 2"]
    assert "over the size limit" in _rejected(feed)[0].reason


def test_unreadable_date_rejects_the_item():
    """A time that cannot be read is a reason to reject, not to guess."""
    bad = ninjs_v2(story(1))
    bad["versioncreated"] = "yesterday afternoon"
    feed = parse(json.dumps([bad, ninjs_v2(story(2))]))
    assert "unreadable version-created time" in _rejected(feed)[0].reason
    assert len(_items(feed)) == 1


def test_withheld_and_non_text_items_are_not_taken():
    """Canceled or withheld items and pictures-only items are rejected with the reason."""
    canceled = {**ninjs_v2(story(1)), "pubstatus": "canceled"}
    picture = {**ninjs_v2(story(2)), "type": "picture"}
    reasons = [entry.reason for entry in parse(json.dumps([canceled, picture])).entries]
    assert "canceled" in reasons[0] and "picture item" in reasons[1]


def test_malformed_xml_keeps_the_well_formed_items():
    """A broken <item> is rejected with the parser's message; the others still parse."""
    document = FORMATS["rss"]([story(1), story(2), story(3)]).decode()
    document = document.replace("<title>Story number 2</title>", "<title>Story number 2")
    feed = parse(document.encode())
    assert [item.headline for item in _items(feed)] == ["Story number 1", "Story number 3"]
    (rejected,) = _rejected(feed)
    assert rejected.position == 2 and rejected.reason.startswith("malformed XML")
    assert rejected.external_id == "urn:newsml:example.com:2024:2"
    # Ids in salvage mode are the same as in a clean parse, so nothing is taken twice.
    clean = parse(FORMATS["rss"]([story(1)]))
    assert _items(clean)[0].external_id == _items(feed)[0].external_id


def test_malformed_atom_keeps_the_well_formed_entries():
    """The same salvage works for Atom entries."""
    document = FORMATS["atom"]([story(1), story(2)]).decode().replace(
        "<title type=\"text\">Story number 1</title>", "<title>Story number 1</titel>")
    feed = parse(document.encode())
    assert [item.headline for item in _items(feed)] == ["Story number 2"]
    assert _rejected(feed)[0].reason.startswith("malformed XML")


@pytest.mark.parametrize("document", [
    b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
    b"<rss><channel><item><title>&lol2;</title></item></channel></rss>",
    b'<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><rss><channel><item>'
    b"<title>&xxe;</title><guid>1</guid></item></channel></rss>",
])
def test_xml_with_entity_declarations_is_refused_whole(document):
    """Entity expansion (billion laughs) and external entities (XXE) are refused outright."""
    with pytest.raises(FeedError, match="entit"):
        parse(document)


@pytest.mark.parametrize("document, message", [
    (b"", "empty"),
    (b"   \n", "empty"),
    (b"hello world", "not a known format"),
    (b"{not json", "malformed JSON"),
    (b"<html><body>hi</body></html>", "unknown kind"),
    (b"<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"/>", "RSS 1.0"),
    (b"<rss><channel>", "malformed XML"),
    (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    ("{\"uri\": \"x\"}".encode("utf-16"), "not a known format"),
])
def test_unreadable_documents_fail_as_a_whole_with_a_reason(document, message):
    """What is not a feed at all fails the source with a message, never a crash."""
    with pytest.raises(FeedError, match=message):
        parse(document)


def test_forced_format_refuses_other_formats():
    """A source configured as RSS refuses to read an Atom feed and says so."""
    with pytest.raises(FeedError, match="expected rss"):
        parse(FORMATS["atom"]([story(1)]), "rss")
    with pytest.raises(FeedError, match="expected ninjs"):
        parse(FORMATS["jsonfeed"]([story(1)]), "ninjs")


def test_non_uri_ids_are_qualified_by_the_feed_address():
    """RSS guids and JSON Feed ids that are not URIs get the feed's address in front."""
    source = story(1)
    source.id = "12345"
    assert _items(parse(FORMATS["rss"]([source])))[0].external_id == "https://feed.example/#12345"
    assert (_items(parse(FORMATS["jsonfeed"]([source])))[0].external_id
            == "https://feed.example/feed.json#12345")


def test_rss_without_guid_uses_the_link_and_without_both_is_rejected():
    """The link stands in for a missing guid; an item with neither cannot be tracked."""
    document = (b"<rss><channel><item><title>A</title><link>https://x.example/a</link></item>"
                b"<item><title>B</title></item></channel></rss>")
    feed = parse(document)
    assert _items(feed)[0].external_id == "https://x.example/a"
    assert _rejected(feed)[0].reason.startswith("no id")


@pytest.mark.parametrize("byline, names", [
    ("By Jane Doe and John Roe", ["Jane Doe", "John Roe"]),
    ("Jane Doe, John Roe; Ann Poe", ["Jane Doe", "John Roe", "Ann Poe"]),
    ("Від Ірини Шевченко та Петра Коваля", ["Ірини Шевченко", "Петра Коваля"]),
    ("", []),
])
def test_bylines_split_into_author_names(byline, names):
    """Bylines become separate author names."""
    assert split_byline(byline) == names


def test_content_hash_ignores_version_and_updated_time():
    """Only a change in what we store makes a different hash."""
    first = _items(parse(ninjs_v2_doc(story(1))))[0]
    bumped = _items(parse(ninjs_v2_doc(story(1).newer())))[0]
    changed = _items(parse(ninjs_v2_doc(story(1).newer(lead="New lead"))))[0]
    assert first.content_hash == bumped.content_hash != changed.content_hash


def ninjs_v2_doc(s):
    return json.dumps(ninjs_v2(s)).encode()
