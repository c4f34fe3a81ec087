"""What pages tell machines: canonical and hreflang links, feed discovery, Open Graph,
Twitter cards and schema.org JSON-LD, read back with BeautifulSoup and json."""

import json
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils.encoding import iri_to_uri

from dateline.live.actions import EditEntryAction, EndCoverageAction, EntryChanges, PostEntryAction
from dateline.newsroom import actions
from dateline.newsroom.dates import iso
from dateline.newsroom.models import Article
from dateline.syndication.links import clean

from .conftest import BASE, NASTY, NASTY_CLEAN, clean_headline, url_of

pytestmark = pytest.mark.django_db


def page(client, path, **headers):
    response = client.get(path, **headers)
    assert response.status_code == 200, (path, response.status_code)
    return BeautifulSoup(response.content.decode(), "html.parser")


def json_ld(soup):
    return [json.loads(script.string)
            for script in soup.find_all("script", type="application/ld+json")]


def of_type(soup, kind):
    found = [data for data in json_ld(soup) if data["@type"] == kind]
    assert len(found) == 1, (kind, json_ld(soup))
    return found[0]


def meta(soup, key):
    tags = soup.find_all("meta", property=key) or soup.find_all("meta", attrs={"name": key})
    return [tag["content"] for tag in tags]


def hreflang(soup):
    return [(link["hreflang"], link["href"])
            for link in soup.find_all("link", rel="alternate", hreflang=True)]


def canonical(soup):
    links = soup.find_all("link", rel="canonical")
    assert len(links) == 1
    return links[0]["href"]


def test_article_json_ld_is_a_complete_news_article(client, world):
    """Headline, dates equal to the visible ones, every author as a Person with a page,
    the publisher with its logo, the image, the page and the language."""
    article = world["main"]["articles"][0]
    soup = page(client, article.get_absolute_url())
    data = of_type(soup, "NewsArticle")
    assert data["@context"] == "https://schema.org"
    assert data["headline"] == clean_headline(0) == clean(soup.h1.get_text())
    visible = soup.select_one(".dateline time")["datetime"]
    assert data["datePublished"] == visible == iso(article.first_published_at, article.edition)
    assert data["dateModified"] == iso(article.modified_at, article.edition)
    assert data["author"] == [
        {"@type": "Person", "name": world["reporter"].name,
         "url": f"{BASE}/author/{world['reporter'].slug}/"},
        {"@type": "Person", "name": "Vitaly Portnikov", "url": f"{BASE}/author/vitaly-portnikov/"},
    ]
    publisher = data["publisher"]
    assert publisher["@type"] == "Organization" and publisher["name"] == "Дейтлайн"
    assert publisher["logo"]["url"] == BASE + world["logo"].file.url
    assert data["image"][0]["url"].startswith(f"{BASE}/media/images/")
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": url_of(article)}
    assert data["inLanguage"] == "uk"
    assert data["description"] == clean(article.lead)


def test_updated_article_modified_date_is_the_visible_update(client, world):
    """dateModified is the update note's time as the page shows it."""
    article = world["global"]["articles"][2]
    soup = page(client, article.get_absolute_url())
    shown = soup.select_one(".updates time")["datetime"]
    assert of_type(soup, "NewsArticle")["dateModified"] == shown
    assert meta(soup, "article:modified_time") == [shown]


def test_corrections_and_clarifications_are_correction_comments(client, world):
    """NewsArticle ``correction``: a CorrectionComment (text, datePublished as the page shows
    the note) for each correction and clarification, oldest first; update notes are not
    corrections, and an article without one has no ``correction``."""
    article = world["global"]["articles"][2]
    assert "correction" not in of_type(page(client, article.get_absolute_url()), "NewsArticle")
    actions.AddUpdateNoteAction(article, text=f"We misspelled a name. {NASTY}",
                                kind="correction").execute()
    actions.AddUpdateNoteAction(article, text="To be clear: not all.",
                                kind="clarification").execute()
    soup = page(client, article.get_absolute_url())
    shown = [time["datetime"] for time in soup.select(".updates time")]
    assert of_type(soup, "NewsArticle")["correction"] == [
        {"@type": "CorrectionComment", "text": f"We misspelled a name. {NASTY_CLEAN}",
         "datePublished": shown[-2]},
        {"@type": "CorrectionComment", "text": "To be clear: not all.",
         "datePublished": shown[-1]},
    ]


