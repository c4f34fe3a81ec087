"""The public pages: what each shows, what it never shows, and how bad addresses fail."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dateline.conftest import HOSTILE
from dateline.newsroom import actions
from dateline.newsroom.addresses import edition_url
from dateline.newsroom.models import Article, ArticleTag, Label, RelatedArticle, Tag

from .conftest import publish_at

pytestmark = pytest.mark.django_db


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content.decode(), "html.parser")


def test_article_page_reads_like_the_reference(client, newsroom):
    """Headline, local date and time, lead, body, tags, Read also and the feed, in that order."""
    article = newsroom["global"]["articles"][0]
    page = soup(client.get(article.get_absolute_url()))
    story = page.select_one("main article")
    assert story.h1.get_text() == article.headline
    when = story.select_one(".dateline time")
    assert when["datetime"] == article.first_published_at.astimezone(
        article.edition.tz).isoformat(timespec="seconds")
    local = article.first_published_at.astimezone(article.edition.tz)
    assert when.select_one(".hour").get_text() == local.strftime("%H:%M")
    assert when.select_one(".date").get_text().endswith(local.strftime("%A"))
    assert story.select_one(".lead").get_text() == "Lead 0"
    assert "Body 0" in story.select_one(".body").get_text()
    assert [a.get_text() for a in story.select(".tags a")] == ["war"]
    order = [el.get("class", [""])[0] for el in story.find_all(recursive=False)]
    assert order.index("body") < order.index("tags") < order.index("read-also")
    assert page.select_one("aside .feed h2").get_text() == "News"
    assert page.select(".feed .items a")


def test_article_page_shows_image_caption_credit_and_authors(client, newsroom):
    """Main image with srcset and its credit; authors linked to their pages."""
    article = newsroom["global"]["articles"][0]
    page = soup(client.get(article.get_absolute_url()))
    img = page.select_one(".main-image img")
    assert img["srcset"].count("w,") >= 2 and img["width"] and img["height"]
    assert "Reuters / Jane Doe" in page.select_one(".main-image figcaption").get_text()
    author = page.select_one(".byline a")
    assert author["href"] == edition_url(article.edition, "author", newsroom["reporter"].slug)
    assert author.get_text() == HOSTILE


def test_column_is_credited_as_a_column(client, newsroom):
    """A column says "Column by …" with the columnist linked."""
    column = newsroom["global"]["articles"][1]
    byline = soup(client.get(column.get_absolute_url())).select_one(".byline").get_text()
    assert byline == "Column by Vitaly Portnikov"


def test_updated_shows_only_with_an_update_note(client, newsroom):
    """"Updated" and the note appear on an updated article, and not on others."""
    updated, plain = newsroom["global"]["articles"][3], newsroom["global"]["articles"][4]
    page = soup(client.get(updated.get_absolute_url()))
    assert "Updated" in page.select_one("article .labels").get_text()
    assert "Toll rises to 5." in page.select_one(".updates").get_text()
    page = soup(client.get(plain.get_absolute_url()))
    assert page.select_one("article .labels") is None and page.select_one(".updates") is None


def test_feed_items_carry_their_labels(client, newsroom):
    """Feed items show labels (Exclusive, OPINION) and a derived "Updated"."""
    page = soup(client.get("/global/news/"))
    labels = {item.a.get_text(): [s.get_text() for s in item.select(".label")]
              for item in page.select(".items li")}
    articles = newsroom["global"]["articles"]
    assert labels[articles[1].headline] == ["OPINION"]
    assert labels[articles[2].headline] == ["Exclusive"]
    assert labels[articles[3].headline] == ["Updated"]
    assert labels[articles[0].headline] == []


def test_read_also_puts_hand_picked_first_and_never_the_article_itself(client, newsroom):
    """Hand-picked related articles lead; automatic ones share tags; itself never."""
    article, picked = newsroom["global"]["articles"][0], newsroom["global"]["articles"][4]
    links = [a.get_text() for a in
             soup(client.get(article.get_absolute_url())).select(".read-also a")]
    assert links[0] == picked.headline
    assert article.headline not in links
    assert len(links) == len(set(links)) == 5


def test_read_also_never_shows_unpublished_articles(client, newsroom, editor):
    """An unpublished related article disappears from Read also."""
    article, picked = newsroom["global"]["articles"][0], newsroom["global"]["articles"][4]
    actions.UnpublishAction(picked, user=editor).execute()
    links = [a.get_text() for a in
             soup(client.get(article.get_absolute_url())).select(".read-also a")]
    assert picked.headline not in links


def test_language_switcher_goes_to_the_translation_or_the_home(client, newsroom):
    """The switcher links the translation when there is one, else the other edition's home."""
    translated, untranslated = newsroom["global"]["articles"][0], newsroom["global"]["articles"][2]
    switch = soup(client.get(translated.get_absolute_url())).select_one(".editions a")
    assert switch["href"] == newsroom["main"]["articles"][0].get_absolute_url()
    assert switch["hreflang"] == "uk" and switch.get_text() == "Українська"
    switch = soup(client.get(untranslated.get_absolute_url())).select_one(".editions a")
    assert switch["href"] == "/"


