"""A live coverage's own feed, in the three formats: its public entries only, each linking
to its own page, kept by the page cache until an entry changes."""

import json
from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone

from dateline.live.actions import DeleteEntryAction, EntryChanges, PostEntryAction

pytestmark = pytest.mark.django_db

FILES = ("rss.xml", "atom.xml", "feed.json")


def post(article, text, user, publish=True, **fields):
    return PostEntryAction(article, EntryChanges(text=text, **fields), user=user,
                           publish=publish).execute()


def items(response, filename):
    """(title, link) of each item."""
    if filename.endswith(".json"):
        return [(item["title"], item["url"]) for item in json.loads(response.content)["items"]]
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return [(item.title, item.link) for item in parsed.entries]


@pytest.mark.parametrize("filename", FILES)
def test_the_feed_holds_the_public_entries(client, make_live, editor, filename):
    article = make_live()
    first = post(article, "Air raid alert.", editor, title="Alert")
    post(article, "A draft.", editor, publish=False)
    post(article, "Scheduled.", editor, posted_at=timezone.now() + timedelta(hours=1))
    DeleteEntryAction(post(article, "Withdrawn claim.", editor), user=editor).execute()
    response = client.get(f"/feeds/global/live/{article.slug}/{filename}")
    assert response.status_code == 200
    [(title, link)] = items(response, filename)
    assert title == "Alert"
    assert link.endswith(f"/global/news/{article.slug}/entry/{first.pk}/")
    for hidden in (b"A draft", b"Scheduled.", b"Withdrawn"):
        assert hidden not in response.content


def test_the_feed_follows_new_entries_and_is_gone_with_the_article(client, make_live,
                                                                   make_published, editor):
    from dateline.newsroom.actions import UnpublishAction

    article = make_live()
    url = f"/feeds/global/live/{article.slug}/atom.xml"
    assert feedparser.parse(client.get(url).content).entries == []
    post(article, "Explosions heard.", editor)
    assert len(feedparser.parse(client.get(url).content).entries) == 1
    ordinary = make_published("Ordinary news")
    assert client.get(f"/feeds/global/live/{ordinary.slug}/atom.xml").status_code == 404
    UnpublishAction(article, user=editor).execute()
    assert client.get(url).status_code == 404


def test_the_live_page_names_its_feeds(client, make_live):
    article = make_live()
    html = client.get(article.get_absolute_url()).content.decode()
    for filename in FILES:
        assert f'/feeds/global/live/{article.slug}/{filename}"' in html
