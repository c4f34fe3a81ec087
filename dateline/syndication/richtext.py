"""An article body as HTML that reads the same outside the site (feeds, JSON Feed)."""

import re

from dateline.newsroom.addresses import absolute

# src, href and srcset values that are site paths ("/media/...", "/global/news/...").
_SITE_PATH = re.compile(r'(\s(?:src|href)=")(/(?!/)[^"]*)"')
_SRCSET = re.compile(r'(\ssrcset=")([^"]*)"')


def _absolute_srcset(match):
    candidates = []
    for candidate in match.group(2).split(","):
        url, _space, descriptor = candidate.strip().partition(" ")
        if url.startswith("/") and not url.startswith("//"):
            url = absolute(url)
        candidates.append(f"{url} {descriptor}".strip())
    return f'{match.group(1)}{", ".join(candidates)}"'


def absolutize(html):
    html = _SITE_PATH.sub(lambda m: f'{m.group(1)}{absolute(m.group(2))}"', html)
    return _SRCSET.sub(_absolute_srcset, html)


def body_html(body):
    """The StreamField rendered block by block, as the article page renders it, with every
    site path made absolute so that feed readers can follow links and load images."""
    return absolutize("\n".join(str(child.render_as_block()) for child in body))
