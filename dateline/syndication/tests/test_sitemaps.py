"""The sitemap index, each edition's article sitemaps, the Google News sitemap and
robots.txt: valid against the sitemaps.org schemas, extensions checked by code."""

from datetime import timedelta

import pytest

from dateline.newsroom.dates import iso
from dateline.newsroom.models import Article

from .conftest import BASE, clean_headline, url_of
from .reading import NS, locs, parse, urls, validate

pytestmark = pytest.mark.django_db


def test_index_lists_every_edition_sitemap_and_validates(client, world):
    """The index names the pages, article and news sitemaps of both editions."""
    root = parse(client.get("/sitemap.xml"))
    validate(root)
    assert locs(root) == [
        f"{BASE}/sitemaps/main/pages.xml", f"{BASE}/sitemaps/main/articles.xml?p=1",
        f"{BASE}/sitemaps/main/news.xml",
        f"{BASE}/sitemaps/global/pages.xml", f"{BASE}/sitemaps/global/articles.xml?p=1",
        f"{BASE}/sitemaps/global/news.xml",
    ]
    lastmods = {s.findtext("s:loc", namespaces=NS): s.findtext("s:lastmod", namespaces=NS)
                for s in root.findall("s:sitemap", NS)}
    # The news sitemap changed when its newest article did (here: an update note).
    update = Article.objects.get(pk=world["global"]["articles"][2].pk)
    assert lastmods[f"{BASE}/sitemaps/global/news.xml"] == iso(
        max(update.updated_at, update.last_published_at), update.edition)
    # Article pages give no lastmod: it would cost a scan of every article (see sitemaps.py).
    assert lastmods[f"{BASE}/sitemaps/global/articles.xml?p=1"] is None


def test_every_listed_sitemap_answers_and_validates(client, world):
    """Each sitemap the index names is there and valid."""
    for loc in locs(parse(client.get("/sitemap.xml"))):
        validate(parse(client.get(loc.removeprefix(BASE))))


@pytest.mark.parametrize("edition", ["main", "global"])
def test_article_sitemap_lists_exactly_the_published_articles(client, world, edition):
    """Every published article of the edition with its lastmod and image; nothing hidden."""
    found = urls(parse(client.get(f"/sitemaps/{edition}/articles.xml")))
    articles = world[edition]["articles"]
    assert sorted(found) == sorted(url_of(a) for a in articles)
    for article in articles:
        url = found[url_of(article)]
        assert url.findtext("s:lastmod", namespaces=NS) == iso(
            max(article.last_published_at, article.modified_at), article.edition)
        images = url.findall("image:image/image:loc", NS)
        if article.main_image:
            assert [i.text for i in images] == [BASE + article.main_image.file.url]
        else:
            assert images == []


def test_translations_are_alternates_of_each_other(client, world):
    """A translated pair lists both versions and x-default (the main edition's) in both
    sitemaps; an article whose translation is a draft has no alternates."""
    ukrainian, english = world["main"]["articles"][0], world["global"]["articles"][0]
    expected = [("uk", url_of(ukrainian)), ("en", url_of(english)),
                ("x-default", url_of(ukrainian))]
    for edition, article in (("main", ukrainian), ("global", english)):
        url = urls(parse(client.get(f"/sitemaps/{edition}/articles.xml")))[url_of(article)]
        links = url.findall("xhtml:link", NS)
        assert [(link.get("hreflang"), link.get("href")) for link in links] == expected
        assert {link.get("rel") for link in links} == {"alternate"}
    lonely = world["global"]["articles"][1]
    url = urls(parse(client.get("/sitemaps/global/articles.xml")))[url_of(lonely)]
    assert url.findall("xhtml:link", NS) == []


def test_article_sitemaps_split_into_pages_of_at_most_the_page_size(client, world, settings):
    """With a page size of 3 ids, the edition's articles spread over pages of at most 3;
    the index lists exactly the pages that have some, and the others are 404."""
    settings.DATELINE_SITEMAP_PAGE_SIZE = 3
    index = locs(parse(client.get("/sitemap.xml")))
    pages = [loc for loc in index if "/global/articles.xml" in loc]
    assert len(pages) > 1
    seen = []
    for loc in pages:
        page = urls(parse(client.get(loc.removeprefix(BASE))))
        assert 1 <= len(page) <= 3
        seen += page
    assert sorted(seen) == sorted(url_of(a) for a in world["global"]["articles"])
    numbers = {int(loc.rsplit("=", 1)[1]) for loc in pages}
    unlisted = sorted(set(range(1, max(numbers) + 2)) - numbers)
    for n in unlisted[:3] + unlisted[-1:]:
        assert client.get(f"/sitemaps/global/articles.xml?p={n}").status_code == 404


