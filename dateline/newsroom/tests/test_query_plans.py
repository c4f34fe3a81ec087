"""The site's hot lists are index range scans, on SQLite and PostgreSQL.

"The latest N published articles of an edition (or section, tag, author) before time T"
must read N index entries, not scan and sort the table: these tests ask each database
for its plan and fail on a table scan or a sort. docs/query-plans.md shows the same
plans at 1,000,000 articles.
"""

import re
from datetime import timedelta

import pytest
from django.db import connection, transaction

from dateline.newsroom.models import Article, Author, Section, Tag

pytestmark = pytest.mark.django_db


@pytest.fixture
def lists(global_edition, now):
    tag = Tag.objects.create(edition=global_edition, name="tag")
    author = Author.objects.create(name="Author")
    section = Section.objects.create(edition=global_edition, name="Section")
    before = (now - timedelta(minutes=1), 1000)
    published = Article.objects.published()
    return {
        "article_edition_feed": published.filter(edition=global_edition)
        .newest_first(before=before)[:20],
        "article_section_feed": published.filter(section=section)
        .newest_first(before=before)[:20],
        "article_tag_feed": published.tagged(tag, before=before)[:20],
        "article_author_feed": published.by_author(author, before=before)[:20],
        # The desk (docs/desk.md): its list, newest first, whole or by a rarer state, and
        # the dashboard's recently published.
        "article_desk_all": Article.objects.order_by("-created_at")[:50],
        "article_desk_expired": Article.objects.filter(expired=True)
        .order_by("-created_at")[:50],
        "article_desk_retracted": Article.objects.filter(retracted_at__isnull=False)
        .order_by("-created_at")[:50],
        "article_desk_changed": Article.objects.filter(live=True, has_unpublished_changes=True)
        .order_by("-created_at")[:50],
        "article_desk_recent": Article.objects.filter(live=True)
        .order_by("-last_published_at", "-id")[:8],
    }


def _plan(queryset):
    if connection.vendor == "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:
            # Tables this small would be read whole; forbid that to see which index
            # the query can use, and whether the index gives the order without a sort.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_sort = off")
            return queryset.explain()
    return queryset.explain()


@pytest.mark.parametrize("index", ["article_edition_feed", "article_section_feed",
                                   "article_tag_feed", "article_author_feed",
                                   "article_desk_all", "article_desk_expired",
                                   "article_desk_retracted", "article_desk_changed",
                                   "article_desk_recent"])
def test_latest_list_is_an_index_range_scan_without_sort(lists, index):
    """Each hot list reads its own index in order: no table scan, no sort."""
    plan = _plan(lists[index])
    assert index in plan
    if connection.vendor == "sqlite":
        assert "TEMP B-TREE" not in plan
        # In the index's order: a range ("SEARCH") or, for a whole list, the index from
        # its start ("SCAN … USING INDEX", stopped by the limit), never the table itself.
        assert re.search(r"SCAN newsroom_article(?! USING (COVERING )?INDEX)", plan) is None
    else:
        assert "Sort" not in plan.replace("Sort Key", "")
        assert "Seq Scan" not in plan


@pytest.mark.parametrize("first_page", [True, False])
def test_corrections_are_read_from_the_notes_time_index_without_sort(global_edition, now,
                                                                     first_page):
    """The corrections page walks the notes' time index newest first and checks each
    note's article by its key: no table scan, no sort, however many articles there are."""
    from dateline.newsroom.corrections import corrections_of

    before = None if first_page else (now - timedelta(minutes=1), 1000)
    plan = _plan(corrections_of(global_edition, before)[:41])
    assert "newsroom_note_time" in plan
    if connection.vendor == "sqlite":
        assert "TEMP B-TREE" not in plan
        assert "SCAN newsroom_article\n" not in plan + "\n"
        assert "LIST SUBQUERY" not in plan
    else:
        assert "Sort" not in plan.replace("Sort Key", "")
        assert "Seq Scan" not in plan