def test_the_corrections_page_is_a_collection_page_with_its_feed(client, world):
    """Canonical, CollectionPage JSON-LD, and its RSS feed among the alternates."""
    soup = page(client, "/global/corrections/")
    assert canonical(soup) == f"{BASE}/global/corrections/"
    assert of_type(soup, "CollectionPage")["name"] == "Corrections and clarifications"
    feeds = [link["href"] for link in soup.find_all("link", rel="alternate", type=True)]
    assert feeds[0] == f"{BASE}/feeds/global/corrections/rss.xml"
    assert f"{BASE}/feeds/global/rss.xml" in feeds


def test_publisher_without_logo_has_none(client, world):
    """An edition without a logo is an Organization with a name only."""
    soup = page(client, world["global"]["articles"][0].get_absolute_url())
    assert "logo" not in of_type(soup, "NewsArticle")["publisher"]


def test_breadcrumbs_lead_home_section_article(client, world):
    """BreadcrumbList: the edition's home, the section, the article."""
    article = world["global"]["articles"][0]
    items = of_type(page(client, article.get_absolute_url()), "BreadcrumbList")["itemListElement"]
    assert [(i["position"], i["name"], i["item"]) for i in items] == [
        (1, "Dateline Global", f"{BASE}/global/"),
        (2, "Politics", f"{BASE}/global/section/politics/"),
        (3, clean_headline(0), url_of(article)),
    ]


def test_script_cannot_be_closed_by_any_field(client, world):
    """``</script>``, quotes and ampersands in headline, names and bio stay inside the
    JSON-LD: the raw HTML has no stray ``</script`` and each block parses as JSON."""
    for path in (world["global"]["articles"][0].get_absolute_url(),
                 f"/global/author/{world['columnist'].slug}/",
                 f"/global/author/{world['reporter'].slug}/"):
        raw = client.get(path).content.decode()
        for block in raw.split('<script type="application/ld+json">')[1:]:
            body = block.split("</script>", 1)[0]
            assert "<" not in body and ">" not in body and "&" not in body
            json.loads(body)
    data = of_type(page(client, world["global"]["articles"][0].get_absolute_url()),
                   "NewsArticle")
    assert "\x01" not in data["headline"] and "\u200f" in data["headline"]


def test_open_graph_and_twitter_describe_the_article(client, world):
    """og:* and article:* facts, and a large-image card when there is an image."""
    article = world["global"]["articles"][0]
    soup = page(client, article.get_absolute_url())
    assert meta(soup, "og:type") == ["article"]
    assert meta(soup, "og:title") == [clean_headline(0)]
    assert meta(soup, "og:description") == [clean(article.lead)]
    assert meta(soup, "og:url") == [url_of(article)]
    assert meta(soup, "og:site_name") == ["Dateline Global"]
    assert meta(soup, "og:locale") == ["en_US"]
    assert meta(soup, "og:locale:alternate") == ["uk_UA"]
    assert meta(soup, "og:image")[0].startswith(f"{BASE}/media/images/")
    assert meta(soup, "article:published_time") == [iso(article.first_published_at,
                                                        article.edition)]
    assert meta(soup, "article:modified_time") == [iso(article.modified_at, article.edition)]
    assert meta(soup, "article:author") == [f"{BASE}/global/author/{world['reporter'].slug}/",
                                            f"{BASE}/global/author/vitaly-portnikov/"]
    assert meta(soup, "article:tag") == ["war"]
    assert meta(soup, "article:section") == ["Politics"]
    assert meta(soup, "twitter:card") == ["summary_large_image"]
    assert meta(soup, "twitter:image") == meta(soup, "og:image")


def test_article_without_image_gets_a_summary_card(client, world):
    """No image: a summary card, no og:image, no image in the JSON-LD."""
    soup = page(client, world["global"]["articles"][1].get_absolute_url())
    assert meta(soup, "twitter:card") == ["summary"]
    assert meta(soup, "og:image") == []
    assert "image" not in of_type(soup, "NewsArticle")


def test_hreflang_is_reciprocal_absolute_with_x_default(client, world):
    """Both versions of a translated pair list both versions and the same x-default (the
    main edition's), with absolute URLs; each page's canonical is itself."""
    ukrainian, english = world["main"]["articles"][0], world["global"]["articles"][0]
    expected = [("uk", url_of(ukrainian)), ("en", url_of(english)),
                ("x-default", url_of(ukrainian))]
    for article in (ukrainian, english):
        soup = page(client, article.get_absolute_url())
        assert hreflang(soup) == expected
        assert canonical(soup) == url_of(article)


