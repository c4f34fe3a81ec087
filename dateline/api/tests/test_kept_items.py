"""The article list's items are made once per change of their article, per format
(``serializers.kept``); the page cache is off here, so what is tested is the kept items."""

import functools

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dateline.api import serializers
from dateline.newsroom import actions
from dateline.newsroom.models import Article

pytestmark = pytest.mark.django_db

LIST = "/editions/global/articles"


@pytest.fixture(autouse=True)
def _page_cache_off(settings):
    settings.DATELINE_PAGE_CACHE = False


@pytest.fixture
def made(monkeypatch):
    """The ids of the articles whose item was made, by format."""
    seen = {"article_out": [], "ninjs_out": []}
    for name in seen:
        real = getattr(serializers, name)

        @functools.wraps(real)
        def counted(article, real=real, name=name):
            seen[name].append(article.pk)
            return real(article)

        monkeypatch.setattr(serializers, name, counted)
    return seen


@pytest.mark.parametrize("fmt", ["json", "ninjs"])
def test_a_list_of_kept_items_is_the_list_made_afresh(world, anonymous, made, fmt):
    first = anonymous.get(LIST, {"format": fmt}).content
    listed = Article.objects.published().filter(edition__code="global")
    assert sorted(made[f"{'article' if fmt == 'json' else 'ninjs'}_out"]) == sorted(
        listed.values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as queries:
        again = anonymous.get(LIST, {"format": fmt}).content
    # The page's ids: nothing of the items (nor of the edition, which the process keeps).
    assert len(queries) == 1, [query["sql"] for query in queries]
    assert again == first
    caches["pages"].clear()
    assert anonymous.get(LIST, {"format": fmt}).content == first


def test_each_format_keeps_its_own_items(world, anonymous, made):
    anonymous.get(LIST)
    anonymous.get(LIST, {"format": "ninjs"})
    assert sorted(made["article_out"]) == sorted(made["ninjs_out"]) != []
    assert anonymous.get(LIST, {"format": "ninjs"}).json()["items"][0]["uri"]
    assert "uri" not in anonymous.get(LIST).json()["items"][0]


def test_a_change_remakes_its_own_item_only(world, anonymous, made):
    article = Article.objects.published().filter(edition__code="global").first()
    anonymous.get(LIST)
    made["article_out"].clear()
    version = article.get_latest_revision_as_object()
    version.headline = "A corrected headline"
    version.save_revision()
    actions.PublishAction(Article.objects.get(pk=article.pk)).execute(
        skip_permission_checks=True)
    headlines = [item["headline"] for item in anonymous.get(LIST).json()["items"]]
    assert "A corrected headline" in headlines
    assert made["article_out"] == [article.pk]
