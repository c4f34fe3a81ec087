"""Writing through the API: the token's role decides, the editorial actions do the work,
and a denied or failed write changes nothing."""

import pytest
from django.utils import timezone
from wagtail.models import ModelLogEntry, Revision

from dateline.conftest import HOSTILE
from dateline.newsroom.models import Article, Tag

from .conftest import make_article

pytestmark = pytest.mark.django_db

NEW = {"edition": "global", "headline": "Fresh story", "lead": "Lead.",
       "body_html": "<p>Text <script>alert(1)</script><b>bold</b></p><h2>Sub</h2>",
       "tags": ["war", "New tag"], "authors": ["jane-doe"], "section": "politics",
       "labels": ["opinion"], "kind": "analysis"}


def snapshot():
    """Everything a write could change."""
    return {
        "articles": list(Article.objects.order_by("pk").values_list(
            "pk", "headline", "live", "latest_revision_id", "live_revision_id", "owner_id",
            "updated_at", "locked")),
        "revisions": Revision.objects.count(), "log": ModelLogEntry.objects.count(),
        "tags": Tag.objects.count(),
    }


def test_an_editor_creates_a_draft_through_the_create_action(world, as_role, editor, anonymous):
    """A created draft has a revision and a history entry by the token's user, and is
    invisible to the public."""
    response = as_role("editor").post("/articles", NEW)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "draft" and data["live"] is False
    assert [block["type"] for block in data["body"]] == ["paragraph", "subheading"]
    assert data["body"][0]["html"] == "<p>Text <b>bold</b></p>"
    assert {tag["name"] for tag in data["tags"]} == {"war", "New tag"}
    assert data["section"]["slug"] == "politics" and data["labels"][0]["slug"] == "opinion"
    article = Article.objects.get(pk=data["id"])
    assert article.owner == editor and article.latest_revision.user == editor
    created = ModelLogEntry.objects.get(object_id=str(article.pk), action="wagtail.create")
    assert created.user == editor
    assert anonymous.get(f"/articles/{article.pk}").status_code == 404
    assert "Fresh story" not in anonymous.get("/editions/global/articles").content.decode()
    assert response["Cache-Control"] == "private, no-store"


def test_an_editor_creates_and_publishes(world, as_role, anonymous, changes):
    """publish: true publishes through the action; readers see it at once."""
    response = as_role("editor").post("/articles", {**NEW, "publish": True})
    assert response.status_code == 201 and response.json()["status"] == "live"
    article_id = response.json()["id"]
    assert changes == [(article_id, "publish")]
    assert anonymous.get(f"/articles/{article_id}").json()["headline"] == "Fresh story"


def test_a_reporter_may_create_drafts_but_not_publish(world, as_role, reporter):
    """A reporter's publish is denied and leaves nothing: no article, no new tag."""
    before = snapshot()
    response = as_role("reporter").post("/articles", {**NEW, "publish": True})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    assert snapshot() == before
    response = as_role("reporter").post("/articles", NEW)
    assert response.status_code == 201
    assert Article.objects.get(pk=response.json()["id"]).owner == reporter


def test_a_role_without_the_right_to_create_is_denied(world, request, client):
    """A token of a user with no newsroom role can read but not write."""
    from django.contrib.auth.models import User

    from .conftest import Api, token_for

    nobody = User.objects.create_user("nobody")
    api = Api(token_for(nobody))
    before = snapshot()
    assert api.post("/articles", NEW).status_code == 403
    assert api.patch(f"/articles/{world['draft'].pk}", {"headline": "x"}).status_code == 403
    assert snapshot() == before
    assert api.get("/editions").status_code == 200


def test_a_failed_reference_rolls_back_the_tags_made_before_it(world, as_role):
    """Tags are made as they are read; an unknown label after them undoes them."""
    before = snapshot()
    response = as_role("editor").post("/articles", {**NEW, "labels": ["nope"]})
    assert response.status_code == 404 and response.json()["error"]["field"] == "labels"
    assert snapshot() == before


def test_a_reporter_may_not_create_tags_if_the_role_lacks_it(world, as_role, reporter):
    """Creating a new tag needs the add_tag right (reporters have it; take it away)."""
    from django.contrib.auth.models import Permission

    reporter.groups.first().permissions.remove(
        Permission.objects.get(codename="add_tag", content_type__app_label="newsroom"))
    before = snapshot()
    response = as_role("reporter").post("/articles", NEW)
    assert response.status_code == 403 and response.json()["error"]["field"] == "tags"
    assert snapshot() == before
    assert as_role("reporter").post("/articles", {**NEW, "tags": ["war"]}).status_code == 201


