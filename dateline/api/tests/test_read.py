import json
from datetime import timedelta

import pytest

from dateline.conftest import HOSTILE
from dateline.ingest.importer import Ingester
from dateline.newsroom.models import Article, Tag

from .conftest import BASE, make_article, publish_at

pytestmark = pytest.mark.django_db


def headlines(response):
    return [item["headline"] for item in response.json()["items"]]


def test_editions_are_listed_and_each_can_be_read(world, anonymous):
    """Editions come with code, language and time zone; an unknown code is a 404."""
    listed = anonymous.get("/editions").json()["items"]
    assert [edition["code"] for edition in listed] == ["main", "global"]
    one = anonymous.get("/editions/global").json()
    assert (one["language"], one["time_zone"], one["url"]) == (
        "en", "Europe/Kyiv", "http://127.0.0.1:8000/global/")
    assert anonymous.get("/editions/nope").status_code == 404


def test_articles_are_published_only_newest_first(world, anonymous):
    """Drafts, scheduled, retracted and other editions' articles are never listed."""
    response = anonymous.get("/editions/global/articles")
    assert response.status_code == 200
    assert headlines(response) == ["Story 4", "Story 3", "Story 2", "Story 1", "Story 0"]
    assert response.json()["next_cursor"] is None
    text = response.content.decode()
    for hidden in ("Secret draft", "Scheduled story", "Retracted story", "Головна новина",
                   "secret merger"):
        assert hidden not in text


def test_cursor_pages_have_no_gaps_or_repeats_while_news_arrives(world, anonymous,
                                                                global_edition):
    """A cursor names the last item seen; news published meanwhile does not shift pages."""
    first = anonymous.get("/editions/global/articles", {"limit": 2}).json()
    assert [item["headline"] for item in first["items"]] == ["Story 4", "Story 3"]
    publish_at(make_article(global_edition, "Breaking"), world["now"])
    second = anonymous.get("/editions/global/articles",
                           {"limit": 2, "cursor": first["next_cursor"]}).json()
    third = anonymous.get("/editions/global/articles",
                          {"limit": 2, "cursor": second["next_cursor"]}).json()
    assert [item["headline"] for item in second["items"] + third["items"]] == [
        "Story 2", "Story 1", "Story 0"]
    assert third["next_cursor"] is None


@pytest.mark.parametrize("filters, expected", [
    ({"section": "politics"}, ["Story 4", "Story 2", "Story 0"]),
    ({"tag": "war"}, ["Story 2", "Story 1", "Story 0"]),
    ({"author": "jane-doe"}, ["Story 3", "Story 2", "Story 1", "Story 0"]),
    ({"label": "opinion"}, ["Story 1"]),
    ({"tag": "war", "author": "jane-doe", "section": "politics"}, ["Story 2", "Story 0"]),
    ({"tag": "war", "limit": 1}, ["Story 2"]),
])
def test_filters_by_section_tag_author_and_label(world, anonymous, filters, expected):
    """Filters narrow the list and combine."""
    assert headlines(anonymous.get("/editions/global/articles", filters)) == expected


def test_tag_and_author_lists_page_by_cursor(world, anonymous):
    """The tag and author lists page with the same cursor as the edition's list."""
    first = anonymous.get("/editions/global/articles", {"tag": "war", "limit": 2}).json()
    rest = anonymous.get("/editions/global/articles",
                         {"tag": "war", "limit": 2, "cursor": first["next_cursor"]}).json()
    assert [item["headline"] for item in first["items"] + rest["items"]] == [
        "Story 2", "Story 1", "Story 0"]


def test_date_range_and_updated_since(world, anonymous):
    """published_after/before bound the publication time; updated_since the last publish."""
    now = world["now"]
    after = (now - timedelta(minutes=8, seconds=30)).isoformat()
    before = (now - timedelta(minutes=6, seconds=30)).isoformat()
    assert headlines(anonymous.get("/editions/global/articles", {
        "published_after": after, "published_before": before})) == ["Story 3", "Story 2"]
    Article.objects.filter(pk=world["published"][0].pk).update(last_published_at=now)
    assert headlines(anonymous.get("/editions/global/articles", {
        "updated_since": (now - timedelta(seconds=1)).isoformat()})) == ["Story 0"]


