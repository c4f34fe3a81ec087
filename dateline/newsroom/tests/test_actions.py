import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.models import ModelLogEntry

from dateline.conftest import HOSTILE
from dateline.newsroom import actions
from dateline.newsroom.models import Article, ArticleUpdate

pytestmark = pytest.mark.django_db


def _log_actions(article):
    return list(ModelLogEntry.objects.filter(object_id=str(article.pk))
                .order_by("timestamp", "id").values_list("action", flat=True))


def test_publish_records_history_and_signals(make_draft, editor, changes):
    """Publishing is logged with its user and announced once."""
    article = make_draft()
    actions.PublishAction(article, user=editor).execute()
    assert article.live and article.first_published_at
    assert "wagtail.publish" in _log_actions(article)
    assert ModelLogEntry.objects.get(object_id=str(article.pk), action="wagtail.publish").user == editor
    assert changes == [(article.pk, "publish")]


def test_update_note_is_published_with_time_and_sets_updated_at(make_published, editor, changes):
    """An update note goes live at once, with its time, and moves the article's modified time."""
    article = make_published()
    changes.clear()
    actions.AddUpdateNoteAction(article, text=HOSTILE, user=editor).execute()
    article.refresh_from_db()
    note = article.updates.get()
    assert note.text == HOSTILE and note.kind == ArticleUpdate.Kind.UPDATE
    assert article.updated_at == note.noted_at
    assert article.modified_at == note.noted_at
    assert article.live and not article.has_unpublished_changes
    assert "dateline.update" in _log_actions(article)
    assert changes == [(article.pk, "update")]


def test_update_note_does_not_publish_pending_draft_changes(make_published, editor):
    """Adding a note publishes the live version plus the note, not the unfinished draft."""
    article = make_published("Original headline")
    draft = Article.objects.get(pk=article.pk)
    draft.headline = "Unfinished new headline"
    draft.save_revision(user=editor)
    actions.AddUpdateNoteAction(article, text="Toll rises to 5.", user=editor).execute()
    article.refresh_from_db()
    assert article.headline == "Original headline"
    assert article.updates.count() == 1
    assert article.has_unpublished_changes
    latest = article.latest_revision.as_object()
    assert latest.headline == "Unfinished new headline"
    assert [note.text for note in latest.updates.all()] == ["Toll rises to 5."]


def test_correction_is_its_own_kind(make_published, editor):
    """A correction is recorded as one, in the note and in the history."""
    article = make_published()
    actions.AddUpdateNoteAction(article, text="We misspelled a name.",
                                kind=ArticleUpdate.Kind.CORRECTION, user=editor).execute()
    assert article.updates.get().kind == ArticleUpdate.Kind.CORRECTION
    assert "dateline.correction" in _log_actions(article)


def test_clarification_is_its_own_kind_and_announced_as_one(make_published, editor, changes):
    """A clarification is recorded, logged and announced as a clarification."""
    article = make_published()
    actions.AddUpdateNoteAction(article, text="Not all of them were soldiers.",
                                kind=ArticleUpdate.Kind.CLARIFICATION, user=editor).execute()
    assert article.updates.get().kind == ArticleUpdate.Kind.CLARIFICATION
    assert "dateline.clarification" in _log_actions(article)
    assert (article.pk, "clarification") in changes


def test_an_unknown_kind_of_note_is_refused(make_published, editor):
    """A kind that is none of update, correction and clarification is refused; no note."""
    article = make_published()
    with pytest.raises(ValidationError):
        actions.AddUpdateNoteAction(article, text="Note", kind="rumour", user=editor).execute()
    assert not article.updates.exists()


@pytest.mark.parametrize("text", ["", "   "])
def test_empty_update_note_is_refused_and_changes_nothing(make_published, editor, text):
    """An empty note is a clear error; the article is untouched."""
    article = make_published()
    revisions = article.revisions.count()
    with pytest.raises(ValidationError):
        actions.AddUpdateNoteAction(article, text=text, user=editor).execute()
    article.refresh_from_db()
    assert article.updated_at is None and not article.updates.exists()
    assert article.revisions.count() == revisions


def test_update_note_on_a_draft_is_refused(make_draft, editor):
    """Only a published article can carry an update note."""
    article = make_draft()
    with pytest.raises(ValidationError):
        actions.AddUpdateNoteAction(article, text="Note", user=editor).execute()
    assert not ArticleUpdate.objects.exists()


def test_reporter_cannot_add_update_note(make_published, reporter):
    """Update notes need the publish permission; a denied attempt changes nothing."""
    article = make_published()
    with pytest.raises(PermissionDenied):
        actions.AddUpdateNoteAction(article, text="Note", user=reporter).execute()
    assert not ArticleUpdate.objects.exists()


def test_retract_unpublishes_and_logs_the_reason(make_published, chief, changes):
    """Retraction takes the article down, keeps it and its history, and says why."""
    article = make_published()
    changes.clear()
    actions.RetractAction(article, note="Sources withdrew.", user=chief).execute()
    article.refresh_from_db()
    assert not article.live and article.retracted_at
    assert article.retraction_note == "Sources withdrew."
    assert "dateline.retract" in _log_actions(article)
    assert changes == [(article.pk, "retract")]


def test_editor_cannot_retract(make_published, editor):
    """Retraction is the chief editor's call; an editor is refused and nothing changes."""
    article = make_published()
    with pytest.raises(PermissionDenied):
        actions.RetractAction(article, note="Because.", user=editor).execute()
    article.refresh_from_db()
    assert article.live and article.retracted_at is None


def test_retraction_needs_a_reason(make_published, chief):
    """A retraction without a reason is refused."""
    article = make_published()
    with pytest.raises(ValidationError):
        actions.RetractAction(article, note=" ", user=chief).execute()
    article.refresh_from_db()
    assert article.live


def test_locked_article_refuses_update_note_from_another_editor(make_published, editor,
                                                                  other_editor):
    """A lock held by one editor stops another editor's update note."""
    article = make_published()
    article.locked, article.locked_by = True, editor
    article.save()
    with pytest.raises(PermissionDenied):
        actions.AddUpdateNoteAction(article, text="Note", user=other_editor).execute()
    assert not ArticleUpdate.objects.exists()
