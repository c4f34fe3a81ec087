"""The reader's search page: filters, order, paging, counts, snippets with the words
marked, a helpful page when nothing is found, and clear errors for bad filters."""

from datetime import datetime, time, timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from dateline.conftest import HOSTILE
from dateline.newsroom.models import Article, ArticleAuthor, ArticleTag, Author, Label, Section, Tag
from dateline.search.tests.conftest import body

from .conftest import make_image

pytestmark = pytest.mark.django_db


def _page(client, **params):
    response = client.get("/global/search/", params)
    assert response.status_code == 200, response.content[:300]
    return BeautifulSoup(response.content, "html.parser")


def _headlines(page):
    return [" ".join(h.get_text().split()) for h in page.select(".results .result-headline")]


@pytest.fixture
def desk(global_edition, make_published):
    """Four stories about a port, with a section, a tag, an author and a label apiece."""
    war = Section.objects.create(edition=global_edition, name="War", slug="war")
    economy = Section.objects.create(edition=global_edition, name="Economy", slug="economy")
    grain = Tag.objects.create(edition=global_edition, name="Grain", slug="grain")
    author = Author.objects.create(name="Olena Port")
    exclusive = Label.objects.create(edition=global_edition, name="Exclusive", slug="exclusive")
    now = timezone.now()
    # Past days at their local noon: a date filter run just after midnight sees the same days.
    noon = datetime.combine(timezone.localdate(now, global_edition.tz), time(12),
                            tzinfo=global_edition.tz)
    made = {}
    for n, (headline, section, days_ago) in enumerate((
            ("Port of Odesa shelled again", war, 0), ("Port fees fall", economy, 1),
            ("Grain leaves the port", economy, 3), ("Port workers strike", war, 10))):
        article = make_published(headline, section=section, lead=f"Lead {n}.",
                                 body=body(f"Body of the story about the port, number {n}."))
        Article.objects.filter(pk=article.pk).update(
            first_published_at=now if days_ago == 0 else noon - timedelta(days=days_ago))
        made[headline] = article
    ArticleTag.objects.create(article=made["Grain leaves the port"], tag=grain)
    ArticleAuthor.objects.create(article=made["Port fees fall"], author=author)
    Article.labels.through.objects.create(article=made["Port workers strike"], label=exclusive)
    return made


def test_filters_narrow_the_results(client, desk):
    """Section, tag, author, label and a date range each narrow the results."""
    assert len(_headlines(_page(client, q="port"))) == 4
    assert set(_headlines(_page(client, q="port", section="war"))) == {
        "Port of Odesa shelled again", "Port workers strike"}
    assert _headlines(_page(client, q="port", tag="grain")) == ["Grain leaves the port"]
    assert _headlines(_page(client, q="port", author="olena-port")) == ["Port fees fall"]
    assert _headlines(_page(client, q="port", label="exclusive")) == ["Port workers strike"]
    today = timezone.localdate(timezone=Article.objects.first().edition.tz)
    start = (today - timedelta(days=5)).isoformat()
    assert set(_headlines(_page(client, q="port", start=start))) == {
        "Port of Odesa shelled again", "Port fees fall", "Grain leaves the port"}
    end = (today - timedelta(days=2)).isoformat()
    assert set(_headlines(_page(client, q="port", end=end))) == {
        "Grain leaves the port", "Port workers strike"}


def test_a_filter_in_force_can_be_removed(client, desk):
    """Each filter shows as a chip whose link is the same search without it."""
    page = _page(client, q="port", section="war", sort="newest")
    (chip,) = page.select(".search-chips li")
    assert "War" in chip.get_text()
    link = chip.a["href"]
    assert "section" not in link and "q=port" in link and "sort=newest" in link


def test_newest_first_pages_with_a_cursor(client, desk, monkeypatch):
    """Sorted by date, results come newest first and the next page continues by cursor."""
    monkeypatch.setattr("dateline.site.views.SEARCH_PAGE_SIZE", 3)
    page = _page(client, q="port", sort="newest")
    assert _headlines(page) == ["Port of Odesa shelled again", "Port fees fall",
                                "Grain leaves the port"]
    more = page.select_one("a.more")["href"]
    assert "cursor=" in more and "sort=newest" in more
    assert _headlines(BeautifulSoup(client.get("/global/search/" + more).content,
                                    "html.parser")) == ["Port workers strike"]


