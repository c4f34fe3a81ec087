"""The Content Security Policy: strict and identical on every public response, cached or
not; the desk's own structural policy; and public templates that need nothing inline."""

import base64
import hashlib
import re
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import path
from django.utils import timezone

from dateline.security.middleware import (
    ADMIN_POLICY,
    ERROR_PAGE_STYLE,
    ContentSecurityPolicyMiddleware,
    public_policy,
)
from dateline.site.tests.browser import pages_of
from dateline.urls import urlpatterns as site_patterns

pytestmark = pytest.mark.django_db

PACKAGE = Path(__file__).resolve().parents[2]
STRICT = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'", ERROR_PAGE_STYLE],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "frame-src": ["'self'", "https://www.youtube.com", "https://www.youtube-nocookie.com"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "object-src": ["'none'"],
}


def directives(header):
    return {name: sources for name, *sources in (part.split() for part in header.split(";"))}


def _boom(request):
    raise RuntimeError("the database is down")


# A URLconf with a view that fails, for the error page (see test_the_error_page_...).
urlpatterns = [path("boom/", _boom), *site_patterns]
handler500 = "dateline.site.errors.server_error"


def public_addresses(newsroom):
    pages = [url for code in ("main", "global") for _name, url in pages_of(newsroom, code)]
    return [*pages, "/feeds/global/rss.xml", "/feeds/main/atom.xml", "/feeds/global/feed.json",
            "/sitemap.xml", "/sitemaps/global/news.xml", "/robots.txt",
            "/api/v1/editions", "/api/v1/docs/", "/api/v1/openapi.json", "/no/such/page/"]


def test_every_public_response_has_the_strict_policy(client, newsroom):
    """Every page type of both editions, feeds, sitemaps, robots.txt, the API and its docs,
    and not-found pages: the same policy, with nothing inline, no eval and no nonce."""
    for url in public_addresses(newsroom):
        response = client.get(url)
        assert response.status_code in (200, 404), (url, response.status_code)
        assert directives(response["Content-Security-Policy"]) == STRICT, url
    header = public_policy()
    assert not re.search(r"unsafe-|nonce-|\*", header)


def test_cached_pages_keep_the_policy(client, settings, newsroom):
    """A page answered from the page cache (dateline/caching, inside this middleware)
    carries the same header as when it was made."""
    settings.DATELINE_PAGE_CACHE = True
    with time_machine.travel(timezone.now() + timedelta(seconds=5)):  # past the publishing
        first, second = client.get("/global/"), client.get("/global/")
    assert second.get("X-Page-Cache") == "hit"
    assert first["Content-Security-Policy"] == second["Content-Security-Policy"] == public_policy()


def test_the_error_page_has_the_policy_and_its_style_is_allowed(settings, main_edition):
    """The 500 page, made when everything else failed, gets the policy, and the hash in
    the policy is that of its one inline style block."""
    settings.ROOT_URLCONF = __name__
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    assert response["Content-Security-Policy"] == public_policy()
    styles = re.findall(r"<style>(.*?)</style>", response.content.decode(), re.S)
    digest = base64.b64encode(hashlib.sha256(styles[0].encode()).digest()).decode()
    assert len(styles) == 1 and ERROR_PAGE_STYLE == f"'sha256-{digest}'", (
        "site/500.html changed its <style>: put the new hash in ERROR_PAGE_STYLE "
        f"(dateline/security/middleware.py): 'sha256-{digest}'")


def test_the_desk_has_its_own_structural_policy(client, editor):
    """Under /admin/: no framing by other sites, no <base>, no plugins, forms to ourselves
    only; scripts and styles are left to Wagtail (see middleware.py for why)."""
    assert client.get("/admin/login/")["Content-Security-Policy"] == ADMIN_POLICY
    client.force_login(editor)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert directives(response["Content-Security-Policy"]) == {
        "base-uri": ["'self'"], "form-action": ["'self'"], "frame-ancestors": ["'self'"],
        "object-src": ["'none'"]}


