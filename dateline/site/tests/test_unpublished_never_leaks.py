"""Nothing that is not published reaches a reader: every state × every public place.

One newsroom is built per module. The global edition has a few published articles and,
for each state a reader must not see, one article filed under the same section, tag,
label and author as the published ones, hand-picked as "Read also" by a published
article, set on the front page, and translated from a published article of the main
edition:

- ``draft``: saved, never published; ``in-review``: the same, submitted for approval;
- ``scheduled``: approved to go live in an hour; ``future``: live, but its first
  publication time is two hours ahead (as an import can leave it); ``embargoed``: published
  (by mistake) with an embargo three hours ahead;
- ``expired``, ``unpublished``, ``retracted``: published first (and read: every public
  place was fetched, so any cache holds them), then expired by the clock, unpublished or
  retracted;
- ``draft-changes``: published, then edited without publishing: the draft's new text
  must not show (the article itself stays).

Each hidden text carries a marker word (``Zqdraft`` ...), which also ends up in the
article's slug, so its absence from a response means neither its text nor its address is
there. Each hidden article also carries a correction whose text has the marker (added
while it was public for those that were; in the draft only for ``draft-changes``), so the
corrections page and its feed could leak it. The public places are the site's pages (home, news, section, tag, author, day,
search, corrections, the article's own address, "Read also", the translation's language
switcher and hreflang), the corrections feed, the RSS, Atom and JSON feeds of the edition, section, tag and author, the
sitemaps, and the API (lists, filters, detail, ninjs, tags), anonymous and with a token.
The expiring story is also the edition's breaking news, so its banner is on every page
until the clock takes the story down.
The desk's previews (edit, revision, compare, preview, the workflow's preview) are for
those who may edit the article only.
"""

from datetime import timedelta

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, User
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import APIToken
from wagtail.permissions import policy_registry

from dateline.breaking.actions import MarkBreakingAction
from dateline.mostread.models import HourlyReads, TopList
from dateline.newsroom import actions, scheduling
from dateline.newsroom.models import (
    Article,
    ArticleAuthor,
    ArticleTag,
    ArticleUpdate,
    Author,
    Edition,
    FrontPage,
    FrontPageSlot,
    Label,
    RelatedArticle,
    Section,
    Tag,
)
from dateline.newsroom.roles import ROLE_CHIEF, ROLE_EDITOR, ROLE_REPORTER
from dateline.newsroom.tests.desk import form_data
from dateline.newsroom.tests.desk import url as desk_url

pytestmark = pytest.mark.django_db

STATES = ("draft", "in-review", "scheduled", "future", "embargoed", "expired", "unpublished",
          "retracted", "draft-changes")
# How long the expiring article stays published (the clock is then moved past it).
EXPIRY_DELAY = timedelta(minutes=5)


def marker(state):
    return "Zq" + state.replace("-", "")


# -- the newsroom ------------------------------------------------------------------------------

def _user(name, role):
    user = User.objects.create_user(name, f"{name}@example.com", "pw-" + name)
    user.groups.add(Group.objects.get(name=role))
    return user


def _file(article, section, tag, label, author, solo=None, solo_author=None):
    article.save()
    ArticleTag.objects.create(article=article, tag=tag)
    if solo is not None:
        ArticleTag.objects.create(article=article, tag=solo)
    ArticleAuthor.objects.create(article=article, author=author, sort_order=0)
    if solo_author is not None:
        ArticleAuthor.objects.create(article=article, author=solo_author, sort_order=1)
    article.labels.set([label])
    return article


def _publish(article, when):
    actions.PublishAction(article).execute()
    Article.objects.filter(pk=article.pk).update(first_published_at=when, last_published_at=when)
    article.refresh_from_db()
    article.save()  # the links' copy of the time
    return article