@pytest.mark.parametrize("url", [
    "/sitemaps/global/articles.xml?p=0", "/sitemaps/global/articles.xml?p=-1",
    "/sitemaps/global/articles.xml?p=abc", "/sitemaps/global/articles.xml?p=",
    "/sitemaps/global/articles.xml?p=1.0", "/sitemaps/global/articles.xml?p=%EF%BC%91",
    "/sitemaps/global/articles.xml?p=99999", "/sitemaps/global/articles.xml?p=" + "9" * 30,
    "/sitemaps/global/news.xml?p=0", "/sitemaps/global/news.xml?p=2",
    "/sitemaps/global/news.xml?p=abc", "/sitemaps/nope/articles.xml",
    "/sitemaps/nope/news.xml", "/sitemaps/nope/pages.xml", "/sitemaps/global/other.xml",
    "/sitemaps/global/", "/sitemap-global.xml",
])
def test_bad_sitemap_addresses_are_404(client, world, url):
    """Page 0, negative, non-numeric, past the end, unknown editions and sections: 404."""
    assert client.get(url).status_code == 404


def test_news_sitemap_holds_the_last_two_days(client, world):
    """Only articles first published in the last two days, with the edition's publication
    name and language, the first-publication time with its offset and the headline."""
    root = parse(client.get("/sitemaps/main/news.xml"))
    validate(root)
    found = urls(root)
    recent = world["main"]["articles"][:3]
    assert list(found) == [url_of(a) for a in recent]
    for n, article in enumerate(recent):
        news = found[url_of(article)].find("news:news", NS)
        assert [child.tag.split("}")[1] for child in news] == [
            "publication", "publication_date", "title"]
        assert news.findtext("news:publication/news:name", namespaces=NS) == "Дейтлайн"
        assert news.findtext("news:publication/news:language", namespaces=NS) == "uk"
        assert news.findtext("news:publication_date", namespaces=NS) == iso(
            article.first_published_at, article.edition)
        assert news.findtext("news:title", namespaces=NS) == clean_headline(n)
    english = parse(client.get("/sitemaps/global/news.xml"))
    assert {e.text for e in english.iterfind(".//news:language", NS)} == {"en"}


def test_news_sitemap_window_moves_with_the_clock(client, world):
    """An article first published just over two days ago drops out."""
    article = world["main"]["articles"][2]
    Article.objects.filter(pk=article.pk).update(
        first_published_at=world["now"] - timedelta(days=2, minutes=1))
    assert url_of(article) not in urls(parse(client.get("/sitemaps/main/news.xml")))


def test_news_sitemap_splits_beyond_its_size(client, world, settings):
    """Past DATELINE_NEWS_SITEMAP_SIZE entries the news sitemap continues on ?p=2."""
    settings.DATELINE_NEWS_SITEMAP_SIZE = 2
    index = locs(parse(client.get("/sitemap.xml")))
    assert [loc for loc in index if "/main/news.xml" in loc] == [
        f"{BASE}/sitemaps/main/news.xml", f"{BASE}/sitemaps/main/news.xml?p=2"]
    first = urls(parse(client.get("/sitemaps/main/news.xml")))
    second = urls(parse(client.get("/sitemaps/main/news.xml?p=2")))
    assert len(first) == 2 and len(second) == 1
    assert list(first) + list(second) == [url_of(a) for a in world["main"]["articles"][:3]]
    assert client.get("/sitemaps/main/news.xml?p=3").status_code == 404


def test_hidden_articles_are_in_no_sitemap(client, world, hidden_urls):
    """Drafts, scheduled, expired, retracted and future articles appear in no sitemap."""
    bodies = b"".join(client.get(loc.removeprefix(BASE)).content
                      for loc in locs(parse(client.get("/sitemap.xml"))))
    for path in hidden_urls:
        assert path.encode() not in bodies
    assert b"Hidden" not in bodies


def test_pages_sitemap_lists_home_news_and_sections(client, world):
    """The edition's home, news list and sections."""
    root = parse(client.get("/sitemaps/global/pages.xml"))
    validate(root)
    assert locs(root) == [f"{BASE}/global/", f"{BASE}/global/news/",
                          f"{BASE}/global/section/politics/"]


def test_edited_headline_is_the_news_title(client, world):
    """news:title follows the headline as the page shows it, after an edit too."""
    article = world["main"]["articles"][0]
    Article.objects.filter(pk=article.pk).update(headline="Нова & <назва>")
    root = parse(client.get("/sitemaps/main/news.xml"))
    assert root.findtext(".//news:title", namespaces=NS) == "Нова & <назва>"


def test_sitemaps_are_not_for_search_results(client, world):
    """Sitemaps carry X-Robots-Tag: noindex and answer only GET and HEAD."""
    assert client.get("/sitemap.xml")["X-Robots-Tag"] == "noindex, noarchive"
    assert client.post("/sitemap.xml").status_code == 405


def test_robots_txt_names_the_sitemap_index(client, world):
    """robots.txt points crawlers at the absolute sitemap index and away from search."""
    response = client.get("/robots.txt", HTTP_HOST="global.testserver")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert f"Sitemap: {BASE}/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines and "Disallow: /global/search/" in lines


def test_sitemaps_ignore_the_host_header(client, world):
    """A forged Host header appears in no sitemap address."""
    body = client.get("/sitemap.xml", HTTP_HOST="global.testserver").content
    assert b"testserver" not in body
