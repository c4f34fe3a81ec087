"""The article list and the "Scheduled" list: what each row says, in how many queries."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dateline.newsroom import actions, scheduling
from dateline.newsroom.models import Article, ArticleAuthor, Author, Section

from .desk import url

pytestmark = pytest.mark.django_db


class Newsroom:
    """Articles in every state the desk names, with authors, sections and locks."""

    def __init__(self, make_draft, edition, owner, locker):
        self.make_draft, self.edition, self.owner, self.locker = (make_draft, edition, owner,
                                                                  locker)
        self.section = Section.objects.create(edition=edition, name="Zqfrontline")
        self.authors = [Author.objects.create(name=f"Zqwriter {n}") for n in range(2)]
        self.n = 0

    def draft(self, **fields):
        self.n += 1
        article = self.make_draft(f"Zqstory {self.n}", edition=self.edition, owner=self.owner,
                                  section=self.section, **fields)
        for author in self.authors:
            ArticleAuthor.objects.create(article=article, author=author)
        article.save_revision(user=self.owner)  # the authors are in the version to publish
        return article

    def one_of_each(self):
        """One article in each of the seven states, the last one locked; their pks."""
        now = timezone.now()
        made = {"draft": self.draft()}
        made["in_review"] = self.draft()
        made["in_review"].get_workflow().start(made["in_review"], self.owner)
        made["scheduled"] = self.draft(go_live_at=now + timedelta(hours=3))
        made["scheduled"].latest_revision.publish()
        made["published"] = actions.PublishAction(self.draft()).execute()
        made["changed"] = actions.PublishAction(self.draft()).execute()
        made["changed"].headline += " (rewritten)"
        made["changed"].save_revision()
        made["expired"] = actions.PublishAction(self.draft(expire_at=now + timedelta(seconds=1))).execute()
        scheduling.unpublish_expired(now=now + timedelta(seconds=5))
        made["retracted"] = actions.PublishAction(self.draft()).execute()
        actions.RetractAction(made["retracted"], note="Wrong.", user=None).execute(
            skip_permission_checks=True)
        Article.objects.filter(pk=made["draft"].pk).update(
            locked=True, locked_by=self.locker, locked_at=now)
        return {key: article.pk for key, article in made.items()}


@pytest.fixture
def newsroom(make_draft, global_edition, reporter, editor):
    editor.first_name, editor.last_name = "Ed", "Zqlocker"
    editor.save()
    return Newsroom(make_draft, global_edition, reporter, editor)


def _rows(html):
    """{article pk: the text of its row}."""
    rows = {}
    for row in re.findall(r"<tr[^>]*>.*?</tr>", html, re.S):
        match = re.search(r'snippets/newsroom/article/edit/(\d+)/', row)
        if match:
            rows[int(match.group(1))] = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row))
    return rows


def test_each_row_says_status_times_edition_section_authors_and_lock(client, editor, newsroom,
                                                                   main_edition):
    """The list names each article's state in words (draft, in review, scheduled, published,
    published with draft changes, expired, retracted), its go-live time in the edition's
    local time, its edition, section, authors and who holds its lock."""
    made = newsroom.one_of_each()
    client.force_login(editor)
    html = client.get(url("list")).content.decode()
    rows = _rows(html)
    expected = {"draft": "Draft", "in_review": "In review", "scheduled": "Scheduled",
                "published": "Published", "changed": "Published + draft changes",
                "expired": "Expired", "retracted": "Retracted"}
    for key, words in expected.items():
        row = rows[made[key]]
        assert f" {words} " in row, (key, row)
        assert "Dateline Global" in row and "Zqfrontline" in row
        assert "Zqwriter 0, Zqwriter 1" in row
    assert "Published + draft changes" not in rows[made["published"]]
    assert "Ed Zqlocker" in rows[made["draft"]]
    assert "Zqlocker" not in rows[made["published"]]
    go_live = Article.objects.get(pk=made["scheduled"]).go_live_at.astimezone(
        newsroom.edition.tz)
    assert f"{go_live:%H:%M} {go_live.tzname()}" in rows[made["scheduled"]]
    # Wagtail's "Translate" is still offered (each article exists in one of two languages).
    for pk in made.values():
        assert f"/admin/translation/submit/snippet/newsroom/article/{pk}/" in html


def test_times_are_shown_in_the_editions_time_zone(client, editor, newsroom, main_edition):
    """The same instant reads as Kyiv time for the Ukrainian edition and as London time for
    one set to Europe/London; the page carries the exact instant too."""
    newsroom.edition.time_zone = "Europe/London"
    newsroom.edition.save()
    at = datetime(2031, 1, 15, 12, 30, tzinfo=UTC)
    london = newsroom.draft(go_live_at=at)
    london.latest_revision.publish()
    newsroom.edition = main_edition
    newsroom.section = Section.objects.create(edition=main_edition, name="Zqfront")
    kyiv = newsroom.draft(go_live_at=at)
    kyiv.latest_revision.publish()
    client.force_login(editor)
    html = client.get(url("list")).content.decode()
    rows = _rows(html)
    assert "15 Jan 2031, 12:30 GMT" in rows[london.pk]
    assert "15 Jan 2031, 14:30 EET" in rows[kyiv.pk]
    assert 'datetime="2031-01-15T12:30:00+00:00"' in html


def _queries(client, page):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", ["list", "scheduled"])
def test_a_page_of_fifty_takes_as_many_queries_as_a_page_of_seven(client, editor, newsroom,
                                                                  page):
    """Authors, sections, editions, locks, schedules and reviews are fetched for the whole
    page at once: 7 articles or 50 (a full page), the list costs the same queries."""
    newsroom.one_of_each()
    client.force_login(editor)
    for _ in range(2):
        newsroom.draft(go_live_at=timezone.now() + timedelta(days=1)).latest_revision.publish()
    _queries(client, url(page))  # warm the per-process caches (content types, sites)
    few = _queries(client, url(page))
    for _ in range(50):
        article = newsroom.draft(go_live_at=timezone.now() + timedelta(days=2))
        article.latest_revision.publish()
        if article.pk % 3 == 0:
            article.get_workflow().start(article, newsroom.owner)
    many = _queries(client, url(page))
    assert many == few, (few, many)
    assert many <= 20


def test_the_scheduled_list_shows_only_scheduled_articles_soonest_first(client, editor,
                                                                       newsroom):
    """"Scheduled" lists what waits for its go-live time, the soonest first, and nothing
    else; it is in the Newsroom menu."""
    made = newsroom.one_of_each()
    now = timezone.now()
    later = newsroom.draft(go_live_at=now + timedelta(days=3))
    later.latest_revision.publish()
    sooner = newsroom.draft(go_live_at=now + timedelta(minutes=30))
    sooner.latest_revision.publish()
    client.force_login(editor)
    html = client.get(url("scheduled")).content.decode()
    assert list(_rows(html)) == [sooner.pk, made["scheduled"], later.pk]
    menu = client.get("/admin/").content.decode()
    assert url("scheduled") in menu


def test_the_lists_are_translated(client, editor, newsroom):
    """A Ukrainian-speaking editor reads the statuses and columns in Ukrainian."""
    made = newsroom.one_of_each()
    editor.wagtail_userprofile.preferred_language = "uk"
    editor.wagtail_userprofile.save()
    client.force_login(editor)
    html = client.get(url("list")).content.decode()
    rows = _rows(html)
    assert "Заплановано" in rows[made["scheduled"]]
    assert "Опубліковано + зміни в чернетці" in rows[made["changed"]]
    assert "Хто заблокував" in html and "Вихід" in html


def test_the_list_counts_up_to_its_cap_and_says_so(make_draft, monkeypatch):
    """An exact count of a million rows took 0.65 s a page: the list counts up to CAP
    and says "CAP+" beyond it; below it, the count is exact."""
    from dateline.newsroom.desk_lists import CappedPaginator

    monkeypatch.setattr(CappedPaginator, "CAP", 3)
    for n in range(5):
        make_draft(f"Story {n}")
    listing = Article.objects.order_by("-created_at")
    capped = CappedPaginator(listing, 2)
    assert capped.count == 4 and capped.items_count_label == "3+ articles"
    assert [a.headline for a in capped.page(1)] == ["Story 4", "Story 3"]
    exact = CappedPaginator(listing.filter(headline__in=["Story 1", "Story 2"]), 2)
    assert exact.count == 2 and exact.items_count_label == "2 articles"