def _correct(article, state):
    """A correction readers would see on the corrections page were the article public:
    added through the action to a live article (the edited story's says nothing hidden;
    its draft gets one in ``hide``), stored with the draft as the desk does otherwise."""
    text = "Public correction." if state == "draft-changes" else f"{marker(state)} correction"
    if article.live:
        actions.AddUpdateNoteAction(article, text=text, kind="correction").execute()
    else:
        ArticleUpdate.objects.create(article=article, kind="correction", text=text)
    article.refresh_from_db()


def build(now):
    main = Edition.objects.create(name="Дейтлайн", code="main", language="uk",
                                  publication_name="Дейтлайн", is_default=True)
    edition = Edition.objects.create(name="Dateline Global", code="global", language="en",
                                     path_prefix="global", publication_name="Dateline Global")
    section = Section.objects.create(edition=edition, name="Politics")
    tag = Tag.objects.create(edition=edition, name="war")
    label = Label.objects.create(edition=edition, name="Exclusive")
    author = Author.objects.create(name="Jane Doe", role="Reporter")
    users = {"reporter": _user("owner", ROLE_REPORTER),
             "other-reporter": _user("other", ROLE_REPORTER),
             "editor": _user("editor", ROLE_EDITOR), "chief": _user("chief", ROLE_CHIEF)}

    visible = []
    for n in range(3):
        article = _file(Article(edition=edition, headline=f"Visible story {n}",
                                lead="Seen by all.", section=section, live=False),
                        section, tag, label, author)
        article.save_revision()
        visible.append(_publish(article, now - timedelta(minutes=30 + n)))
    actions.AddUpdateNoteAction(visible[0], text="Seen correction.", kind="correction").execute()

    hidden, solos, solo_authors = {}, {}, {}
    for state in STATES:
        mark = marker(state)
        changes = state == "draft-changes"
        solos[state] = Tag.objects.create(edition=edition, name=f"solo {state}")
        solo_authors[state] = Author.objects.create(name=f"Solo {state} writer")
        article = _file(Article(
            edition=edition, owner=users["reporter"], live=False, section=section,
            kind=Article.Kind.OPINION,  # a candidate for the home page's columns too
            headline="Live version of the edited story" if changes else f"{mark} headline",
            lead="Public lead." if changes else f"{mark} lead",
            body=[("paragraph", f"<p>{'Public body.' if changes else mark + ' body'}</p>")],
            go_live_at=now + timedelta(hours=1) if state == "scheduled" else None,
            expire_at=now + EXPIRY_DELAY if state == "expired" else None,
            embargo_until=now + timedelta(hours=3) if state == "embargoed" else None,
        ), section, tag, label, author, solo=None if changes else solos[state],
           solo_author=None if changes else solo_authors[state])
        revision = article.save_revision(user=users["reporter"])
        if state == "in-review":
            article.get_workflow().start(article, users["reporter"])
        elif state == "scheduled":
            revision.publish()
        elif state == "future":
            _publish(article, now + timedelta(hours=2))
        elif state != "draft":
            _publish(article, now - timedelta(minutes=10))
        article.refresh_from_db()
        _correct(article, state)
        hidden[state] = article
        RelatedArticle.objects.create(article=visible[0], related=article, sort_order=len(hidden))

    # Each hidden article is the translation of a published article of the main edition.
    originals = {}
    for state, article in hidden.items():
        original = Article(edition=main, headline=f"Оригінал {len(originals)}", lead="Так.",
                           live=False, translation_key=article.translation_key)
        original.save()
        original.save_revision()
        originals[state] = _publish(original, now - timedelta(minutes=20))

    front = FrontPage.objects.create(edition=edition, top_story=hidden["retracted"])
    for order, article in enumerate(hidden.values()):
        FrontPageSlot.objects.create(front_page=front, article=article, sort_order=order)

    # Most read as the worker decided it while they were public: the hidden ones first.
    TopList.objects.create(edition=edition, decided_at=now,
                           article_ids=[a.pk for a in hidden.values()] + [a.pk for a in visible])

    # The breaking-news banner on every page of the edition names the story that expires:
    # no action runs at its expiry, so the banner must leave by the clock alone.
    MarkBreakingAction(hidden["expired"], "12h").execute(skip_permission_checks=True)

    token = APIToken.create_token(user=users["editor"], name="desk")[1]
    return {"edition": edition, "main": main, "section": section, "tag": tag, "label": label,
            "author": author, "visible": visible, "hidden": hidden, "originals": originals,
            "solos": solos, "solo_authors": solo_authors, "users": users, "token": token, "now": now}