def test_relevance_pages_by_number_and_counts_the_results(client, desk, monkeypatch):
    """By relevance, page 2 follows page 1 with nothing twice; the count is of them all."""
    monkeypatch.setattr("dateline.site.views.SEARCH_PAGE_SIZE", 3)
    first = _page(client, q="port")
    assert "4 articles found" in first.select_one(".search-count").get_text()
    second = _page(client, q="port", page=2)
    assert len(set(_headlines(first)) | set(_headlines(second))) == 4


def test_the_snippet_marks_the_words_found_and_escapes_the_rest(client, make_published):
    """Lead and body text are untrusted: escaped; the words found are in <mark>. Words
    found only in the body give the snippet of the body where they are."""
    make_published("Zq hostile", lead=HOSTILE, body=body("Missiles hit the harbour at dawn."))
    page = _page(client, q="missile harbour")
    snippet = page.select_one(".results .snippet")
    assert [mark.get_text() for mark in snippet("mark")] == ["Missiles", "harbour"]
    assert "<script>" not in str(page.select_one(".results"))
    assert snippet.get_text().startswith("Missiles hit the harbour at dawn")


def test_a_result_shows_its_lead_with_the_words_marked(client, make_published):
    """Words found in the lead (or in the headline only) show the whole lead, escaped,
    the words in <mark>, rather than a piece of the body."""
    make_published("Harbour report", lead=f"Missiles hit the harbour. {HOSTILE}",
                   body=body("The harbour master spoke later."))
    page = _page(client, q="harbour")
    snippet = page.select_one(".results .snippet")
    assert snippet.get_text() == f"Missiles hit the harbour. {HOSTILE}"
    assert [mark.get_text() for mark in snippet("mark")] == ["harbour"]
    assert "&lt;/script&gt;" in str(snippet)
    page = _page(client, q="report")
    assert page.select_one(".results .snippet").get_text() == f"Missiles hit the harbour. {HOSTILE}"


def test_a_result_shows_its_picture_lazily_and_sized(client, make_published):
    """A result with a main image shows it small, loaded lazily, with its size given."""
    make_published("Grain harbour", lead="Ships sail.", main_image=make_image())
    picture = _page(client, q="grain").select_one(".results .result-picture")
    assert picture["loading"] == "lazy" and picture["width"] and picture["height"]
    assert picture["alt"] == ""


def test_nothing_found_suggests_the_latest_news_and_the_sections(client, desk):
    """An empty result says so and offers the latest news and the edition's sections."""
    page = _page(client, q="zzyzx")
    nothing = page.select_one(".nothing-found")
    assert "Nothing found" in nothing.get_text()
    assert nothing.select(".items a")[0].get_text() == "Port of Odesa shelled again"
    assert {a.get_text() for a in nothing.select(".search-sections a")} == {"War", "Economy"}


@pytest.mark.parametrize("params,message", [
    ({"section": "nope"}, "There is no such section."),
    ({"tag": "nope"}, "There is no such tag."),
    ({"author": "nope"}, "There is no such author."),
    ({"label": "nope"}, "There is no such label."),
    ({"start": "2026-02-30"}, "Enter a valid date."),
    ({"start": "2026-03-02", "end": "2026-03-01"}, "The first day comes after the last."),
    ({"sort": "random"}, "Select a valid choice."),
    ({"sort": "newest", "cursor": "x"}, "This “More results” link is broken."),
])
def test_bad_filters_are_a_400_that_says_why(client, desk, params, message):
    response = client.get("/global/search/", {"q": "port", **params})
    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_ukrainian_edition_searches_in_ukrainian(client, make_published, main_edition):
    """«Києві» finds «Київ» on the Ukrainian edition's page, in its language."""
    make_published("У Києві відкрили новий міст", edition=main_edition)
    response = client.get("/search/", {"q": "Київ"})
    page = BeautifulSoup(response.content, "html.parser")
    assert page.html["lang"] == "uk"
    assert _headlines(page) == ["У Києві відкрили новий міст"]
    assert page.select_one(".results mark").get_text() == "Києві"


def test_past_what_its_pages_can_show_the_count_says_more_than(client, desk, monkeypatch):
    """The count stops where the numbered pages do: a common word's hundred thousand
    matches are "more than" that, not counted."""
    monkeypatch.setattr("dateline.site.views.MAX_SEARCH_COUNT", 3)
    count = _page(client, q="port").select_one(".search-count").get_text()
    assert "More than 3 articles found" in count
    monkeypatch.setattr("dateline.site.views.MAX_SEARCH_COUNT", 4)
    assert " ".join(_page(client, q="Port").select_one(".search-count").get_text().split()) \
        == "4 articles found"  # (another address than the page cached above)
