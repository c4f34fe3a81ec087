"""The editor's desk, driven through the admin as editors use it."""

import pytest
from wagtail.models import WorkflowState

from dateline.conftest import HOSTILE
from dateline.newsroom import actions
from dateline.newsroom.models import Article, Section, Tag

from .desk import form_data, url

pytestmark = pytest.mark.django_db


def _create(client, edition, headline, **changes):
    data = form_data(client, url("add"), edition=edition.pk, headline=headline, **changes)
    return client.post(url("add"), data)


def test_reporter_creates_a_draft_they_own(client, reporter, global_edition):
    """A reporter's new article is a draft owned by them; the desk shows it back."""
    client.force_login(reporter)
    response = _create(client, global_edition, HOSTILE, lead="Lead")
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.headline == HOSTILE and article.owner == reporter
    assert not article.live and article.latest_revision
    assert article.slug == "a-b-c-d-q-s-script"
    page = client.get(url("edit", article.pk))
    assert page.status_code == 200
    assert "<script>alert" not in page.content.decode()


def test_reporter_cannot_publish(client, reporter, global_edition):
    """A reporter pressing publish gets nothing published."""
    client.force_login(reporter)
    _create(client, global_edition, "Attempt", **{"action-publish": "1"})
    assert not Article.objects.filter(live=True).exists()


def test_reporter_cannot_edit_someone_elses_article(client, reporter, make_draft, other_reporter):
    """Another reporter's draft is out of reach: denied, and unchanged."""
    article = make_draft("Theirs", owner=other_reporter)
    client.force_login(reporter)
    response = client.get(url("edit", article.pk))
    assert response.status_code in (302, 403)
    response = client.post(url("edit", article.pk), {"headline": "Mine now"})
    assert response.status_code in (302, 403)
    article.refresh_from_db()
    assert article.headline == "Theirs"
    assert article.revisions.count() == 1