def hide(world):
    """What happens after readers have seen them (the clock has passed the expiry): an
    editor unpublishes, the chief retracts, a reporter edits a published story without
    publishing."""
    hidden, users = world["hidden"], world["users"]
    actions.UnpublishAction(hidden["unpublished"], user=users["editor"]).execute()
    actions.RetractAction(hidden["retracted"], note="Sources withdrew.",
                          user=users["chief"]).execute()
    changed = Article.objects.get(pk=hidden["draft-changes"].pk)
    mark = marker("draft-changes")
    changed.headline, changed.lead = f"{mark} headline", f"{mark} lead"
    changed.body = [("paragraph", f"<p>{mark} body</p>")]
    changed.updates.add(ArticleUpdate(kind="clarification", text=f"{mark} clarification"))
    changed.save_revision(user=users["reporter"])
    for article in hidden.values():
        article.refresh_from_db()
    assert not Article.objects.published().filter(
        pk__in=[a.pk for s, a in hidden.items() if s != "draft-changes"]).exists()


# -- the public places ----------------------------------------------------------------------

def _items(content):
    """The headlines a listing shows (not the page's own words, e.g. a search query)."""
    soup = BeautifulSoup(content, "html.parser")
    found = " ".join(link.get_text() + " " + link.get("href", "")
                     for link in soup.select(".items a, .top-story a, .featured a"))
    # Search results: date line, section, headline, link and snippet.
    return found + " ".join(str(result) for result in soup.select(".results .result"))


def _switcher_and_head(content):
    """The language switcher, hreflang and og:locale:alternate of a page."""
    soup = BeautifulSoup(content, "html.parser")
    parts = [str(a) for a in soup.select(".editions a")]
    parts += [str(link) for link in soup.find_all("link", hreflang=True)]
    parts += [str(meta) for meta in soup.find_all("meta", property="og:locale:alternate")]
    return " ".join(parts)


def _most_read(content):
    return " ".join(str(a) for a in BeautifulSoup(content, "html.parser").select(".most-read a"))


def _read_also(content):
    """The "Read also" cards whole: headlines, links, labels and pictures."""
    return " ".join(str(part) for part in BeautifulSoup(content, "html.parser").select(".read-also"))


PAGES = ("page:home", "page:most-read", "page:news", "page:section", "page:tag", "page:author", "page:day",
         "page:search", "page:corrections", "page:read-also", "page:translation",
         "page:article")
FEEDS = tuple(f"feed:{fmt}{scope}" for fmt in ("rss", "atom", "json")
              for scope in ("", ":section", ":tag", ":author")) + ("feed:rss:corrections",)
SITEMAPS = ("sitemap:index", "sitemap:articles", "sitemap:articles-of-translation",
            "sitemap:news")
API = ("api:articles", "api:articles-ninjs", "api:articles-by-section", "api:articles-by-tag",
       "api:articles-by-author", "api:articles-by-label", "api:article", "api:article-ninjs",
       "api:tags")
# A tag or author only hidden articles carry: its page and feeds are 404, as if it did not
# exist (its name alone would tell of the hidden story).
SOLO = ("page:solo-tag", "feed:rss:solo-tag", "feed:atom:solo-tag", "feed:json:solo-tag",
        "page:solo-author", "feed:rss:solo-author")
# Where only part of the response is the listing (a search page repeats its query).
READERS = {"page:search": _items, "page:solo-tag": _items, "page:solo-author": _items,
           "page:read-also": _read_also, "page:most-read": _most_read,
           "page:translation": _switcher_and_head}
OWN_ADDRESS = ("page:article", "api:article", "api:article-ninjs")


