"""No entry of live coverage that readers may not see reaches a reader: every state × every
public place (the live counterpart of ``test_unpublished_never_leaks``).

One published live article of the global edition has an entry in each hidden state, each
carrying a marker word (``Zqentrydraft`` ...):

- ``draft``: kept for an editor to publish; ``scheduled``: published with a time an hour
  ahead; ``deleted``: published, read by readers (every place fetched, so any cache holds
  it), then deleted.

And two live articles readers may not see, each with a public entry:

- ``draft-article``: a live article never published; ``unpublished-article``: published,
  read, then unpublished.

The places are the live article's page, the entry's own page, the edition's pages (home,
news, search), its RSS, Atom and JSON feeds and the live article's own, the sitemaps, and the
API (list, detail, ninjs),
anonymous and with an editor's token.
"""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, User
from django.db import transaction
from django.test import Client
from django.utils import timezone
from wagtail.models import APIToken

from dateline.live.actions import (
    DeleteEntryAction,
    EntryChanges,
    PostEntryAction,
)
from dateline.newsroom import actions
from dateline.newsroom.models import Article, Edition
from dateline.newsroom.roles import ROLE_EDITOR

from .conftest import publish_at

pytestmark = pytest.mark.django_db

ENTRY_STATES = ("draft", "scheduled", "deleted")
ARTICLE_STATES = ("draft-article", "unpublished-article")
STATES = ENTRY_STATES + ARTICLE_STATES


def marker(state):
    return "Zqentry" + state.replace("-", "")


def _post(article, state, now):
    changes = EntryChanges(title=f"{marker(state)} title", text=f"{marker(state)} text.",
                           key_event=True, pinned=state == "deleted",
                           posted_at=now + timedelta(hours=1) if state == "scheduled" else None)
    return PostEntryAction(article, changes, publish=state != "draft").execute()


def _live(edition, headline, now, publish=True):
    article = Article(edition=edition, headline=headline, lead="Live lead.", live=False,
                      kind=Article.Kind.LIVE)
    article.save()
    article.save_revision()
    return publish_at(article, now - timedelta(minutes=30)) if publish else article


def build(now):
    Edition.objects.create(name="Дейтлайн", code="main", language="uk",
                           publication_name="Дейтлайн", is_default=True)
    edition = Edition.objects.create(name="Dateline Global", code="global", language="en",
                                     path_prefix="global", publication_name="Dateline Global")
    editor = User.objects.create_user("editor", "editor@example.com", "pw")
    editor.groups.add(Group.objects.get(name=ROLE_EDITOR))
    live = _live(edition, "Visible coverage", now)
    PostEntryAction(live, EntryChanges(text="A public entry.")).execute()
    articles = {state: live for state in ENTRY_STATES}
    articles["draft-article"] = _live(edition, "Zqentrydraftarticle coverage", now,
                                      publish=False)
    articles["unpublished-article"] = _live(edition, "Zqentryunpublishedarticle coverage", now)
    entries = {state: _post(articles[state], state, now) for state in STATES}
    token = APIToken.create_token(user=editor, name="desk")[1]
    return {"edition": edition, "live": live, "articles": articles, "entries": entries,
            "editor": editor, "token": token}


def hide(world):
    """What happens after readers have seen them: an entry deleted, an article unpublished."""
    DeleteEntryAction(world["entries"]["deleted"]).execute()
    actions.UnpublishAction(world["articles"]["unpublished-article"]).execute()


PAGES = ("page:live", "page:entry", "page:home", "page:news", "page:search")
FEEDS = ("feed:rss", "feed:atom", "feed:json", "feed:live-rss", "feed:live-atom",
         "feed:live-json")
SITEMAPS = ("sitemap:index", "sitemap:articles", "sitemap:news")
API = ("api:articles", "api:articles-ninjs", "api:article", "api:article-ninjs")
PLACES = (*PAGES, *FEEDS, *SITEMAPS, *API, *(f"{place}+token" for place in API))


def path_of(world, state, place):
    article, entry = world["articles"][state], world["entries"][state]
    api = "/api/v1/editions/global/articles?limit=100"
    return {
        "page:live": f"/global/news/{article.slug}/",
        "page:entry": f"/global/news/{article.slug}/entry/{entry.pk}/",
        "page:home": "/global/",
        "page:news": "/global/news/",
        "page:search": f"/global/search/?q={marker(state)}",
        "feed:rss": "/feeds/global/rss.xml",
        "feed:atom": "/feeds/global/atom.xml",
        "feed:json": "/feeds/global/feed.json",
        "feed:live-rss": f"/feeds/global/live/{article.slug}/rss.xml",
        "feed:live-atom": f"/feeds/global/live/{article.slug}/atom.xml",
        "feed:live-json": f"/feeds/global/live/{article.slug}/feed.json",
        "sitemap:index": "/sitemap.xml",
        "sitemap:articles": "/sitemaps/global/articles.xml",
        "sitemap:news": "/sitemaps/global/news.xml",
        "api:articles": api,
        "api:articles-ninjs": f"{api}&format=ninjs",
        "api:article": f"/api/v1/articles/{article.pk}",
        "api:article-ninjs": f"/api/v1/articles/{article.pk}?format=ninjs",
    }[place.split("+")[0]]


def expected_status(state, place):
    """The hidden entry's own page is 404; so is everything of a hidden article's own."""
    place = place.split("+")[0]
    if place == "page:entry":
        return 404
    if state in ARTICLE_STATES and (place in ("page:live", "api:article", "api:article-ninjs")
                                    or place.startswith("feed:live-")):
        return 404
    return 200


def _results(content):
    """What a search page found (the page repeats the query in its form)."""
    soup = BeautifulSoup(content, "html.parser")
    return " ".join(str(item) for item in soup.select(".items li, .results .result"))


def read_all(world):
    reader = Client()
    seen = {}
    for state in STATES:
        for place in PLACES:
            headers = ({"Authorization": f"Bearer {world['token']}"}
                       if place.endswith("+token") else {})
            response = reader.get(path_of(world, state, place), headers=headers)
            text = response.content.decode()
            seen[state, place] = (response.status_code,
                                  _results(text) if place == "page:search" else text)
    return seen


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Every place read once while the deleted entry and the unpublished article were
    public (filling any cache), then again after they were hidden (``seen``)."""
    with django_db_blocker.unblock(), transaction.atomic():
        world = build(timezone.now().replace(microsecond=0))
        world["before"] = read_all(world)
        hide(world)
        world["seen"] = read_all(world)
        yield world
        transaction.set_rollback(True)


CASES = [(state, place) for state in STATES for place in PLACES]


@pytest.mark.parametrize("state,place", CASES, ids=[f"{s}-{p}" for s, p in CASES])
def test_hidden_entry_is_in_no_public_place(world, state, place):
    """The place answers as it should and holds no word of the hidden entry."""
    status, text = world["seen"][state, place]
    assert status == expected_status(state, place), (path_of(world, state, place), status)
    assert marker(state).lower() not in text.lower(), (path_of(world, state, place), text[:2000])


def test_readers_saw_the_entries_before_they_were_hidden(world):
    """The matrix means something: the deleted entry and the unpublished article's entry
    were on their article pages and entry pages, and found by search, while public."""
    for state in ("deleted", "unpublished-article"):
        for place in ("page:live", "page:entry", "page:search"):
            status, text = world["before"][state, place]
            assert status == 200 and marker(state) in text, (state, place)


def test_the_visible_entry_is_still_shown(world):
    status, text = world["seen"]["draft", "page:live"]
    assert status == 200 and "A public entry." in text