def test_reporter_submits_for_review_and_editor_approves(client, reporter, editor,
                                                         global_edition):
    """Reporter submits, an editor approves, the article is published."""
    client.force_login(reporter)
    _create(client, global_edition, "For review", **{"action-submit": "1"})
    article = Article.objects.get()
    state = WorkflowState.objects.get(object_id=str(article.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert not article.live

    client.force_login(editor)
    task_state = state.current_task_state
    response = client.post(
        url("workflow_action", article.pk, "approve", task_state.pk), {"comment": "Good."})
    assert response.status_code in (200, 302)
    article.refresh_from_db()
    assert article.live


def test_editor_publishes_and_unpublishes(client, editor, make_draft):
    """An editor publishes from the editor and unpublishes from its own screen."""
    article = make_draft("Ready")
    client.force_login(editor)
    data = form_data(client, url("edit", article.pk), **{"action-publish": "1"})
    assert client.post(url("edit", article.pk), data).status_code == 302
    article.refresh_from_db()
    assert article.live
    assert client.post(url("unpublish", article.pk)).status_code == 302
    article.refresh_from_db()
    assert not article.live


def test_unpublish_refuses_get(client, editor, make_published):
    """State-changing screens change nothing on GET."""
    article = make_published()
    client.force_login(editor)
    client.get(url("unpublish", article.pk))
    article.refresh_from_db()
    assert article.live


def test_locked_article_cannot_be_saved_by_another_editor(client, editor, other_editor,
                                                          make_draft):
    """A lock held by one editor stops another's save; the content stays as it was."""
    article = make_draft("Locked story")
    client.force_login(editor)
    assert client.post(url("lock", article.pk)).status_code == 302
    article.refresh_from_db()
    assert article.locked and article.locked_by == editor

    client.force_login(other_editor)
    data = form_data(client, url("edit", article.pk), headline="Overwritten")
    client.post(url("edit", article.pk), data)
    article.refresh_from_db()
    assert article.headline == "Locked story"
    assert article.latest_revision.as_object().headline == "Locked story"
    client.post(url("unlock", article.pk))
    article.refresh_from_db()
    assert article.locked, "an editor cannot break another editor's lock"


def test_lock_holder_and_chief_editor_can_unlock(client, editor, chief, make_draft):
    """An editor releases their own lock; a chief editor can break anyone's."""
    article = make_draft()
    client.force_login(editor)
    client.post(url("lock", article.pk))
    client.post(url("unlock", article.pk))
    article.refresh_from_db()
    assert not article.locked
    client.post(url("lock", article.pk))
    client.force_login(chief)
    client.post(url("unlock", article.pk))
    article.refresh_from_db()
    assert not article.locked


def test_lock_refuses_get(client, editor, make_draft):
    """Locking needs a POST."""
    article = make_draft()
    client.force_login(editor)
    response = client.get(url("lock", article.pk))
    assert response.status_code == 405
    article.refresh_from_db()
    assert not article.locked and article.get_lock() is None


def test_reverting_a_revision_restores_the_content(client, editor, make_draft):
    """Reverting to an old revision brings back its headline, lead and body."""
    article = make_draft("First version", lead="First lead")
    first = article.latest_revision
    actions.PublishAction(article, user=editor).execute()
    article.headline, article.lead = "Second version", "Second lead"
    article.save_revision(user=editor).publish(user=editor)
    article.refresh_from_db()
    assert article.headline == "Second version"

    client.force_login(editor)
    revert_url = url("revisions_revert", article.pk, first.pk)
    data = form_data(client, revert_url, **{"action-publish": "1"})
    assert client.post(revert_url, data).status_code == 302
    article.refresh_from_db()
    assert (article.headline, article.lead) == ("First version", "First lead")


def test_blank_headline_is_refused_and_nothing_is_saved(client, editor, global_edition):
    """A form without a headline shows an error and saves nothing."""
    client.force_login(editor)
    response = _create(client, global_edition, "", **{"action-publish": "1"})
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert not Article.objects.exists()


def test_section_of_another_edition_is_refused(client, editor, global_edition, main_edition):
    """Links must stay within the article's edition."""
    section = Section.objects.create(edition=main_edition, name="Політика")
    client.force_login(editor)
    response = _create(client, global_edition, "Cross-edition", section=section.pk,
                       **{"action-publish": "1"})
    assert response.status_code == 200
    assert not Article.objects.exists()


def test_tag_of_another_edition_is_refused(client, editor, global_edition, main_edition):
    """A tag from the other edition is an error on that tag."""
    tag = Tag.objects.create(edition=main_edition, name="війна")
    client.force_login(editor)
    data = form_data(client, url("add"), edition=global_edition.pk, headline="Tagged")
    data.update({"tag_links-TOTAL_FORMS": "1", "tag_links-0-tag": str(tag.pk),
                 "tag_links-0-id": "", "tag_links-0-DELETE": ""})
    response = client.post(url("add"), data)
    assert response.status_code == 200
    assert "Choose one from this article" in response.content.decode()
    assert not Article.objects.exists()


def test_reporter_cannot_manage_editions(client, reporter, chief):
    """Editions are the chief editor's to manage."""
    add = "/admin/snippets/newsroom/edition/add/"
    client.force_login(reporter)
    assert client.get(add).status_code in (302, 403)
    client.force_login(chief)
    assert client.get(add).status_code == 200


def test_bad_time_zone_is_refused(client, chief):
    """An edition with an unknown time zone is not saved."""
    client.force_login(chief)
    response = client.post("/admin/snippets/newsroom/edition/add/", {
        "name": "X", "code": "x", "language": "en", "time_zone": "Mars/Olympus",
        "publication_name": "X"})
    assert response.status_code == 200
    assert "is not a time zone name" in response.content.decode()


def test_update_note_screen_publishes_a_note(client, editor, make_published):
    """The desk's update-note screen adds a public note to a live article."""
    article = make_published()
    client.force_login(editor)
    response = client.post(url("update_note", article.pk), {"kind": "update",
                                                             "text": "Toll rises."})
    assert response.status_code == 302
    assert article.updates.get().text == "Toll rises."
    assert "Toll rises." in client.get(url("edit", article.pk)).content.decode()


def test_update_note_screen_offers_and_adds_a_clarification(client, editor, make_published):
    """The screen offers the three kinds; a clarification is added as one."""
    article = make_published()
    client.force_login(editor)
    form = client.get(url("update_note", article.pk)).content.decode()
    assert 'value="clarification"' in form and "Clarification" in form
    response = client.post(url("update_note", article.pk), {"kind": "clarification",
                                                             "text": "To be clear."})
    assert response.status_code == 302
    assert article.updates.get().kind == "clarification"


def test_update_note_screen_with_empty_text_changes_nothing(client, editor, make_published):
    """An empty note shows an error and adds nothing."""
    article = make_published()
    client.force_login(editor)
    response = client.post(url("update_note", article.pk), {"kind": "update", "text": ""})
    assert response.status_code == 200
    assert not article.updates.exists()


def test_reporter_is_denied_the_retract_screen(client, reporter, make_published):
    """Retraction screens refuse roles without the right, and change nothing."""
    article = make_published()
    client.force_login(reporter)
    response = client.post(url("retract", article.pk), {"note": "Bye"})
    assert response.status_code in (302, 403)
    article.refresh_from_db()
    assert article.live and not article.retracted_at


def test_chief_retracts_from_the_desk(client, chief, make_published):
    """A chief editor retracts with a reason."""
    article = make_published()
    client.force_login(chief)
    assert client.post(url("retract", article.pk), {"note": "Wrong."}).status_code == 302
    article.refresh_from_db()
    assert not article.live and article.retraction_note == "Wrong."


def test_nobody_but_a_superuser_deletes_a_published_article(client, chief, make_published):
    """Published work is retracted, never deleted, by newsroom roles."""
    article = make_published()
    client.force_login(chief)
    client.post(url("delete", article.pk))
    assert Article.objects.filter(pk=article.pk).exists()


def test_article_list_filters_by_status(client, editor, make_draft, make_published):
    """The desk's list narrows to drafts or published items."""
    make_draft("A draft")
    make_published("A live one")
    client.force_login(editor)
    drafts = client.get(url("list"), {"status": "draft"}).content.decode()
    live = client.get(url("list"), {"status": "live"}).content.decode()
    assert "A draft" in drafts and "A live one" not in drafts
    assert "A live one" in live and "A draft" not in live


def test_dashboard_warns_about_a_silent_worker(client, editor):
    """The desk's home page says when no worker is publishing."""
    client.force_login(editor)
    assert "publishing worker has never run" in client.get("/admin/").content.decode()


def test_preview_shows_unsaved_changes_as_readers_will_see_them(client, editor, make_draft):
    """Preview renders the public article template with the edits not yet saved."""
    article = make_draft("Saved headline")
    client.force_login(editor)
    preview_url = url("preview_on_edit", article.pk)
    data = form_data(client, url("edit", article.pk), headline="Previewed headline")
    assert client.post(preview_url, data).json()["is_valid"]
    html = client.get(preview_url).content.decode()
    assert "<h1>Previewed headline</h1>" in html
    article.refresh_from_db()
    assert article.headline == "Saved headline"


def test_reporter_cannot_preview_someone_elses_draft(client, reporter, other_reporter,
                                                      make_draft):
    """Preview is for those who may edit the article."""
    article = make_draft("Secret draft", owner=other_reporter)
    client.force_login(reporter)
    response = client.get(url("preview_on_edit", article.pk))
    assert response.status_code in (302, 403)
    assert "Secret draft" not in response.content.decode()


@pytest.mark.parametrize("model", ["tag", "section", "label"])
def test_duplicate_name_in_an_edition_is_a_form_error(client, chief, global_edition,
                                                       main_edition, model):
    """A second tag (section, label) of the same name in one edition is refused cleanly."""
    add = f"/admin/snippets/newsroom/{model}/add/"
    client.force_login(chief)
    fields = {"edition": global_edition.pk, "name": "Ukraine", "slug": "", "sort_order": 0}
    assert client.post(add, fields).status_code == 302
    response = client.post(add, fields)
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert client.post(add, {**fields, "edition": main_edition.pk}).status_code == 302


def test_duplicate_author_name_is_a_form_error(client, chief):
    """Two authors cannot share an address."""
    client.force_login(chief)
    add = "/admin/snippets/newsroom/author/add/"
    fields = {"name": "Vitaly Portnikov", "slug": "", "role": "", "bio": "",
              "edition_names-TOTAL_FORMS": "0", "edition_names-INITIAL_FORMS": "0",
              "edition_names-MIN_NUM_FORMS": "0", "edition_names-MAX_NUM_FORMS": "1000"}
    assert client.post(add, fields).status_code == 302
    response = client.post(add, fields)
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
