"""What a Telegram post says: the headline in bold, the lead, a link to the article.

Telegram reads it as HTML (``parse_mode=HTML``): every piece of the article is escaped, so
a headline such as ``A & B < C > D <script>`` shows as written. Its limits (a photo's
caption 1024 characters, a message 4096) count the text readers see, after the markup is
read, in UTF-16 code units (an emoji outside the Basic Multilingual Plane is two): the
lead is shortened to fit, at a word where it can, never inside a surrogate pair.
"""

from dataclasses import dataclass
from html import escape

from django.utils import translation
from django.utils.translation import gettext

from dateline.newsroom.addresses import article_url

CAPTION_LIMIT = 1024
MESSAGE_LIMIT = 4096
ELLIPSIS = "…"


def units(text):
    """Length as Telegram counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def shorten(text, limit):
    """``text`` cut to at most ``limit`` UTF-16 units, with an ellipsis when cut."""
    if units(text) <= limit:
        return text
    if limit < units(ELLIPSIS):
        return ""
    budget, kept = limit - units(ELLIPSIS), []
    for char in text:
        budget -= units(char)
        if budget < 0:
            break
        kept.append(char)
    cut = "".join(kept)
    word_end = cut.rstrip().rfind(" ")
    if word_end > len(cut) * 3 // 4:  # a word boundary not too far back
        cut = cut[:word_end]
    return cut.rstrip(" ,;:-–—") + ELLIPSIS


@dataclass
class Post:
    html: str  # what is sent, with parse_mode=HTML
    visible: str  # what readers see (and what the limits count)
    url: str


def compose(article, limit):
    """The post for ``article``, its visible text within ``limit`` UTF-16 units."""
    url = article_url(article.edition, article.slug)
    with translation.override(article.edition.language):
        more = gettext("Read on the site")
    headline = " ".join(article.headline.split())
    lead = (article.lead or "").strip()
    fixed = units(headline) + units(more) + 4  # the two blank lines between the parts
    if fixed + 2 > limit:  # not even a short lead fits: shorten the headline instead
        headline, lead = shorten(headline, limit - units(more) - 2), ""
    lead = shorten(lead, limit - fixed) if lead else ""
    parts = [f"<b>{escape(headline, quote=False)}</b>"]
    visible = [headline]
    if lead:
        parts.append(escape(lead, quote=False))
        visible.append(lead)
    parts.append(f'<a href="{escape(url)}">{escape(more, quote=False)}</a>')
    visible.append(more)
    return Post(html="\n\n".join(parts), visible="\n\n".join(visible), url=url)
