"""Reading sitemaps back: lxml, the sitemaps.org schemas, and the extension elements."""

from pathlib import Path

import pytest
from lxml import etree

SCHEMAS = Path(__file__).resolve().parents[3].parent / "shared" / "schemas"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9",
      "xhtml": "http://www.w3.org/1999/xhtml",
      "image": "http://www.google.com/schemas/sitemap-image/1.1",
      "news": "http://www.google.com/schemas/sitemap-news/0.9"}


def parse(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    return etree.fromstring(response.content)


def validate(root):
    """Validate against the sitemaps.org schema, on a copy without extension elements
    (the schema declares their slots strict; they are checked by code instead)."""
    if not SCHEMAS.is_dir():
        pytest.skip(f"the sitemaps.org schemas are not at {SCHEMAS} (CI has them)")
    name = "siteindex.xsd" if etree.QName(root).localname == "sitemapindex" else "sitemap.xsd"
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / name)))
    copy = etree.fromstring(etree.tostring(root))
    for element in list(copy.iter()):
        if etree.QName(element).namespace != NS["s"]:
            element.getparent().remove(element)
    schema.assertValid(copy)


def locs(root):
    return [loc.text for loc in root.findall("s:*/s:loc", NS)]


def urls(root):
    return {url.findtext("s:loc", namespaces=NS): url for url in root.findall("s:url", NS)}