def test_asset_origins_and_embeds_follow_the_settings(settings):
    """Static files and uploads on a CDN are allowed by origin; no embed origins, no
    frame-src beyond default-src."""
    settings.STATIC_URL = "https://static.example.net/dateline/"
    settings.MEDIA_URL = "https://media.example.net/m/"
    settings.DATELINE_CSP_FRAME_SRC = []
    policy = directives(public_policy())
    assert policy["script-src"] == ["'self'", "https://static.example.net"]
    assert policy["style-src"] == ["'self'", "https://static.example.net", ERROR_PAGE_STYLE]
    assert policy["img-src"] == ["'self'", "data:", "https://static.example.net",
                                 "https://media.example.net"]
    assert policy["font-src"] == ["'self'", "https://static.example.net"]
    assert "frame-src" not in policy


def test_a_response_with_its_own_policy_keeps_it():
    """Wagtail serves images and documents with ``default-src 'none'``; that stays."""
    own = HttpResponse()
    own["Content-Security-Policy"] = "default-src 'none'"
    middleware = ContentSecurityPolicyMiddleware(lambda request: own)
    response = middleware(RequestFactory().get("/images/x/1/y/z.jpg"))
    assert response["Content-Security-Policy"] == "default-src 'none'"


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(ld\+)?json\")[^>]*>", re.I),
     "an inline script: move it to a file under static/"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "an on* event attribute: listen from a static script"),
    (re.compile(r"\sstyle\s*=", re.I), "a style attribute: use a class in the stylesheet"),
    (re.compile(r"<style", re.I), "a <style> block: move it to the stylesheet"),
    (re.compile(r"javascript:", re.I), "a javascript: URL"),
]
# The desk's templates are under the desk's policy; the error page's style is hashed.
NOT_PUBLIC = ("newsroom/templates/newsroom/admin/", "security/templates/")
ALLOWED = {("site/templates/site/500.html", "a <style> block: move it to the stylesheet")}


def test_public_templates_need_nothing_inline():
    """No template a reader's page is made of has inline script, event attributes,
    inline styles or javascript: URLs, which the policy would block."""
    found = []
    for template in sorted(PACKAGE.glob("*/templates/**/*.html")):
        name = template.relative_to(PACKAGE).as_posix()
        if name.startswith(NOT_PUBLIC):
            continue
        text = template.read_text()
        for pattern, what in INLINE:
            if pattern.search(text) and (name, what) not in ALLOWED:
                found.append(f"{name}: {what}")
    assert found == []


def test_the_scan_finds_what_it_looks_for():
    """Each pattern of the template scan catches its case, and JSON-LD passes."""
    samples = ['<script>alert(1)</script>', '<a onclick="x()">', '<p style="color:red">',
               "<style>p{}</style>", '<a href="javascript:x()">']
    for (pattern, _what), sample in zip(INLINE, samples, strict=True):
        assert pattern.search(sample), sample
    assert not any(p.search('<script type="application/ld+json">{}</script>'
                            '<script src="/static/site/more.js" defer></script>')
                   for p, _ in INLINE)




def test_a_preview_may_be_framed_by_the_desk_only(client, editor, make_draft):
    """The preview panel frames the article's preview: that response allows our own pages
    as its frame's parent and is otherwise the public policy; the published page and the
    desk keep theirs."""
    from dateline.newsroom.tests.desk import form_data, url

    article = make_draft("Previewed story")
    client.force_login(editor)
    assert client.post(url("preview_on_edit", article.pk),
                       form_data(client, url("edit", article.pk))).json()["is_valid"]
    response = client.get(url("preview_on_edit", article.pk))
    assert response.status_code == 200
    assert "Previewed story" in response.content.decode()
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert directives(response["Content-Security-Policy"]) == {
        **STRICT, "frame-ancestors": ["'self'"]}
    assert directives(public_policy())["frame-ancestors"] == ["'none'"]
    assert client.get("/admin/")["Content-Security-Policy"] == ADMIN_POLICY
