"""The desk searches the same index: the article list and the article chooser ("Read
also", front-page slots) find drafts and published articles by any form of a word, as one
types; the public search finds only what is published."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from dateline.newsroom import actions

pytestmark = pytest.mark.django_db

LIST = "wagtailsnippets_newsroom_article:list"
CHOOSER = "wagtailsnippetchoosers_newsroom_article:choose_results"


def _rows(html):
    """The headlines the list or chooser shows (its links' text)."""
    return {" ".join(link.get_text().split()) for link in BeautifulSoup(html, "html.parser")("a")
            if "Zq" in link.get_text()}


@pytest.fixture
def newsroom(write, make_draft, main_edition):
    return {
        "published": write("Zq удари по Харкову", "Рятувальники на місці.", edition="main"),
        "draft": make_draft("Zq ракетного удару чекали вночі", edition=main_edition),
        "other": write("Zq погода", "Без опадів.", edition="main"),
    }


def test_the_article_list_finds_drafts_and_published_by_an_inflected_word(client, editor,
                                                                            newsroom):
    """An editor who types «удар» finds «удари» (published) and «удару» (a draft)."""
    client.force_login(editor)
    response = client.get(reverse(LIST), {"q": "удар"})
    assert response.status_code == 200
    assert _rows(response.content.decode()) >= {"Zq удари по Харкову",
                                                 "Zq ракетного удару чекали вночі"}
    assert "Zq погода" not in _rows(response.content.decode())


def test_the_article_list_searches_as_one_types(client, editor, newsroom):
    """A word being typed («ракетн») matches the words it begins; the finished words before
    it must all match."""
    client.force_login(editor)
    found = _rows(client.get(reverse(LIST), {"q": "удару ракетн"}).content.decode())
    assert found == {"Zq ракетного удару чекали вночі"}


def test_the_public_search_finds_the_published_article_only(client, newsroom):
    """The reader's search, on the same index, never shows the draft."""
    page = BeautifulSoup(client.get("/search/", {"q": "удар"}).content, "html.parser")
    assert [" ".join(h.get_text().split()) for h in page.select(".results h2")] == [
        "Zq удари по Харкову"]


def test_the_article_chooser_finds_articles_by_an_inflected_word(client, editor, newsroom):
    """The chooser of "Read also" and front-page slots finds «удари» by «ударами»."""
    client.force_login(editor)
    response = client.get(reverse(CHOOSER), {"q": "ударами"})
    assert response.status_code == 200
    assert "Zq удари по Харкову" in response.content.decode()


def test_the_desk_finds_a_published_articles_new_headline_once_republished(client, editor,
                                                                          newsroom):
    """A correction published on the desk is what the index holds afterwards."""
    article = newsroom["published"]
    article.headline = article.lead = "Zq обстріл Харкова"
    article.save_revision(user=editor)
    actions.PublishAction(article, user=editor).execute()
    client.force_login(editor)
    assert _rows(client.get(reverse(LIST), {"q": "обстріли"}).content.decode()) == {
        "Zq обстріл Харкова"}
    page = BeautifulSoup(client.get("/search/", {"q": "удари"}).content, "html.parser")
    assert not page.select(".results") and page.select(".nothing-found")


def test_by_relevance_the_list_shows_the_best_matches_in_order(client, editor, newsroom,
                                                              write, monkeypatch):
    """The desk's list, searched by relevance, holds its ``DESK_BEST`` best matches (at a
    million articles a common word has hundreds of thousands), best first."""
    from dateline.newsroom.models import Article
    from dateline.search import backend
    from dateline.search.reading import find

    write("Zq удар удар: удари по місту", "Удари тривали.", edition="main")
    monkeypatch.setattr(backend, "DESK_BEST", 2)
    client.force_login(editor)
    page = BeautifulSoup(client.get(reverse(LIST), {"q": "удар"}).content, "html.parser")
    shown = [" ".join(link.get_text().split()) for link in page("a") if "Zq" in link.get_text()]
    best = list(find(Article.objects.all(), "удар").values_list("headline", flat=True))
    assert len(best) == 3
    assert list(dict.fromkeys(shown)) == best[:2]
