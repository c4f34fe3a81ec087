"""Entries are written only through the live actions: role rules, history, one purge each,
and no lock in the way."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from wagtail.models import ModelLogEntry

from dateline.live.actions import (
    DeleteEntryAction,
    EditEntryAction,
    EndCoverageAction,
    EntryChanges,
    PostEntryAction,
    PublishEntryAction,
)
from dateline.live.models import Entry
from dateline.newsroom.edits import KEEP, Conflict

pytestmark = pytest.mark.django_db


def post(article, text="Explosions heard in Kyiv.", user=None, publish=True, **fields):
    return PostEntryAction(article, EntryChanges(text=text, **fields), user=user,
                           publish=publish).execute()


def logged(article, action):
    return ModelLogEntry.objects.filter(object_id=str(article.pk), action=action).count()


def test_an_editor_posts_an_entry_that_readers_see_at_once(make_live, editor, changes):
    article = make_live()
    changes.clear()
    entry = post(article, "Air raid alert.\n\nExplosions heard.", user=editor)
    assert entry.status == Entry.Status.PUBLISHED and entry.is_public
    assert [block.block_type for block in entry.body] == ["paragraph", "paragraph"]
    assert list(Entry.objects.public()) == [entry]
    assert changes == [(article.pk, "entry")]
    assert logged(article, "dateline.live.post") == 1


def test_a_reporter_keeps_drafts_and_an_editor_publishes_them(make_live, reporter, editor):
    article = make_live(owner=reporter)
    with pytest.raises(PermissionDenied):
        post(article, user=reporter)
    draft = post(article, user=reporter, publish=False)
    assert draft.status == Entry.Status.DRAFT and not Entry.objects.public().exists()
    EditEntryAction(draft, EntryChanges(text="Corrected draft."), user=reporter).execute()
    with pytest.raises(PermissionDenied):
        PublishEntryAction(draft, user=reporter).execute()
    PublishEntryAction(draft, user=editor).execute()
    assert list(Entry.objects.public()) == [draft]
    with pytest.raises(PermissionDenied):  # published: an editor's now
        EditEntryAction(draft, EntryChanges(text="Again."), user=reporter).execute()


def test_the_articles_lock_does_not_block_entries(make_live, editor, other_editor):
    article = make_live()
    article.locked, article.locked_by, article.locked_at = True, other_editor, timezone.now()
    article.save()
    assert post(article, user=editor).is_public


def test_two_entries_in_the_same_second_both_appear_in_order(make_live, editor, other_editor):
    article = make_live()
    moment = timezone.now().replace(microsecond=0)
    first = post(article, "First.", user=editor, posted_at=moment)
    second = post(article, "Second.", user=other_editor, posted_at=moment)
    assert list(article.live_entries.public().newest_first()) == [second, first]


def test_a_scheduled_entry_appears_by_itself(make_live, editor):
    article = make_live()
    entry = post(article, user=editor, posted_at=timezone.now() + timedelta(minutes=5))
    assert not entry.is_public
    assert Entry.objects.public(now=timezone.now() + timedelta(minutes=6)).get() == entry


def test_editing_a_published_entry_says_updated(make_live, editor):
    entry = post(make_live(), user=editor)
    assert entry.edited_at is None
    EditEntryAction(entry, EntryChanges(pinned=True), user=editor).execute()
    assert entry.edited_at is None  # pinning changes no text
    EditEntryAction(entry, EntryChanges(text="Two explosions heard."), user=editor).execute()
    entry.refresh_from_db()
    assert entry.edited_at and entry.pinned


def test_editing_the_text_keeps_the_entrys_quote_and_embed_in_place(make_live, editor):
    """The composer's text box holds only paragraphs: a changed text replaces them and the
    entry's other blocks stay where they were; extra paragraphs go at the end."""
    entry = post(make_live(), user=editor, body=[
        {"type": "paragraph", "value": "<p>First.</p>"},
        {"type": "quote", "value": {"text": "We will rebuild.", "attribution": "The mayor"}},
        {"type": "paragraph", "value": "<p>Second.</p>"},
        {"type": "embed", "value": "https://www.youtube.com/watch?v=dQw4w9WgXcQ"},
    ], text=KEEP)
    EditEntryAction(entry, EntryChanges(text="First, corrected.\n\nSecond.\n\nThird."),
                    user=editor).execute()
    entry.refresh_from_db()
    assert [(block.block_type, str(block.render_as_block()) if block.block_type == "paragraph"
             else None) for block in entry.body] == [
        ("paragraph", "<p>First, corrected.</p>"), ("quote", None), ("paragraph", "<p>Second.</p>"),
        ("embed", None), ("paragraph", "<p>Third.</p>")]
    assert entry.body[1].value["text"] == "We will rebuild."
    EditEntryAction(entry, EntryChanges(text="Only one."), user=editor).execute()
    entry.refresh_from_db()
    assert [block.block_type for block in entry.body] == ["paragraph", "quote", "embed"]