def test_times_without_a_zone_are_the_editions_local_time(world, anonymous):
    """A naive time in a filter is read in the edition's zone (Kyiv), not UTC."""
    local = world["published"][2].first_published_at.astimezone(
        world["published"][2].edition.tz).replace(tzinfo=None)
    assert headlines(anonymous.get("/editions/global/articles", {
        "published_after": local.isoformat(), "published_before": (
            local + timedelta(seconds=1)).isoformat()})) == ["Story 2"]


def test_one_article_as_our_json(world, anonymous):
    """An article carries its text, body blocks, classification and times in its zone."""
    article = world["published"][1]
    data = anonymous.get(f"/articles/{article.pk}").json()
    assert data["headline"] == "Story 1" and data["lead"] == "Lead 1"
    assert data["url"] == "http://127.0.0.1:8000/global/news/story-1/"
    assert data["body"][0]["type"] == "paragraph" and data["body"][0]["html"] == "<p>Body 1</p>"
    assert data["tags"] == [{"slug": "war", "name": "war"}]
    assert data["labels"] == [{"slug": "opinion", "name": "OPINION"}]
    assert data["authors"] == [{"slug": "jane-doe", "name": "Jane Doe"}]
    assert data["first_published_at"].endswith(("+02:00", "+03:00"))


def test_hostile_text_is_json_not_markup(world, anonymous):
    """A hostile author name arrives as the same string, JSON-escaped, never as HTML."""
    data = anonymous.get(f"/articles/{world['published'][4].pk}").json()
    assert data["authors"][0]["name"] == HOSTILE


@pytest.mark.parametrize("path", ["draft", "scheduled", "retracted"])
def test_unpublished_articles_are_404_for_everyone_without_the_right(world, anonymous,
                                                                   as_role, path):
    """A draft, scheduled or retracted article is not in any public response, not even
    for a token: public reads are published() only."""
    article = world[path]
    for client in (anonymous, as_role("editor")):
        response = client.get(f"/articles/{article.pk}")
        assert response.status_code == 404
        assert article.headline not in response.content.decode()


def test_ninjs_by_parameter_and_by_accept_header(world, anonymous):
    """?format=ninjs and Accept: application/ninjs+json give a ninjs 2.x item."""
    article = world["published"][1]
    by_parameter = anonymous.get(f"/articles/{article.pk}", {"format": "ninjs"})
    by_header = anonymous.get(f"/articles/{article.pk}", Accept="application/ninjs+json")
    for response in (by_parameter, by_header):
        assert response["Content-Type"] == "application/ninjs+json"
        item = json.loads(response.content)
        assert item["standard"] == {"name": "ninjs", "version": "2.1"}
        assert item["headlines"] == [{"role": "main", "value": "Story 1"}]
        assert item["bodies"][0]["value"] == "<p>Body 1</p>"
        assert item["by"] == "Jane Doe" and item["genres"][0]["name"] == "OPINION"
        assert item["subjects"][0]["uri"] == "http://127.0.0.1:8000/global/tag/war/"
    assert by_parameter.content == by_header.content
    listed = anonymous.get("/editions/global/articles", {"format": "ninjs", "limit": 1}).json()
    assert listed["items"][0]["uri"].endswith("/global/news/story-4/")


def test_our_ninjs_can_be_ingested_again(world, anonymous, main_edition):
    """What the API gives as ninjs, ingest reads back: headline, lead, body, authors, tags."""
    item = anonymous.get(f"/articles/{world['published'][1].pk}", {"format": "ninjs"}).content
    report = Ingester(main_edition).ingest_bytes(item, origin="api")
    assert report.count("new") == 1, report.outcomes
    copy = Article.objects.get(edition=main_edition, headline="Story 1")
    assert copy.lead == "Lead 1" and copy.body[0].value.source == "<p>Body 1</p>"
    assert [author.name for author in copy.ordered_authors()] == ["Jane Doe"]
    assert [link.tag.name for link in copy.tag_links.all()] == ["war"]


