"""Translations never fall behind in silence: a published change readers see in the source
puts every translation of it out of date, a minor one does not; the desk shows exactly what
changed, paragraph by paragraph, and "mark as synced" clears it."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from wagtail.models import ModelLogEntry

from dateline.newsroom import actions
from dateline.newsroom.edits import Changes
from dateline.newsroom.signals import minor_change
from dateline.newsroom.tests.desk import Tab
from dateline.translations import diff, sync
from dateline.translations.actions import MARKED_SYNCED, MarkSyncedAction
from dateline.translations.admin_views import sync_url
from dateline.translations.models import TranslationSync

pytestmark = pytest.mark.django_db

BODY = [("paragraph", "<p>Russia launched 40 drones at night.</p>"),
        ("paragraph", "<p>Air defence shot down 35 of them.</p>"),
        ("paragraph", "<p>Nobody was hurt.</p>")]
LIST = "/admin/snippets/newsroom/article/"


@pytest.fixture
def pair(make_draft, main_edition, global_edition):
    """A published Ukrainian source and its published English translation."""
    source = make_draft("Нічна атака дронів", edition=main_edition, body=BODY,
                        lead="Сили ППО працювали всю ніч.")
    source = actions.PublishAction(source).execute()
    copy = source.copy_for_translation(global_edition.locale)
    copy.headline, copy.lead = "Night drone attack", "Air defence worked all night."
    copy.save()
    copy.save_revision()
    translation = actions.PublishAction(copy).execute()
    return source, translation


def republish(source, **fields):
    return actions.EditArticleAction(source, Changes(fields=fields), publish=True).execute()


def state(translation):
    return TranslationSync.objects.get(translation=translation)


def test_a_translation_follows_the_source_revision_it_was_made_from(pair):
    source, translation = pair
    assert state(translation).source == source
    assert state(translation).synced_revision == source.live_revision
    assert not state(translation).is_out_of_date
    assert not TranslationSync.objects.filter(translation=source).exists()


def test_a_published_change_readers_see_puts_the_translation_out_of_date(pair, changes):
    source, translation = pair
    changes.clear()
    republish(source, body=[*BODY[:1], ("paragraph", "<p>Air defence shot down 38.</p>"),
                            *BODY[2:]])
    assert state(translation).is_out_of_date
    assert (translation.pk, "sync") in changes  # its pages (the readers' notice) are purged
    republish(source, lead="Нове.")  # still out of date, since the first change
    assert state(translation).out_of_date_since <= state(translation).source_changed_at


@pytest.mark.parametrize("change", ["update note", "correction", "image caption"])
def test_notes_and_pictures_are_changes_readers_see(pair, change):
    source, translation = pair
    if change == "image caption":
        republish(source, main_image_caption="A new caption")
    else:
        kind = "update" if change == "update note" else "correction"
        actions.AddUpdateNoteAction(source, "Figures updated.", kind=kind).execute()
    assert state(translation).is_out_of_date


def test_a_minor_change_or_one_readers_do_not_see_leaves_it_in_sync(pair):
    source, translation = pair
    with minor_change():
        source = republish(source, lead="Сили ППО працювали всю ніч!")
    assert not state(translation).is_out_of_date
    assert state(translation).synced_revision == source.live_revision  # follows the fix
    republish(source, seo_title="For search engines only")
    assert not state(translation).is_out_of_date


def test_the_translations_own_publish_and_a_draft_of_the_source_change_nothing(pair):
    source, translation = pair
    republish(translation, lead="Edited translation.")
    actions.EditArticleAction(source, Changes(fields={"lead": "Чернетка."})).execute()
    assert not state(translation).is_out_of_date


def test_the_diff_shows_exactly_the_changed_paragraphs_with_the_changed_words(pair):
    source, translation = pair
    before = state(translation).synced_revision
    source = republish(source, body=[BODY[0], ("paragraph", "<p>Air defence shot down 38 "
                                                            "of them.</p>"),
                                     BODY[2], ("paragraph", "<p>Debris fell in Kyiv.</p>")])
    rows = diff.changes(before, source.live_revision)
    assert [(row["kind"], str(row["label"])) for row in rows] == [
        ("changed", "Paragraph"), ("added", "Paragraph")]
    assert str(rows[0]["old"]) == "Air defence shot down <del>35</del> of them."
    assert str(rows[0]["new"]) == "Air defence shot down <ins>38</ins> of them."
    assert rows[1]["new"] == "Debris fell in Kyiv."


def test_the_diff_escapes_what_the_source_says(pair):
    source, translation = pair
    before = state(translation).synced_revision
    source = republish(source, headline="A & B < C > D <script>")
    [row] = diff.changes(before, source.live_revision)
    assert "<script>" not in str(row["new"]) and "&lt;script&gt;" in str(row["new"])


def test_mark_as_synced_clears_it_and_is_in_the_translations_history(
        pair, editor, reporter, changes):
    source, translation = pair
    source = republish(source, lead="Нове.")
    with pytest.raises(PermissionDenied):
        MarkSyncedAction(translation, user=reporter).execute()
    assert state(translation).is_out_of_date
    changes.clear()
    MarkSyncedAction(translation, user=editor).execute()
    assert not state(translation).is_out_of_date
    assert state(translation).synced_revision == source.live_revision
    assert state(translation).synced_by == editor
    assert changes == [(translation.pk, "sync")]
    assert ModelLogEntry.objects.filter(object_id=str(translation.pk), action=MARKED_SYNCED,
                                        user=editor).exists()


def test_the_desk_lists_filters_and_warns_of_out_of_date_translations(
        pair, make_published, client, editor):
    source, translation = pair
    make_published("Unrelated")
    republish(source, lead="Нове.")
    client.force_login(editor)
    listing = client.get(LIST + "?status=translation_out_of_date").content.decode()
    assert "Night drone attack" in listing and "Unrelated" not in listing
    assert "Translation out of date" in client.get(LIST).content.decode()
    dashboard = client.get("/admin/").content.decode()
    assert "Translations out of date" in dashboard and sync_url(translation.pk) in dashboard
    editor_page = client.get(f"{LIST}edit/{translation.pk}/").content.decode()
    assert "Source changed: compare" in editor_page


def test_the_sync_screen_shows_the_change_side_by_side_and_marks_synced(
        pair, client, editor):
    source, translation = pair
    republish(source, lead="Сили ППО збили всі цілі.")
    client.force_login(editor)
    page = client.get(sync_url(translation.pk)).content.decode()
    assert "<del>працювали всю ніч.</del>" in page and "<ins>збили всі цілі.</ins>" in page
    assert "Air defence worked all night." in page  # the translation, beside its source
    response = client.post(sync_url(translation.pk))
    assert response.status_code == 302 and not state(translation).is_out_of_date


def test_a_reporter_cannot_open_anothers_sync_screen(pair, client, reporter):
    _source, translation = pair
    client.force_login(reporter)
    assert client.post(sync_url(translation.pk)).status_code == 403
    assert client.get(sync_url(pair[0].pk)).status_code == 403


def test_a_minor_change_ticked_on_the_desk_keeps_translations_in_sync(pair, client, editor):
    source, translation = pair
    # The desk's form here carries no body (it is drawn by JavaScript): start from none.
    republish(source, body=[])
    MarkSyncedAction(translation).execute()
    client.force_login(editor)
    response = Tab(client, source, "t1").publish(lead="Сили ППО працювали всю ніч!!",
                                                  minor_change="on")
    assert response.status_code == 302 and not state(translation).is_out_of_date
    assert Tab(client, source, "t2").publish(lead="Інший факт.").status_code == 302
    assert state(translation).is_out_of_date


@pytest.mark.parametrize("notice", [True, False])
def test_readers_of_an_out_of_date_translation_are_told_when_the_setting_says_so(
        pair, settings, notice):
    settings.DATELINE_TRANSLATION_NOTICE = notice
    source, translation = pair
    reader = Client()
    assert "original-updated" not in reader.get(translation.get_absolute_url()).content.decode()
    republish(source, lead="Нове.")
    page = reader.get(translation.get_absolute_url()).content.decode()
    assert ("The original of this article was updated" in page) is notice
    if notice:
        assert f'href="{source.get_absolute_url()}" hreflang="uk"' in page
        MarkSyncedAction(translation).execute()
        assert "original-updated" not in reader.get(
            translation.get_absolute_url()).content.decode()


def test_no_notice_points_at_an_original_that_is_not_public(pair, settings):
    settings.DATELINE_TRANSLATION_NOTICE = True
    source, translation = pair
    republish(source, lead="Нове.")
    actions.UnpublishAction(source).execute()
    assert "original-updated" not in Client().get(
        translation.get_absolute_url()).content.decode()


def test_sources_are_the_oldest_of_their_group(pair, global_edition):
    source, translation = pair
    assert sync.source_of(source) is None and sync.source_of(translation) == source


def test_translations_written_straight_into_the_tables_are_tracked_afterwards(pair):
    source, translation = pair
    TranslationSync.objects.all().delete()  # as rows bulk-written without signals
    sync.track_untracked()
    assert state(translation).source == source
    assert state(translation).synced_revision == source.live_revision
    assert TranslationSync.objects.count() == 1