def test_unpublished_translation_is_not_linked(client, newsroom, editor):
    """A translation that is not published is never the switcher's target."""
    actions.UnpublishAction(newsroom["main"]["articles"][0], user=editor).execute()
    translated = newsroom["global"]["articles"][0]
    switch = soup(client.get(translated.get_absolute_url())).select_one(".editions a")
    assert switch["href"] == "/"


def test_home_shows_the_curated_top_story_and_slots_then_the_feed(client, newsroom):
    """The editors' top story and slots lead the home page; the latest fill the rest."""
    articles = newsroom["global"]["articles"]
    page = soup(client.get("/global/"))
    assert page.select_one(".top-story h2").get_text() == articles[2].headline
    featured = [h.get_text() for h in page.select(".featured h3")]
    assert featured[0] == articles[5].headline
    assert articles[2].headline not in featured
    assert page.select(".feed .items a")


def test_home_without_curation_shows_the_latest(client, newsroom):
    """With nothing curated the newest article is the top story."""
    page = soup(client.get("/"))
    assert page.select_one(".top-story h2").get_text() == newsroom["main"]["articles"][0].headline


def test_unpublished_top_story_falls_back_to_the_latest(client, newsroom, editor):
    """An unpublished top story is never shown."""
    articles = newsroom["global"]["articles"]
    actions.UnpublishAction(articles[2], user=editor).execute()
    page = soup(client.get("/global/"))
    assert articles[2].headline not in page.get_text()


def test_day_archive_lists_that_local_day(client, newsroom):
    """/YYYY/MM/DD/ lists the articles of that day in the edition's time zone."""
    article = newsroom["global"]["articles"][0]
    local = article.first_published_at.astimezone(article.edition.tz)
    page = soup(client.get(f"/global/{local:%Y/%m/%d}/"))
    headlines = [a.get_text() for a in page.select(".items a")]
    assert article.headline in headlines
    for other in Article.objects.published().filter(edition=article.edition):
        other_day = other.first_published_at.astimezone(article.edition.tz).date()
        assert (other.headline in headlines) == (other_day == local.date())


@pytest.mark.parametrize("url", ["/global/2025/02/30/", "/global/2025/13/01/",
                                 "/global/0/01/01/", "/global/99999/1/1/",
                                 "/global/tag/nope/", "/global/section/nope/",
                                 "/global/author/nope/", "/global/news/nope/", "/nope/",
                                 "/global/search/?page=0", "/global/search/?q=a&page=99999999"])
def test_bad_addresses_are_404(client, newsroom, url):
    """Unknown slugs and impossible dates are 404, never 500."""
    assert client.get(url).status_code == 404