def test_authors_tags_sections_and_labels(world, anonymous):
    """Reference lists: tags only when they have a published article (no draft leaks)."""
    authors = anonymous.get("/authors").json()
    assert [author["name"] for author in authors["items"]] == ["Jane Doe", HOSTILE]
    assert anonymous.get("/authors/jane-doe").json()["role"] == "Reporter"
    assert anonymous.get("/authors/nobody").status_code == 404
    assert anonymous.get("/editions/global/tags").json()["items"] == [
        {"slug": "war", "name": "war"}]
    assert Tag.objects.filter(name="secret merger").exists()
    assert anonymous.get("/editions/global/sections").json()["items"] == [
        {"slug": "politics", "name": "Politics", "position": 0}]
    assert anonymous.get("/editions/global/labels").json()["items"] == [
        {"slug": "opinion", "name": "OPINION"}]


def test_author_list_pages_by_cursor(world, anonymous):
    """Authors page by cursor too."""
    first = anonymous.get("/authors", {"limit": 1}).json()
    second = anonymous.get("/authors", {"limit": 1, "cursor": first["next_cursor"]}).json()
    assert [first["items"][0]["name"], second["items"][0]["name"]] == ["Jane Doe", HOSTILE]
    assert second["next_cursor"] is None


def test_anonymous_reads_are_cacheable_with_etags(world, anonymous):
    """Public for shared caches, revalidated by browsers, with an ETag; the same ETag back
    gives a 304."""
    response = anonymous.get("/editions/global/articles")
    assert response["Cache-Control"].startswith("public, max-age=0, s-maxage=")
    assert "Accept" in response["Vary"] and "Authorization" in response["Vary"]
    etag = response["ETag"]
    again = anonymous.get("/editions/global/articles", **{"If-None-Match": etag})
    assert again.status_code == 304 and again["ETag"] == etag and again.content == b""
    article = anonymous.get(f"/articles/{world['published'][0].pk}")
    assert article["Cache-Control"] == response["Cache-Control"]
    changed = anonymous.get("/editions/global/articles", **{"If-None-Match": 'W/"other"'})
    assert changed.status_code == 200


def test_token_responses_are_private_and_errors_are_not_stored(world, as_role, anonymous):
    """Anything answered for a token is private, no-store; errors are no-store."""
    response = as_role("editor").get("/editions/global/articles")
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    assert "ETag" not in response
    assert anonymous.get("/articles/999999")["Cache-Control"] == "no-store"


def test_list_queries_do_not_grow_with_the_page(world, anonymous, global_edition,
                                                django_assert_max_num_queries):
    """A page of articles costs a fixed number of queries, however many items it has."""
    for n in range(15):
        publish_at(make_article(global_edition, f"Extra {n}", tags=[world["war"]],
                                authors=[world["jane"]]),
                   world["now"] - timedelta(hours=1, minutes=n))
    with django_assert_max_num_queries(12):
        response = anonymous.get("/editions/global/articles", {"limit": 20})
    assert len(response.json()["items"]) == 20


@pytest.mark.parametrize("path", [
    "/editions", "/editions/global", "/editions/global/sections", "/editions/global/labels",
    "/editions/global/tags", "/authors", "/editions/global/articles",
    "/editions/global/articles?format=ninjs",
])
def test_head_is_answered_wherever_get_is(world, anonymous, path):
    """HEAD gets GET's status and headers, without a body; a write-only address still
    says which methods it takes."""
    got = anonymous.get(path)
    head = anonymous.client.head(BASE + path)
    assert (head.status_code, head["Content-Type"], head["ETag"]) == (
        got.status_code, got["Content-Type"], got["ETag"])
    assert got.status_code == 200 and head.content == b""


def test_head_of_one_article_and_of_a_write_only_address(world, anonymous):
    """An article answers HEAD as GET; POST-only /articles answers 405 naming its methods."""
    pk = world["published"][0].pk
    assert anonymous.client.head(f"{BASE}/articles/{pk}").status_code == 200
    refused = anonymous.client.head(f"{BASE}/articles")
    assert refused.status_code == 405 and "POST" in refused["Allow"]