def places_of(state):
    """Every place of a state; API places are read anonymously and with an editor's token,
    the article's address also by an editor signed in to the desk."""
    return [*PAGES, "page:article+desk", *FEEDS, *SITEMAPS, *API,
            *(f"{place}+token" for place in API), *(SOLO if state != "draft-changes" else ())]


def expected_status(state, place):
    """The article's own address is 404, except for a published article with a draft; so
    are the page and feeds of a tag only hidden articles carry."""
    own = place.split("+")[0] in OWN_ADDRESS
    return 404 if (own and state != "draft-changes") or place in SOLO else 200


def path_of(world, state, place):
    edition, hidden = world["edition"], world["hidden"][state]
    section, tag, author = world["section"].slug, world["tag"].slug, world["author"].slug
    api = "/api/v1/editions/global/articles?limit=100"
    feeds = {"rss": "rss.xml", "atom": "atom.xml", "json": "feed.json"}
    place = place.split("+")[0]
    if place.startswith("feed:"):
        _feed, fmt, *scope = place.split(":")
        if not scope:
            return f"/feeds/global/{feeds[fmt]}"
        if scope[0] == "corrections":
            return f"/feeds/global/corrections/{feeds[fmt]}"
        slug = {"section": section, "tag": tag, "author": author,
                "solo-tag": world["solos"][state].slug,
                "solo-author": world["solo_authors"][state].slug}[scope[0]]
        return f"/feeds/global/{scope[0].removeprefix('solo-')}/{slug}/{feeds[fmt]}"
    return {
        "page:home": "/global/",
        "page:most-read": "/global/",
        "page:news": "/global/news/",
        "page:section": f"/global/section/{section}/",
        "page:tag": f"/global/tag/{tag}/",
        "page:author": f"/global/author/{author}/",
        "page:day": f"/global/{world['now'].astimezone(edition.tz):%Y/%m/%d}/",
        "page:search": f"/global/search/?q={marker(state)}",
        "page:corrections": "/global/corrections/",
        "page:read-also": world["visible"][0].get_absolute_url(),
        "page:translation": world["originals"][state].get_absolute_url(),
        "page:article": f"/global/news/{hidden.slug}/",
        "page:solo-tag": f"/global/tag/{world['solos'][state].slug}/",
        "page:solo-author": f"/global/author/{world['solo_authors'][state].slug}/",
        "sitemap:index": "/sitemap.xml",
        "sitemap:articles": "/sitemaps/global/articles.xml",
        "sitemap:articles-of-translation": "/sitemaps/main/articles.xml",
        "sitemap:news": "/sitemaps/global/news.xml",
        "api:articles": api,
        "api:articles-ninjs": f"{api}&format=ninjs",
        "api:articles-by-section": f"{api}&section={section}",
        "api:articles-by-tag": f"{api}&tag={tag}",
        "api:articles-by-author": f"{api}&author={author}",
        "api:articles-by-label": f"{api}&label={world['label'].slug}",
        "api:article": f"/api/v1/articles/{hidden.pk}",
        "api:article-ninjs": f"/api/v1/articles/{hidden.pk}?format=ninjs",
        "api:tags": "/api/v1/editions/global/tags",
    }[place]


