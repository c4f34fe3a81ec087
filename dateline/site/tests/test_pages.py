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


# -- the article's kicker, byline pictures, share row and "Read also" cards ---------------

@pytest.mark.parametrize("code", ["main", "global"])
def test_article_has_its_section_as_a_kicker_above_the_headline(client, newsroom, code):
    """The section's name, linked to its page, comes before the headline."""
    article, section = newsroom[code]["articles"][0], newsroom[code]["section"]
    header = soup(client.get(article.get_absolute_url())).select_one("main article header")
    kicker = header.select_one(".section-kicker a")
    assert kicker.get_text() == section.name
    assert kicker["href"] == edition_url(article.edition, "section", section.slug)
    children = header.find_all(recursive=False)
    assert children.index(kicker.parent) < children.index(header.h1)


@pytest.mark.parametrize("code,names", [
    ("main", ["Копіювати посилання", "Telegram", "Facebook", "X", "WhatsApp", "Поштою"]),
    ("global", ["Copy link", "Telegram", "Facebook", "X", "WhatsApp", "E-mail"])])
def test_share_row_links_the_canonical_address_and_headline_encoded(client, newsroom, code,
                                                                    names):
    """Each link carries the article's canonical address and its headline (with &, <, quotes
    and #) percent-encoded into its own parameter; the networks open in a new tab with
    rel=noopener; every link has an accessible name in the edition's language."""
    from urllib.parse import parse_qs, urlsplit

    from dateline.newsroom.addresses import article_url

    article = newsroom[code]["articles"][0]
    canonical = article_url(article.edition, article.slug)
    page = soup(client.get(article.get_absolute_url()))
    links = page.select(".share a")
    assert [a.get_text() for a in links] == names
    copy, telegram, facebook, x, whatsapp, email = links
    assert copy["href"] == canonical and copy.has_attr("data-copy")
    for link in (telegram, facebook, x, whatsapp):
        assert link["target"] == "_blank" and "noopener" in link["rel"]
        assert urlsplit(link["href"]).scheme == "https"
    assert parse_qs(urlsplit(telegram["href"]).query) == {"url": [canonical],
                                                          "text": [article.headline]}
    assert parse_qs(urlsplit(facebook["href"]).query) == {"u": [canonical]}
    assert parse_qs(urlsplit(x["href"]).query) == {"url": [canonical], "text": [article.headline]}
    assert parse_qs(urlsplit(whatsapp["href"]).query) == {
        "text": [f"{article.headline} {canonical}"]}
    assert email["href"].startswith("mailto:?")
    assert parse_qs(urlsplit(email["href"]).query) == {
        "subject": [article.headline], "body": [f"{article.headline}\n{canonical}"]}
    labels = [a["aria-label"] for a in links]
    for name, label in zip(names, labels, strict=True):
        assert name.lower() in label.lower()  # the visible name is in the accessible one
    if code == "main":
        assert labels[1] == "Поділитися в Telegram" and labels[5] == "Надіслати поштою"
    else:
        assert labels[1] == "Share on Telegram" and labels[5] == "Share by e-mail"


def test_read_also_cards_have_picture_labels_and_headline(client, newsroom):
    """Each card shows its story's picture (lazy, sized, 16:9), its labels and its
    headline linked; a card never repeats the article itself."""
    article = newsroom["global"]["articles"][0]
    page = soup(client.get(article.get_absolute_url()))
    cards = page.select(".read-also .card")
    assert len(cards) == 5
    for card in cards:
        picture = card.select_one("img.card-picture")
        assert picture["loading"] == "lazy" and picture["alt"] == ""
        assert int(picture["width"]) * 9 == int(picture["height"]) * 16
    labels = {card.select_one(".card-headline a").get_text():
              [label.get_text() for label in card.select(".card-labels .label")] for card in cards}
    articles = newsroom["global"]["articles"]
    assert labels[articles[1].headline] == ["OPINION"]
    assert labels[articles[2].headline] == ["Exclusive"]
    assert labels[articles[3].headline] == ["Updated"]
    assert labels[articles[4].headline] == []


def test_the_byline_shows_the_pictures_of_authors_who_have_one(client, newsroom):
    """An author with a photo has it beside the byline: small, lazy, sized, decorative."""
    from .conftest import make_image

    column, news = newsroom["global"]["articles"][1], newsroom["global"]["articles"][0]
    assert not soup(client.get(column.get_absolute_url())).select(".byline img")
    newsroom["columnist"].photo = make_image(title="Portrait", size=(400, 400))
    newsroom["columnist"].save()
    byline = soup(client.get(column.get_absolute_url())).select_one(".byline")
    photo = byline.select_one("img.byline-photo")
    assert photo["loading"] == "lazy" and photo["alt"] == ""
    assert photo["width"] == photo["height"] == "96"
    assert byline.get_text() == "Column by Vitaly Portnikov"
    assert not soup(client.get(news.get_absolute_url())).select(".byline img")