def test_unpublished_translation_is_not_an_alternate(client, world):
    """With the other version only a draft, the page lists itself, and x-default is itself."""
    article = world["global"]["articles"][1]
    soup = page(client, article.get_absolute_url())
    assert hreflang(soup) == [("en", url_of(article)), ("x-default", url_of(article))]
    assert meta(soup, "og:locale:alternate") == []


def test_unpublishing_a_translation_removes_it_from_both_pages(client, world):
    """Reciprocity holds after a version goes away: the other no longer names it."""
    ukrainian, english = world["main"]["articles"][0], world["global"]["articles"][0]
    Article.objects.filter(pk=ukrainian.pk).update(live=False)
    soup = page(client, english.get_absolute_url())
    assert hreflang(soup) == [("en", url_of(english)), ("x-default", url_of(english))]


def test_author_page_is_a_profile_page(client, world):
    """An author page: canonical, ProfilePage with the Person, and the author's feeds."""
    columnist = world["columnist"]
    soup = page(client, f"/global/author/{columnist.slug}/")
    assert canonical(soup) == f"{BASE}/global/author/vitaly-portnikov/"
    data = of_type(soup, "ProfilePage")
    person = data["mainEntity"]
    assert person["@type"] == "Person" and person["name"] == "Vitaly Portnikov"
    assert person["url"] == f"{BASE}/global/author/vitaly-portnikov/"
    assert person["jobTitle"] == "Columnist" and person["description"] == columnist.bio
    feeds = [link["href"] for link in soup.find_all("link", rel="alternate", type=True)]
    assert f"{BASE}/feeds/global/author/vitaly-portnikov/atom.xml" in feeds


@pytest.mark.parametrize("kind", ["section", "tag"])
def test_section_and_tag_pages_are_collection_pages(client, world, kind):
    """Section and tag pages: canonical, CollectionPage, breadcrumbs and their own feeds."""
    thing = world["main"][kind]
    path = reverse(f"main:{kind}", args=[thing.slug])
    soup = page(client, path + "?cursor=1700000000000000.5")
    assert canonical(soup) == BASE + iri_to_uri(path)
    data = of_type(soup, "CollectionPage")
    assert data["name"] == thing.name and data["url"] == canonical(soup)
    assert data["inLanguage"] == "uk"
    of_type(soup, "BreadcrumbList")
    types = {link["type"]: link["href"]
             for link in soup.find_all("link", rel="alternate", type=True)
             if f"/{kind}/" in link["href"]}
    assert set(types) == {"application/rss+xml", "application/atom+xml", "application/feed+json"}
    assert meta(soup, "og:type") == ["website"]


@pytest.mark.parametrize("path", ["/", "/global/", "/global/news/"])
def test_every_page_discovers_the_edition_feeds(client, world, path):
    """Each page's head names the edition's RSS, Atom and JSON feeds, absolute."""
    soup = page(client, path)
    code = "global" if path.startswith("/global/") else "main"
    feeds = {link["type"]: link["href"]
             for link in soup.find_all("link", rel="alternate", type=True)}
    assert feeds == {"application/rss+xml": f"{BASE}/feeds/{code}/rss.xml",
                     "application/atom+xml": f"{BASE}/feeds/{code}/atom.xml",
                     "application/feed+json": f"{BASE}/feeds/{code}/feed.json"}


def test_home_pages_are_alternates_of_each_other(client, world):
    """The edition homes list each other, x-default being the main edition's."""
    for path in ("/", "/global/"):
        assert hreflang(page(client, path)) == [
            ("uk", f"{BASE}/"), ("en", f"{BASE}/global/"), ("x-default", f"{BASE}/")]


def test_error_and_search_pages_claim_no_canonical(client, world):
    """A 404 and the search page carry feeds only: no canonical, no structured data."""
    response = client.get("/global/news/no-such-story/")
    assert response.status_code == 404
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    assert soup.find("link", rel="canonical") is None and json_ld(soup) == []
    soup = page(client, "/global/search/?q=story")
    assert soup.find("link", rel="canonical") is None and json_ld(soup) == []


