"""The interim public site: each edition's list of published articles and the article page."""

from datetime import timedelta

import pytest

from dateline.conftest import HOSTILE
from dateline.newsroom import actions
from dateline.newsroom.models import Article

pytestmark = pytest.mark.django_db


def test_edition_home_lists_published_articles_only(client, make_published, make_draft,
                                                    global_edition, now):
    """Drafts, scheduled and expired articles never show on the list."""
    make_published("Visible story")
    make_draft("Draft story")
    expired = make_published("Expired story")
    Article.objects.filter(pk=expired.pk).update(expire_at=now - timedelta(seconds=1))
    scheduled = make_draft("Scheduled story", go_live_at=now + timedelta(hours=1))
    scheduled.latest_revision.publish()
    html = client.get("/global/").content.decode()
    assert "Visible story" in html
    for hidden in ("Draft story", "Expired story", "Scheduled story"):
        assert hidden not in html


def test_each_edition_shows_its_own_articles(client, make_published, main_edition,
                                             global_edition):
    """The main edition at /, Global at /global/, each with only its own news."""
    make_published("Новина дня", edition=main_edition)
    make_published("Global news", edition=global_edition)
    main, other = client.get("/").content.decode(), client.get("/global/").content.decode()
    assert "Новина дня" in main and "Global news" not in main
    assert "Global news" in other and "Новина дня" not in other
    assert '<html lang="uk">' in main and '<html lang="en">' in other


def test_article_page_escapes_the_headline(client, make_published):
    """A hostile headline is shown as text, never as markup."""
    article = make_published(HOSTILE)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "A &amp; B &lt; C &gt; D" in html
    assert "</script>'" not in html


def test_unpublished_article_page_is_404(client, make_published, editor):
    """Once unpublished, the article's address answers 404."""
    article = make_published()
    url = article.get_absolute_url()
    assert client.get(url).status_code == 200
    actions.unpublish(article, user=editor)
    assert client.get(url).status_code == 404


def test_unknown_edition_and_slug_are_404(client, global_edition):
    """Bad addresses are 404, never 500."""
    assert client.get("/nowhere/").status_code == 404
    assert client.get("/global/news/no-such-story/").status_code == 404
