from datetime import timedelta

import pytest

from dateline.newsroom import actions
from dateline.newsroom.models import Article

pytestmark = pytest.mark.django_db


def test_published_article_is_in_published(make_published):
    """A live article whose time has come is published."""
    article = make_published()
    assert list(Article.objects.published()) == [article]
    assert article.is_published


def test_draft_is_not_published(make_draft):
    """A draft is never in published()."""
    make_draft()
    assert not Article.objects.published().exists()


def test_scheduled_article_is_not_published_before_its_time(make_draft, now):
    """Publishing with a future go-live time schedules; the article stays invisible."""
    article = make_draft(go_live_at=now + timedelta(hours=1))
    revision = article.save_revision()
    revision.publish()
    article.refresh_from_db()
    assert not article.live
    assert revision.approved_go_live_at is not None
    assert not Article.objects.published().exists()


def test_future_first_published_time_is_not_published(make_published, now):
    """A live row with a first-published time in the future (e.g. imported) is not shown yet."""
    article = make_published()
    Article.objects.filter(pk=article.pk).update(first_published_at=now + timedelta(minutes=5))
    assert not Article.objects.published().exists()
    assert Article.objects.published(now=now + timedelta(minutes=6)).exists()


def test_expired_article_is_not_published(make_published, now):
    """Past its expiry time an article is out of published(), even before the worker runs."""
    article = make_published()
    Article.objects.filter(pk=article.pk).update(expire_at=now - timedelta(seconds=1))
    assert not Article.objects.published().exists()


def test_unpublished_article_is_not_published(make_published, editor):
    """Unpublishing takes the article out at once."""
    article = make_published()
    actions.UnpublishAction(article, user=editor).execute()
    assert not Article.objects.published().exists()


def test_retracted_article_is_not_published_even_if_live(make_published, chief):
    """A retraction hides the article for good, even if someone marks the row live again."""
    article = make_published()
    actions.RetractAction(article, note="Sources withdrew.", user=chief).execute()
    Article.objects.filter(pk=article.pk).update(live=True)
    assert not Article.objects.published().exists()


def test_newest_first_orders_by_time_then_id(make_published, now):
    """Feed order is first-published time, newest first; ties broken by id."""
    a, b, c = (make_published(f"Story {n}") for n in range(3))
    Article.objects.filter(pk__in=[a.pk, b.pk]).update(first_published_at=now - timedelta(1))
    assert list(Article.objects.published().newest_first()) == [c, b, a]


def test_control_characters_never_reach_the_page(make_published):
    """Invisible control characters pasted into copy are dropped; RTL marks are kept."""
    article = make_published("Alarm\x01 \x1b[31mred\u200f today\x7f", lead="Lead\x08 text\ttab")
    article.refresh_from_db()
    assert article.headline == "Alarm [31mred\u200f today"
    assert article.lead == "Lead text\ttab"