def test_hidden_articles_leave_no_trace_in_pages(client, world, hidden_urls):
    """Hidden articles are 404 and named by no published page's hreflang links."""
    for path in hidden_urls:
        assert client.get(path).status_code == 404
    lonely = world["global"]["articles"][1]
    hrefs = [href for _lang, href in hreflang(page(client, lonely.get_absolute_url()))]
    assert all("%D0%A7" not in href for href in hrefs)  # the draft translation's slug


def test_page_addresses_ignore_the_host_header(client, world):
    """A forged Host header appears in no canonical, hreflang, og:url or JSON-LD."""
    raw = client.get(world["global"]["articles"][0].get_absolute_url(),
                     HTTP_HOST="global.testserver").content.decode()
    head = raw.split("</head>")[0]
    assert "testserver" not in head


# -- live coverage ----------------------------------------------------------------------------

def _live(world, **fields):
    from .conftest import _article

    scope = world["global"]
    return _article(scope["edition"], 9, scope["section"], scope["tag"], [world["reporter"]],
                    when=world["now"] - timedelta(hours=2), kind=Article.Kind.LIVE, **fields)


def _post(article, text, publish=True, **fields):
    return PostEntryAction(article, EntryChanges(text=text, **fields), publish=publish).execute()


def test_live_article_json_ld_is_a_live_blog_posting(client, world):
    """A live article is a LiveBlogPosting (still a complete NewsArticle otherwise) with its
    start, and one BlogPosting per entry on the page: headline, text, times, anchor URL."""
    article = _live(world)
    now = world["now"]
    titled = _post(article, f"Sirens {NASTY}.", title=f"Alert {NASTY}",
                   posted_at=now - timedelta(minutes=30), author=world["columnist"])
    plain = _post(article, "One two three four five six seven eight nine ten eleven "
                  "twelve thirteen fourteen.", posted_at=now - timedelta(minutes=10))
    EditEntryAction(titled, EntryChanges(text="Sirens again.")).execute()
    titled.refresh_from_db()
    _post(article, "Zqscheduled entry.", posted_at=now + timedelta(hours=1))
    _post(article, "Zqdraft entry.", publish=False)

    soup = page(client, article.get_absolute_url())
    data = of_type(soup, "LiveBlogPosting")
    assert not [d for d in json_ld(soup) if d["@type"] == "NewsArticle"]
    edition = article.edition
    assert data["headline"] == clean(soup.h1.get_text())
    assert data["coverageStartTime"] == iso(article.first_published_at, edition)
    assert "coverageEndTime" not in data
    assert data["publisher"]["@type"] == "Organization" and data["inLanguage"] == "en"
    assert data["liveBlogUpdate"] == [
        {"@type": "BlogPosting", "@id": f"{url_of(article)}#{plain.anchor}",
         "url": f"{url_of(article)}#{plain.anchor}",
         "headline": "One two three four five six seven eight nine ten eleven twelve…",
         "articleBody": "One two three four five six seven eight nine ten eleven twelve "
                        "thirteen fourteen.",
         "datePublished": iso(plain.posted_at, edition),
         "dateModified": iso(plain.posted_at, edition)},
        {"@type": "BlogPosting", "@id": f"{url_of(article)}#{titled.anchor}",
         "url": f"{url_of(article)}#{titled.anchor}", "headline": f"Alert {NASTY_CLEAN}",
         "articleBody": "Sirens again.", "datePublished": iso(titled.posted_at, edition),
         "dateModified": iso(titled.edited_at, edition),
         "author": {"@type": "Person", "name": "Vitaly Portnikov"}},
    ]
    assert "zq" not in json.dumps(data).lower()
    raw = client.get(article.get_absolute_url()).content.decode()
    for block in raw.split('<script type="application/ld+json">')[1:]:
        body = block.split("</script>", 1)[0]
        assert "<" not in body and ">" not in body and "&" not in body


def test_ended_coverage_has_its_end_time(client, world):
    article = _live(world)
    EndCoverageAction(article, at=world["now"] - timedelta(minutes=5)).execute()
    data = of_type(page(client, article.get_absolute_url()), "LiveBlogPosting")
    assert data["coverageEndTime"] == iso(world["now"] - timedelta(minutes=5), article.edition)


def test_ordinary_articles_stay_news_articles(client, world):
    soup = page(client, world["global"]["articles"][0].get_absolute_url())
    assert not [d for d in json_ld(soup) if d["@type"] == "LiveBlogPosting"]
    assert "liveBlogUpdate" not in of_type(soup, "NewsArticle")