def read_all(world, states=STATES):
    """{state: {place: (status, text read)}}: a reader without a session; ``+token``
    places with an editor's API token, ``+desk`` ones signed in as an editor."""
    reader, desk = Client(), Client()
    desk.force_login(world["users"]["editor"])
    seen = {}
    for state in states:
        seen[state] = {}
        for place in places_of(state):
            path = path_of(world, state, place)
            headers = ({"Authorization": f"Bearer {world['token']}"}
                       if place.endswith("+token") else {})
            client = desk if place.endswith("+desk") else reader
            response = client.get(path, headers=headers)
            text = response.content.decode()
            read = READERS.get(place)
            seen[state][place] = (response.status_code, read(text) if read else text)
    return seen


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The newsroom, read once while the expiring, unpublished and retracted articles were
    public (filling any cache); then the clock passes the expiry, the others are hidden,
    and every place is read again: before the worker's next run (``before_worker``, the
    expired article only) and after it (``seen``)."""
    with django_db_blocker.unblock(), transaction.atomic():
        now = timezone.now().replace(microsecond=0)
        world = build(now)
        world["before"] = read_all(world)  # readers saw them
        with time_machine.travel(now + EXPIRY_DELAY + timedelta(minutes=1), tick=True):
            hide(world)
            world["before_worker"] = read_all(world, states=["expired"])
            scheduling.unpublish_expired()
            world["seen"] = read_all(world)
        yield world
        transaction.set_rollback(True)


CASES = [(state, place) for state in STATES for place in places_of(state)]


def _assert_hidden(world, seen, state, place):
    status, text = seen[state][place]
    assert status == expected_status(state, place), (path_of(world, state, place), status)
    assert marker(state).lower() not in text.lower(), (path_of(world, state, place), text[:3000])
    if place.startswith(("feed:", "api:", "sitemap:")) and state != "draft-changes":
        pk = world["hidden"][state].pk
        assert f"article:{pk}<" not in text and f'"id": {pk},' not in text
        assert f'"id":{pk},' not in text


@pytest.mark.parametrize("state", ["expired", "unpublished", "retracted"])
def test_search_found_the_article_while_it_was_public(world, state):
    """The search place is not blind: before it was hidden, the article was found by its
    words (so its absence after is the hiding, not a search that finds nothing)."""
    status, text = world["before"][state]["page:search"]
    assert status == 200 and marker(state).lower() in text.lower()


@pytest.mark.parametrize("state", ["expired", "unpublished", "retracted"])
def test_read_also_showed_the_article_while_it_was_public(world, state):
    """The "Read also" cards are not blind: before it was hidden, the hand-picked article
    was one of them (so its absence after is the hiding)."""
    status, text = world["before"][state]["page:read-also"]
    assert status == 200 and marker(state).lower() in text.lower()


@pytest.mark.parametrize("place", ["page:corrections", "feed:rss:corrections"])
@pytest.mark.parametrize("state", ["expired", "unpublished", "retracted"])
def test_corrections_listed_the_note_while_the_article_was_public(world, state, place):
    """The corrections page and feed are not blind: before the article was hidden, they
    listed its correction (so its absence after is the hiding)."""
    status, text = world["before"][state][place]
    assert status == 200 and f"{marker(state)} correction".lower() in text.lower()


@pytest.mark.parametrize("place", ["page:home", "page:news", "page:corrections"])
def test_the_breaking_banner_named_the_story_while_it_was_public(world, place):
    """The banner is not blind: before the story expired, every page carried it (so the
    marker's absence after, in every place, is the banner leaving with the story)."""
    status, text = world["before"]["expired"][place]
    banner = BeautifulSoup(text, "html.parser").select_one(".breaking")
    assert status == 200 and banner and marker("expired") in banner.get_text()


def test_the_draft_s_new_note_would_be_listed_once_published(world):
    """The edited story's draft carries a clarification with its marker: what the
    corrections page must not show until the draft is published."""
    article = world["hidden"]["draft-changes"]
    draft = article.latest_revision.as_object()
    assert [note.kind for note in draft.updates.all()] == ["correction", "clarification"]
    status, text = world["seen"]["draft-changes"]["page:corrections"]
    assert status == 200 and "Public correction." in text


@pytest.mark.parametrize("state,place", CASES, ids=[f"{s}-{p}" for s, p in CASES])
def test_hidden_article_is_in_no_public_place(world, state, place):
    """The place answers as it should (the article's own address and API detail are 404)
    and holds neither the hidden text nor the article's address."""
    _assert_hidden(world, world["seen"], state, place)


def test_most_read_showed_the_stories_while_they_were_public_and_shows_the_visible_ones(world):
    """The block is not empty: what leaves it is what readers may not see."""
    for state in ("expired", "unpublished", "retracted"):
        assert marker(state).lower() in world["before"][state]["page:most-read"][1].lower()
    shown = world["seen"]["draft"]["page:most-read"][1]
    assert all(a.slug in shown for a in world["visible"])


@pytest.mark.parametrize("state", [s for s in STATES if s != "draft-changes"])
def test_a_hidden_story_is_not_counted_nor_folded_into_most_read(world, state):
    """Its beacon is refused (404) and nothing is written; its old reads fold to nothing."""
    from dateline.mostread import fold, tally

    tally.forget()
    pk = world["hidden"][state].pk
    response = Client().post("/reads", str(pk), content_type="text/plain")
    assert response.status_code == 404
    assert tally.flush() == 0
    with transaction.atomic():
        HourlyReads.objects.create(article_id=pk, hour=timezone.now(), count=10**6)
        fold.fold()
        assert pk not in TopList.objects.get(edition=world["edition"]).article_ids
        transaction.set_rollback(True)


def test_expired_article_leaves_every_place_before_the_worker_runs(world):
    """published() drops an article at its expiry time; so does every place, cached or
    not, without waiting for the worker."""
    for place in places_of("expired"):
        _assert_hidden(world, world["before_worker"], "expired", place)


# -- the desk's previews ----------------------------------------------------------------------

VIEWERS = ("anonymous", "other-reporter", "reporter", "editor")


def _desk_views(world, state):
    article = world["hidden"][state]
    revision = article.latest_revision
    first = article.revisions.order_by("created_at", "id").first()
    views = {
        "edit": desk_url("edit", article.pk),
        "revision": desk_url("revisions_view", article.pk, revision.pk),
        "compare": reverse("wagtailsnippets_newsroom_article:revisions_compare",
                           args=[article.pk, first.pk, "latest"]),
        "preview": desk_url("preview_on_edit", article.pk),
    }
    if state == "in-review":
        task_state = article.current_workflow_task_state
        views["workflow-preview"] = reverse(
            "wagtailsnippets_newsroom_article:workflow_preview",
            args=[article.pk, task_state.task_id])
    return views


DESK_CASES = [(state, view, viewer) for state in STATES
              for view in ("edit", "revision", "compare", "preview", "workflow-preview")
              if view != "workflow-preview" or state == "in-review"
              for viewer in VIEWERS]


def _may_edit(world, viewer, state):
    if viewer == "anonymous":
        return False
    return policy_registry.get_by_type(Article).user_has_permission_for_instance(
        world["users"][viewer], "change", world["hidden"][state])


def _may_view(world, viewer, state, view):
    if view == "workflow-preview" and viewer != "anonymous":  # the approvers' screen
        article = world["hidden"][state]
        return bool(article.current_workflow_task.get_actions(article, world["users"][viewer]))
    return _may_edit(world, viewer, state)


@pytest.mark.parametrize("state,view,viewer", DESK_CASES,
                         ids=[f"{s}-{v}-{w}" for s, v, w in DESK_CASES])
def test_preview_is_only_for_those_who_may_edit(world, client, state, view, viewer):
    """Anonymous readers are sent to the login; a reporter who does not own the article is
    denied (and the page they land on does not show it); whoever may edit it sees its
    latest text."""
    path = _desk_views(world, state)[view]
    if viewer != "anonymous":
        client.force_login(world["users"][viewer])
    may_view = _may_view(world, viewer, state, view)
    if view == "preview" and may_view:
        # What the editor would preview: the form as it stands (an expiry already past
        # is cleared, as the form refuses one).
        data = form_data(client, desk_url("edit", world["hidden"][state].pk), expire_at="")
        assert client.post(path, data).json()["is_valid"]
    response = client.get(path)
    text = response.content.decode()
    if viewer == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))
    elif may_view:
        assert response.status_code == 200
        assert marker(state) in text
    else:
        assert response.status_code in (302, 403), response.status_code
        if response.status_code == 302:
            assert not response["Location"].startswith(path)
            text = client.get(response["Location"]).content.decode()
        if not _may_edit(world, viewer, state):
            assert marker(state) not in text
