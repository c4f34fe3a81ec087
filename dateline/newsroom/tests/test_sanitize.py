import pytest

from dateline.conftest import HOSTILE
from dateline.newsroom.sanitize import body_blocks, html_to_text, sanitize, text_to_html


@pytest.mark.parametrize("dirty, clean", [
    ("<p onclick=\"x()\" class=\"c\" style=\"color:red\">Hi</p>", "<p>Hi</p>"),
    ("<script>alert(1)</script><p>ok</p>", "<p>ok</p>"),
    ("<style>p{}</style><iframe src=\"https://evil.example\">x</iframe><p>ok</p>", "<p>ok</p>"),
    ("<img src=x onerror=alert(1)>", ""),
    ("<a href=\"javascript:alert(1)\">x</a>", "<a>x</a>"),
    ("<a href=\" JaVaScRiPt:alert(1)\">x</a>", "<a>x</a>"),
    ("<a href=\"data:text/html,hi\">x</a>", "<a>x</a>"),
    ("<a href=\"/relative\">x</a>", "<a>x</a>"),
    ("<a href=\"https://example.com/?a=1&b=2\" target=\"_blank\">x</a>",
     "<a href=\"https://example.com/?a=1&amp;b=2\">x</a>"),
    ("<a href=\"mailto:desk@example.com\">x</a>", "<a href=\"mailto:desk@example.com\">x</a>"),
    ("<table><tr><td>cell</td></tr></table>", "cell"),
    ("<h1>Big</h1><h3>small</h3>", "Bigsmall"),
    ("<svg><script>alert(1)</script></svg>", ""),
    ("<!-- comment --><p>x</p>", "<p>x</p>"),
    ("<p>x<sup>2</sup><sub>i</sub><br>y</p>", "<p>x<sup>2</sup><sub>i</sub><br>y</p>"),
])
def test_sanitize_keeps_only_the_editors_allow_list(dirty, clean):
    """Tags and attributes outside the rich-text allow-list go; their text stays."""
    assert sanitize(dirty) == clean


def test_blocks_follow_the_body_structure():
    """h2 is a subheading, blockquote a quote, paragraphs and lists paragraph blocks."""
    blocks = body_blocks("Loose <em>text</em><p>One <strong>two</strong></p><h2>Sub <i>x</i></h2>"
                         "<blockquote><p>Said</p><p>this</p></blockquote>"
                         "<ul><li>a<p>b</p></li></ul><p>   </p><li>stray</li>")
    assert [(block["type"], block["value"]) for block in blocks] == [
        ("paragraph", "<p>Loose <i>text</i></p>"),
        ("paragraph", "<p>One <b>two</b></p>"),
        ("subheading", "Sub x"),
        ("quote", {"text": "Said\n\nthis", "attribution": ""}),
        ("paragraph", "<ul><li>a b</li></ul>"),
        ("paragraph", "<ul><li>stray</li></ul>"),
    ]
    assert len({block["id"] for block in blocks}) == len(blocks)


def test_hostile_text_stays_escaped_through_the_blocks():
    """Escaped hostile text in the source stays escaped text in the stored HTML."""
    import html

    (block,) = body_blocks(f"<p>{html.escape(HOSTILE)}</p>")
    assert block["value"] == "<p>A &amp; B &lt; C &gt; D \"q\" 's &lt;/script&gt;</p>"


def test_plain_text_becomes_paragraphs_and_html_becomes_one_line_of_text():
    """Blank lines split paragraphs; markup in plain text is escaped, not interpreted."""
    assert text_to_html("A & B\nnext\n\n<b>not bold</b>") == (
        "<p>A &amp; B<br/>next</p><p>&lt;b&gt;not bold&lt;/b&gt;</p>")
    assert html_to_text("<p>A &amp; B</p>\n<p>C  D</p><script>x</script>") == "A & B C D"