def test_the_feed_beside_an_article_can_collapse_to_its_first_day(client, newsroom):
    """The feed after the article is marked to collapse to its first day on phones, with a
    "More news" link that goes on from the second day on the news page."""
    article = newsroom["global"]["articles"][0]
    feed = soup(client.get(article.get_absolute_url())).select_one("aside .feed")
    days = feed.select(".day")
    assert len(days) >= 2 and "collapsed" in feed["class"]
    reveal = feed.select_one("a.reveal[data-reveal]")
    assert reveal.get_text() == "More news"
    first_day = [a.get_text() for a in feed.select(".items")[0].select("a")]
    rest = soup(client.get(reveal["href"]))
    shown = [a.get_text() for a in rest.select(".items a")]
    later = [a.get_text() for items in feed.select(".items")[1:] for a in items.select("a")]
    assert shown[:len(later)] == later and not set(first_day) & set(shown)
    home_feed = soup(client.get("/global/")).select_one("aside .feed")
    assert "collapsed" not in home_feed["class"] and not home_feed.select("a.reveal")


# -- section, tag and author pages ---------------------------------------------------------

@pytest.mark.parametrize("code", ["main", "global"])
def test_section_page_leads_with_its_newest_story_then_lists_the_rest(client, newsroom, code,
                                                                     monkeypatch):
    """The newest story of the section leads (picture with renditions, headline, lead);
    the list below does not repeat it; the next page is the plain list."""
    from functools import partial

    from dateline.site import feed, views

    three = partial(feed.read_chunk, size=3)
    monkeypatch.setattr(views, "read_chunk", three)  # later pages
    monkeypatch.setattr(feed, "read_chunk", three)  # the first, kept (feed.first_chunk)
    articles, section = newsroom[code]["articles"], newsroom[code]["section"]
    prefix = "" if code == "main" else "/global"
    page = soup(client.get(f"{prefix}/section/{section.slug}/"))
    lead = page.select_one(".section-lead")
    assert lead.h2.get_text() == articles[0].headline
    assert lead.select_one(".lead").get_text() == "Lead 0"
    picture = lead.img
    assert picture.get("loading") != "lazy" and picture["srcset"].count("w,") >= 2
    listed = [a.get_text() for a in page.select(".items a")]
    assert listed == [a.headline for a in articles[1:4]]
    second = soup(client.get(page.select_one("a.more")["href"]))
    assert second.select_one(".section-lead") is None
    assert [a.get_text() for a in second.select(".items a")] == [a.headline for a in articles[4:]]


def _tag_page(client, newsroom):
    return soup(client.get(f"/global/tag/{newsroom['global']['tag'].slug}/"))


def _a_day_apart(newsroom):
    for n, article in enumerate(newsroom["global"]["articles"]):
        publish_at(article, newsroom["now"] - timedelta(days=n))


def test_a_sparse_tag_page_is_a_plain_list_with_dates(client, newsroom):
    """Stories of a tag a day apart: no day headers, each item dated."""
    _a_day_apart(newsroom)
    page = _tag_page(client, newsroom)
    assert page.select(".day") == []
    items = page.select(".items.dated li")
    assert len(items) == 6
    first = newsroom["global"]["articles"][0]
    local = first.first_published_at.astimezone(first.edition.tz)
    assert items[0].time.get_text() == f"{local.day} {local:%B %Y}, {local:%H:%M}"


def test_a_busy_tag_page_groups_its_stories_by_day(client, newsroom, make_draft):
    """Several stories a day under a tag: the page heads each day, as the news feed does."""
    _a_day_apart(newsroom)
    edition, tag, now = newsroom["global"]["section"].edition, newsroom["global"]["tag"], newsroom["now"]
    for n in range(20):
        extra = make_draft(f"Busy {n}", edition=edition)
        ArticleTag.objects.create(article=extra, tag=tag)
        extra.save_revision()
        publish_at(extra, now - timedelta(minutes=n + 1))
    page = _tag_page(client, newsroom)
    assert len(page.select(".items li")) == 26, page.select(".items li")[:3]
    assert page.select(".day") and not page.select(".items.dated")


def test_a_sparse_author_page_is_a_plain_list_and_the_news_keeps_its_days(client, newsroom):
    """An author's page follows the tag's rule; the news feed always heads its days."""
    _a_day_apart(newsroom)
    page = soup(client.get(f"/global/author/{newsroom['reporter'].slug}/"))
    assert page.select(".items.dated li") and not page.select(".day")
    assert soup(client.get("/global/news/")).select(".day")


def test_the_busy_rule_is_several_stories_a_day_on_average():
    """Three stories a day on average head the days; fewer do not."""
    from dateline.site.feed import Chunk, Day

    def chunk(*sizes):
        return Chunk(days=[Day(date=n, first=None, items=list(range(size)))
                           for n, size in enumerate(sizes)], next_cursor=None)

    assert chunk(3, 3).busy and chunk(5, 1).busy and chunk(1).busy is False
    assert not chunk(2, 2, 1).busy and not chunk(1, 1, 1, 1).busy
