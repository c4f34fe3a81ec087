"""The article's share row: plain links, no third-party script.

Each network's own "share" address is given the article's canonical URL (from the
configured base URL, never the request's host) and its headline, both percent-encoded
here, so a headline with ``&``, ``#``, quotes or markup cannot add a parameter or end the
attribute (the template escapes the link once more for HTML). "Copy link" is the canonical
URL itself: ``share.js`` copies it to the clipboard; without JavaScript it is a link.
"""

from dataclasses import dataclass
from urllib.parse import quote

from django.utils.translation import gettext as _

from dateline.newsroom.addresses import article_url


@dataclass(frozen=True)
class Share:
    name: str    # the class of the link: share-telegram ...
    text: str    # what the link shows
    label: str   # its accessible name, in the edition's language
    url: str
    new_tab: bool = True


def _q(text):
    return quote(text, safe="")


def share_links(article):
    """The share row of ``article``: copy link, Telegram, Facebook, X, WhatsApp, e-mail."""
    url, headline = article_url(article.edition, article.slug), article.headline
    u, h = _q(url), _q(headline)
    with_url, mail_body = _q(f"{headline} {url}"), _q(f"{headline}\n{url}")
    network = _("Share on %(network)s")
    return [
        Share("copy", _("Copy link"), _("Copy link to this article"), url, new_tab=False),
        Share("telegram", "Telegram", network % {"network": "Telegram"},
              f"https://t.me/share/url?url={u}&text={h}"),
        Share("facebook", "Facebook", network % {"network": "Facebook"},
              f"https://www.facebook.com/sharer/sharer.php?u={u}"),
        Share("x", "X", network % {"network": "X"},
              f"https://x.com/intent/tweet?url={u}&text={h}"),
        Share("whatsapp", "WhatsApp", network % {"network": "WhatsApp"},
              f"https://wa.me/?text={with_url}"),
        Share("email", _("E-mail"), _("Share by e-mail"),
              f"mailto:?subject={h}&body={mail_body}", new_tab=False),
    ]
