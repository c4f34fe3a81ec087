"""The app's smaller promises: start-up checks, absolute links in bodies, previews, docs."""

import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import get_resolver

from dateline.syndication import urls as syndication_urls
from dateline.syndication.checks import check_settings
from dateline.syndication.links import clean
from dateline.syndication.richtext import absolutize

from .conftest import BASE

DOCS = Path(__file__).resolve().parents[3] / "docs" / "syndication.md"


@pytest.mark.parametrize("name, value, code", [
    ("DATELINE_SITEMAP_PAGE_SIZE", 50_001, "syndication.E001"),
    ("DATELINE_SITEMAP_PAGE_SIZE", 0, "syndication.E001"),
    ("DATELINE_NEWS_SITEMAP_SIZE", 1_001, "syndication.E002"),
    ("DATELINE_FEED_ITEMS", "40", "syndication.E003"),
    ("WAGTAILADMIN_BASE_URL", "news.example.org", "syndication.E004"),
])
def test_bad_settings_stop_the_site_with_the_fix(settings, name, value, code):
    """An out-of-range setting is a start-up error naming the setting and the fix."""
    setattr(settings, name, value)
    errors = check_settings()
    assert [error.id for error in errors] == [code]
    assert errors[0].hint


def test_good_settings_pass(settings):
    """The defaults and the test settings pass the checks."""
    assert check_settings() == []


def test_body_links_and_images_become_absolute():
    """Site paths in src, href and srcset get the base URL; other URLs stay as they are."""
    html = ('<a href="/global/news/x/">x</a> <a href="https://other.org/y">y</a> '
            '<img src="/media/a.jpg" srcset="/media/a.jpg 480w, //cdn.org/b.jpg 800w"> '
            '<a href="#note">n</a>')
    assert absolutize(html) == (
        f'<a href="{BASE}/global/news/x/">x</a> <a href="https://other.org/y">y</a> '
        f'<img src="{BASE}/media/a.jpg" srcset="{BASE}/media/a.jpg 480w, //cdn.org/b.jpg 800w"> '
        '<a href="#note">n</a>')


def test_clean_strips_only_what_xml_forbids():
    """C0 controls (but tab, newline, return), lone surrogates and U+FFFE/U+FFFF go;
    right-to-left marks, emoji and every script stay."""
    assert clean("a\x00b\x08c\x0b\x0cd\x1fe\ud800f\ufffeg") == "abcdefg"
    assert clean("\t\n\r\u200f\u200e😀 Київ") == "\t\n\r\u200f\u200e😀 Київ"
    assert clean(None) == ""


@pytest.mark.django_db
def test_preview_of_a_draft_carries_no_article_metadata(make_draft):
    """Outside the public article address (e.g. the admin preview), a draft in the context
    gets the edition's feeds only: no canonical, no hreflang, no JSON-LD, no Open Graph."""
    draft = make_draft("Secret draft")
    request = RequestFactory().get("/admin/snippets/newsroom/article/preview/")
    request.resolver_match = None
    html = Template("{% load syndication %}{% syndication_head %}").render(
        Context({"request": request, "article": draft, "edition": draft.edition}))
    assert "Secret draft" not in html
    assert "canonical" not in html and "ld+json" not in html and "og:" not in html
    assert "/feeds/global/rss.xml" in html


def test_every_address_is_documented():
    """docs/syndication.md names every URL this app serves."""
    text = DOCS.read_text()
    routes = [str(p.pattern) for p in syndication_urls.urlpatterns]
    assert len(routes) == 21
    for route in routes:
        shown = "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"<\1>", route)
        assert f"`{shown}" in text, shown
    for setting in ("DATELINE_BASE_URL", "DATELINE_FEED_ITEMS", "DATELINE_SITEMAP_PAGE_SIZE",
                    "DATELINE_NEWS_SITEMAP_SIZE"):
        assert setting in text, setting
    assert get_resolver().resolve("/sitemap.xml").url_name == "sitemap-index"
