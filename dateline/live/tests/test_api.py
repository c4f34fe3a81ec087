"""The content API answers a live article with its coverage: the newest public entries, in
our JSON and as ninjs associations, kept by the page cache until an entry changes."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from dateline.live.actions import (
    DeleteEntryAction,
    EndCoverageAction,
    EntryChanges,
    PostEntryAction,
)

pytestmark = pytest.mark.django_db


def post(article, text, user, publish=True, **fields):
    return PostEntryAction(article, EntryChanges(text=text, **fields), user=user,
                           publish=publish).execute()


def test_a_live_article_carries_its_public_entries(client, make_live, make_published, editor):
    article = make_live()
    first = post(article, "First report.", editor, key_event=True)
    post(article, "Pinned summary.", editor, pinned=True, title="Summary")
    post(article, "A draft.", editor, publish=False)
    post(article, "Scheduled.", editor, posted_at=timezone.now() + timedelta(hours=1))
    DeleteEntryAction(post(article, "Withdrawn claim.", editor), user=editor).execute()
    response = client.get(f"/api/v1/articles/{article.pk}")
    data = response.json()["coverage"]
    assert data["open"] is True and data["ended_at"] is None and data["more"] is False
    assert [entry["title"] for entry in data["entries"]] == ["Summary", ""]
    assert data["entries"][1]["id"] == first.pk and data["entries"][1]["key_event"]
    assert data["entries"][1]["body"][0]["html"] == "<p>First report.</p>"
    assert data["entries"][1]["url"].endswith(f"/global/news/{article.slug}/entry/{first.pk}/")
    for hidden in (b"A draft", b"Scheduled.", b"Withdrawn"):
        assert hidden not in response.content
    ordinary = client.get(f"/api/v1/articles/{make_published('Ordinary').pk}").json()
    assert ordinary["coverage"] is None


def test_ninjs_carries_the_entries_as_associations(client, make_live, editor):
    article = make_live()
    entry = post(article, "Explosions heard.", editor)
    item = json.loads(client.get(f"/api/v1/articles/{article.pk}",
                                 {"format": "ninjs"}).content)
    texts = [a for a in item["associations"] if a["type"] == "text"]
    assert [a["name"] for a in texts] == [f"entry-{entry.pk}"]
    assert texts[0]["bodies"][0]["value"] == "<p>Explosions heard.</p>"
    assert texts[0]["headlines"][0]["value"] == "Explosions heard."


def test_the_cached_answer_follows_every_entry_and_the_end(client, make_live, editor):
    article = make_live()
    url = f"/api/v1/articles/{article.pk}"
    assert client.get(url).json()["coverage"]["entries"] == []
    assert client.get(url)["X-Page-Cache"] == "hit"
    post(article, "Now there is news.", editor)
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert len(response.json()["coverage"]["entries"]) == 1
    EndCoverageAction(article, user=editor).execute()
    assert client.get(url).json()["coverage"]["open"] is False