def test_updating_a_live_article_without_publish_makes_a_draft(world, as_role, anonymous):
    """A change without publish is a draft revision: readers still see the live text."""
    article = world["published"][0]
    response = as_role("editor").patch(f"/articles/{article.pk}", {"headline": "Changed"})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "live+draft" and response.json()["headline"] == "Changed"
    assert anonymous.get(f"/articles/{article.pk}").json()["headline"] == "Story 0"
    response = as_role("editor").patch(f"/articles/{article.pk}", {"publish": True})
    assert response.json()["status"] == "live"
    assert anonymous.get(f"/articles/{article.pk}").json()["headline"] == "Changed"


def test_patch_changes_only_the_given_fields(world, as_role):
    """Fields left out keep their values; a null section clears it."""
    article = world["published"][0]
    data = as_role("editor").patch(f"/articles/{article.pk}",
                                   {"lead": HOSTILE, "section": None}).json()
    assert data["lead"] == HOSTILE and data["section"] is None
    assert data["headline"] == "Story 0" and data["tags"] == [{"slug": "war", "name": "war"}]


def test_a_reporter_edits_only_their_own_drafts(world, as_role, reporter):
    """Someone else's article: 403 and unchanged. Their own: a new draft revision."""
    before = snapshot()
    for target in (world["draft"], world["published"][0]):
        response = as_role("reporter").patch(f"/articles/{target.pk}", {"headline": "Mine now"})
        assert response.status_code == 403
    assert snapshot() == before
    own = make_article(world["draft"].edition, "Own draft", owner=reporter)
    response = as_role("reporter").patch(f"/articles/{own.pk}", {"headline": "Own, better"})
    assert response.status_code == 200 and response.json()["headline"] == "Own, better"
    before = snapshot()
    response = as_role("reporter").patch(f"/articles/{own.pk}", {"publish": True})
    assert response.status_code == 403 and snapshot() == before


def test_a_locked_article_is_a_conflict(world, as_role, other_editor):
    """Another editor's lock makes a write a 409, and nothing changes."""
    article = world["published"][0]
    Article.objects.filter(pk=article.pk).update(locked=True, locked_by=other_editor,
                                                locked_at=timezone.now())
    before = snapshot()
    response = as_role("editor").patch(f"/articles/{article.pk}", {"headline": "x"})
    assert response.status_code == 409 and response.json()["error"]["code"] == "conflict"
    assert snapshot() == before


def test_slug_clash_is_a_conflict(world, as_role):
    """A slug taken in the edition is a 409 naming the slug."""
    response = as_role("editor").post("/articles", {**NEW, "slug": "story-0"})
    assert response.status_code == 409 and response.json()["error"]["field"] == "slug"


def test_update_notes_through_the_action(world, as_role, anonymous):
    """An editor's note goes live at once; a reporter's is denied; a draft can't have one."""
    article = world["published"][2]
    before = snapshot()
    assert as_role("reporter").post(f"/articles/{article.pk}/updates",
                                    {"text": "New facts."}).status_code == 403
    assert snapshot() == before
    response = as_role("editor").post(f"/articles/{article.pk}/updates",
                                      {"text": "We misspelled a name.", "kind": "correction"})
    assert response.status_code == 201
    public = anonymous.get(f"/articles/{article.pk}").json()
    assert public["updates"][0]["kind"] == "correction" and public["updated_at"]
    assert as_role("editor").post(f"/articles/{article.pk}/updates",
                                  {"text": "To be clear.", "kind": "clarification"}
                                  ).status_code == 201
    assert anonymous.get(f"/articles/{article.pk}").json()["updates"][1]["kind"] == (
        "clarification")
    response = as_role("editor").post(f"/articles/{world['draft'].pk}/updates", {"text": "x"})
    assert response.status_code == 409


def test_the_desk_view_shows_drafts_to_tokens_that_may_see_them(world, as_role, anonymous):
    """/articles/{id}/draft gives the latest version to roles with the view right only."""
    draft = world["draft"]
    response = as_role("reporter").get(f"/articles/{draft.pk}/draft")
    assert response.status_code == 200 and response.json()["headline"] == "Secret draft"
    assert response["Cache-Control"] == "private, no-store"
    assert as_role("editor").get(f"/articles/{world['scheduled'].pk}/draft").json()[
        "status"] == "scheduled"
    assert anonymous.get(f"/articles/{draft.pk}/draft").status_code == 401


def test_desk_view_denied_without_the_view_right(world):
    """A token whose user may not view articles gets 403 and no content."""
    from django.contrib.auth.models import User

    from .conftest import Api, token_for

    response = Api(token_for(User.objects.create_user("nobody"))).get(
        f"/articles/{world['draft'].pk}/draft")
    assert response.status_code == 403 and "Secret draft" not in response.content.decode()
