"""The site's look as the server writes it: its own web font, preloaded, and the wordmark
of each edition (the phone masthead is measured in Chromium: test_look_browser.py)."""

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.staticfiles import finders

from .browser import pages_of
from .conftest import make_image

EDITIONS = ("main", "global")
FONT_BUDGET = 120 * 1024  # the faces a page may load, together


def _soup(client, path):
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return BeautifulSoup(response.content.decode(), "html.parser")


def _static(url):
    assert url.startswith(settings.STATIC_URL), url
    found = finders.find(url[len(settings.STATIC_URL):])
    assert found, f"{url} is not among the static files"
    return found


def _font_faces():
    css = Path(finders.find("site/site.css")).read_text(encoding="utf-8")
    return re.findall(r"@font-face\{([^}]*)\}", css)


@pytest.mark.django_db
def test_the_font_is_the_site_s_own_preloaded_and_swapped(newsroom, client):
    """Every page preloads the two faces of its first screen (bold for headlines, regular
    for text) from the site's own static files, as fonts, with crossorigin; the stylesheet
    declares every face from the same files with ``font-display: swap``; what a page can
    load stays under 120 KB."""
    faces = _font_faces()
    assert len(faces) == 3
    sources = set()
    for face in faces:
        assert "font-display:swap" in face
        (src,) = re.findall(r"url\(([^)]*)\)", face)
        sources.add(src)
        assert finders.find(f"site/{src}"), src
    assert sources == {"fonts/serif-regular.woff2", "fonts/serif-bold.woff2",
                       "fonts/serif-italic.woff2"}
    total = sum(Path(finders.find(f"site/{src}")).stat().st_size for src in sources)
    assert total < FONT_BUDGET, total
    for code in EDITIONS:
        for name, url in pages_of(newsroom, code, ("home", "article")):
            preloads = _soup(client, url).select('link[rel=preload][as=font]')
            assert [link["href"].rsplit("/", 1)[-1] for link in preloads] == [
                "serif-bold.woff2", "serif-regular.woff2"], (name, url)
            for link in preloads:
                assert link.has_attr("crossorigin") and link["type"] == "font/woff2"
                assert _static(link["href"]).endswith(".woff2")
    assert finders.find("site/fonts/OFL.txt"), "the licence travels with the fonts"


@pytest.mark.django_db
def test_each_edition_shows_its_wordmark_named_for_the_edition(newsroom, client,
                                                               global_edition):
    """The Ukrainian edition's masthead shows «Дейтлайн», the English one "Dateline", each
    an SVG of outlines whose text alternative is the edition's name; an uploaded logo takes
    its place."""
    wordmarks = {"main": ("wordmark-uk.svg", "Дейтлайн"),
                 "global": ("wordmark-en.svg", "Dateline Global")}
    for code, (file, name) in wordmarks.items():
        home = "/" if code == "main" else "/global/"
        image = _soup(client, home).select_one("header .brand img")
        assert image["src"].endswith(f"/site/{file}") and image["alt"] == name
        assert int(image["width"]) > 0 and int(image["height"]) > 0
        svg = Path(_static(image["src"])).read_text(encoding="utf-8")
        assert "<path" in svg and "<text" not in svg, "outlines, not text set in a font"
    global_edition.logo = make_image(title="Logo", size=(200, 50))
    global_edition.save()
    image = _soup(client, "/global/").select_one("header .brand img")
    assert "/site/wordmark" not in image["src"] and image["alt"] == "Dateline Global"
    assert (image["width"], image["height"]) == ("200", "50")