def test_an_entry_keeps_its_summary_as_its_text_changes(make_live, editor):
    """Key events, feeds and JSON-LD name an entry by its stored summary: the title, else
    its first twelve words, written again with every edit."""
    entry = post(make_live(), "Air defence is at work in the Kyiv region; residents are "
                 "asked to stay in shelters until the all-clear.", user=editor)
    assert entry.summary == "Air defence is at work in the Kyiv region; residents are asked…"
    EditEntryAction(entry, EntryChanges(text="All clear in Kyiv."), user=editor).execute()
    entry.refresh_from_db()
    assert entry.summary == "All clear in Kyiv."
    EditEntryAction(entry, EntryChanges(title="All clear"), user=editor).execute()
    entry.refresh_from_db()
    assert entry.summary == "All clear"


def test_a_deleted_entry_keeps_nothing_readers_could_see(make_live, editor, changes):
    article = make_live()
    entry = post(article, "Unverified claim.", user=editor, title="Claim", key_event=True)
    changes.clear()
    DeleteEntryAction(entry, user=editor).execute()
    entry.refresh_from_db()
    assert entry.status == Entry.Status.DELETED and entry.title == "" and not len(entry.body)
    assert entry.summary == ""
    assert not Entry.objects.public().exists() and not entry.key_event
    assert changes == [(article.pk, "entry")]
    history = ModelLogEntry.objects.get(object_id=str(article.pk), action="dateline.live.delete")
    assert "Unverified claim." in history.data["said"]["text"]
    with pytest.raises(Conflict):
        EditEntryAction(entry, EntryChanges(text="Back."), user=editor).execute()


def test_bad_input_changes_nothing(make_live, make_published, editor):
    article = make_live()
    with pytest.raises(ValidationError):
        post(article, "   \n\n ", user=editor)
    with pytest.raises(Conflict):
        post(make_published("Ordinary news"), user=editor)
    assert not Entry.objects.exists()


def test_hostile_text_is_cut_to_the_allow_list(make_live, editor):
    entry = PostEntryAction(make_live(), EntryChanges(
        html='<p onclick="x()">Hi<script>alert(1)</script> <a href="javascript:x">l</a>'
             '\u202e</p>'), user=editor).execute()
    stored = str(entry.body.get_prep_value())
    assert "script" not in stored and "onclick" not in stored and "javascript" not in stored
    assert "\u202e" not in stored


def test_ending_coverage_survives_a_later_publish_of_the_draft(make_live, editor):
    from dateline.newsroom.actions import PublishAction

    article = make_live()
    assert article.coverage_open()
    version = article.get_latest_revision_as_object()
    version.lead = "A draft change."
    version.save_revision(user=editor)
    EndCoverageAction(article, user=editor).execute()
    assert not article.coverage_open()
    PublishAction(article, user=editor).execute()
    article.refresh_from_db()
    assert not article.coverage_open() and article.lead == "A draft change."
    EndCoverageAction(article, user=editor, reopen=True).execute()
    assert article.coverage_open()
