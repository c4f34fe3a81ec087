"""Outside HTML cut down to the editor's allow-list, and turned into article body blocks.

Shared by ingest and the API, so it lives with the content model.

Every body that comes from outside (a feed, an agency, the API) passes through
``sanitize()``: the tags the editor's rich text can produce (``RICH_TEXT_FEATURES`` in
``newsroom.blocks``: bold, italic, links, lists, super- and subscript) plus the block
elements the body has blocks of its own for. ``body_blocks()`` then files each top-level
element as a block: ``<h2>`` becomes a subheading, ``<blockquote>`` a quote, and paragraphs
and lists become paragraph blocks in Wagtail's rich-text storage format (``<b>``, ``<i>``).
"""

import html as html_lib
import re
import uuid

import nh3
from bs4 import BeautifulSoup, NavigableString

ALLOWED_TAGS = {"p", "h2", "blockquote", "a", "b", "strong", "i", "em", "ol", "ul", "li", "sup",
                "sub", "br"}
LINK_SCHEMES = ("http://", "https://", "mailto:")
# Their content goes too: it is code, metadata or a fallback, never copy.
DROPPED_WITH_CONTENT = {"script", "style", "template", "noscript", "iframe", "object", "title",
                        "textarea", "select"}

# The longest body, in characters of HTML, that the newsroom takes from outside.
MAX_BODY_CHARS = 512 * 1024

INLINE_TAGS = {"a", "b", "strong", "i", "em", "sup", "sub", "br"}
STORAGE_NAMES = {"strong": "b", "em": "i"}  # Wagtail stores bold and italic as <b> and <i>


def _only_absolute_links(tag, attribute, value):
    # nh3 checks the scheme of absolute URLs; relative ones have no meaning on our site.
    if attribute == "href" and not value.strip().lower().startswith(LINK_SCHEMES):
        return None
    return value


_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes={"a": {"href"}},
    url_schemes={"http", "https", "mailto"},
    link_rel=None,
    strip_comments=True,
    clean_content_tags=DROPPED_WITH_CONTENT,
    attribute_filter=_only_absolute_links,
)


def sanitize(html):
    """``html`` with everything outside the allow-list removed (the text of unknown tags stays)."""
    return _cleaner.clean(html or "")


def text_to_html(text):
    """Plain text as paragraphs: blank lines separate them, single line breaks stay."""
    paragraphs = re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n").strip())
    return "".join(
        "<p>" + "<br/>".join(html_lib.escape(line.strip(), quote=False)
                             for line in paragraph.split("\n")) + "</p>"
        for paragraph in paragraphs if paragraph.strip()
    )


def html_to_text(html):
    """The readable text of an HTML fragment, on one line: for leads and headlines."""
    soup = BeautifulSoup(sanitize(html), "html.parser")
    return " ".join(soup.get_text(" ").split())


def body_blocks(html):
    """StreamField data for the body (``[{"type", "value", "id"}]``) from any HTML."""
    soup = BeautifulSoup(sanitize(html), "html.parser")
    blocks, run = [], []

    def add(block_type, value):
        blocks.append({"type": block_type, "value": value, "id": str(uuid.uuid4())})

    def flush():
        if run:
            paragraph = soup.new_tag("p")
            for node in run:
                paragraph.append(node)
            run.clear()
            if _has_content(paragraph):
                add("paragraph", _storage_html(paragraph))

    for node in list(soup.contents):
        if isinstance(node, NavigableString):
            if run or node.strip():
                run.append(node.extract())
            continue
        if node.name in INLINE_TAGS:
            run.append(node.extract())
            continue
        flush()
        if node.name == "h2":
            text = " ".join(node.get_text(" ").split())
            if text:
                add("subheading", text)
        elif node.name == "blockquote":
            text = _quote_text(node)
            if text:
                add("quote", {"text": text, "attribution": ""})
        elif node.name in ("p", "ol", "ul"):
            if _has_content(node):
                add("paragraph", _storage_html(node))
        elif node.name == "li":
            wrapper = soup.new_tag("ul")
            wrapper.append(node.extract())
            add("paragraph", _storage_html(wrapper))
    flush()
    return blocks


def _has_content(node):
    return bool(node.get_text(strip=True))


def _quote_text(node):
    parts = [" ".join(part.get_text(" ").split()) for part in node.find_all("p")]
    if not parts:
        parts = [" ".join(node.get_text(" ").split())]
    return "\n\n".join(part for part in parts if part)


def _storage_html(node):
    """The element as Wagtail stores rich text: <b>/<i>, inline content inside blocks."""
    for element in node.find_all(True):
        if element.name in STORAGE_NAMES:
            element.name = STORAGE_NAMES[element.name]
        elif element.name == "a" and not element.get("href"):
            element.unwrap()
        elif element.name in ("p", "h2", "blockquote") or (
                node.name == "p" and element.name in ("ol", "ul", "li")):
            # Block elements nested in a paragraph or list item keep only their text.
            if element.previous_sibling is not None:
                element.insert_before(" ")
            element.unwrap()
    return str(node)