def test_bad_page_number_is_400(client, newsroom):
    """A page number that is not a number is a 400."""
    assert client.get("/global/search/", {"q": "war", "page": "x"}).status_code == 400


def test_404_page_speaks_the_editions_language(client, newsroom):
    """The not-found page is in the edition's language, with its navigation."""
    page = soup_404 = BeautifulSoup(client.get("/news/nope/").content.decode(), "html.parser")
    assert page.html["lang"] == "uk"
    assert "Сторінку не знайдено" in soup_404.h1.get_text()
    page = BeautifulSoup(client.get("/global/news/nope/").content.decode(), "html.parser")
    assert page.html["lang"] == "en" and page.h1.get_text() == "Page not found"


def test_search_finds_published_articles_only(client, newsroom, make_draft):
    """Search lists matching published articles of the edition, each with its date line."""
    make_draft("Politics draft never shown")
    page = soup(client.get("/global/search/", {"q": "Politics"}))
    found = [a.get_text() for a in page.select(".results .result-headline a")]
    assert set(found) == {a.headline for a in newsroom["global"]["articles"]}
    assert len(page.select(".result-meta time")) == len(found)


def test_search_with_no_match_says_so(client, newsroom):
    """An empty result is a sentence, not an empty page."""
    page = soup(client.get("/global/search/", {"q": "zzyzx"}))
    assert "Nothing found" in page.get_text()


def test_search_queries_do_not_grow_with_the_results(client, make_published, settings):
    """A page of twenty results costs the queries of a page of two (snippets are cut
    from the rows read at once, not read one by one)."""
    settings.DATELINE_PAGE_CACHE = False
    for number in range(2):
        make_published(f"Grain corridor report {number}", lead="Ships sail.")
    few = _count_queries(client, "/global/search/?q=corridor")
    for number in range(2, 20):
        make_published(f"Grain corridor report {number}", lead="Ships sail.")
    assert _count_queries(client, "/global/search/?q=corridor") <= few


def test_hostile_text_is_escaped_everywhere(client, newsroom):
    """Headlines, names and tags with markup are shown as text on every page."""
    article = newsroom["global"]["articles"][0]
    for url in (article.get_absolute_url(), "/global/", "/global/news/",
                f"/global/author/{newsroom['reporter'].slug}/", "/global/search/?q=Politics"):
        html = client.get(url).content.decode()
        assert "</script>'" not in html and 'C > D "q"' not in html


def _count_queries(client, url):
    client.get(url)  # the first view makes image renditions; count a steady-state view
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_items_tags_and_authors(client, newsroom, make_draft,
                                                             settings):
    """A page costs the same number of queries with 10 or 100 items, tags and labels (on
    the home page: in its section rails and columns too)."""
    settings.DATELINE_PAGE_CACHE = False  # count what rendering costs, not a cache hit
    article = newsroom["global"]["articles"][0]
    urls = ["/global/", "/global/news/", article.get_absolute_url(),
            f"/global/tag/{newsroom['global']['tag'].slug}/"]
    edition, tag = article.edition, newsroom["global"]["tag"]
    section = newsroom["global"]["section"]
    label = Label.objects.get(edition=edition, name="Exclusive")
    now = newsroom["now"]

    def add(numbers):
        for n in numbers:
            extra = make_draft(f"Extra {n}", edition=edition, section=section,
                               kind="opinion" if n % 7 == 0 else "news")
            ArticleTag.objects.create(article=extra, tag=tag)
            extra.labels.add(label)
            publish_at(extra, now - timedelta(minutes=n + 1))
            extra_tag = Tag.objects.create(edition=edition, name=f"extra tag {n}")
            ArticleTag.objects.create(article=article, tag=extra_tag)
            RelatedArticle.objects.create(article=article, related=extra, sort_order=n)

    add(range(10))  # enough for every block of the home page
    before = {url: _count_queries(client, url) for url in urls}
    add(range(10, 100))
    after = {url: _count_queries(client, url) for url in urls}
    assert after == before
