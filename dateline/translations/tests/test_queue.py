"""The translation queue: what is published in one edition and not yet in another, started
with its structure (tags and section as their counterparts there), given to a translator
who hears when the source moves on."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from dateline.newsroom import actions
from dateline.newsroom.edits import Changes, Conflict
from dateline.newsroom.models import Article, ArticleTag, Label, Section, Tag
from dateline.translations import queue
from dateline.translations.actions import AssignTranslationAction, StartTranslationAction
from dateline.translations.models import SectionCounterpart, TagCounterpart, TranslationTask

pytestmark = pytest.mark.django_db

QUEUE = "/admin/translations/queue/"


@pytest.fixture
def furniture(main_edition, global_edition):
    war_uk = Section.objects.create(edition=main_edition, name="Війна")
    war_en = Section.objects.create(edition=global_edition, name="War")
    SectionCounterpart.objects.create(one=war_uk, other=war_en)
    drones_uk = Tag.objects.create(edition=main_edition, name="Дрони")
    drones_en = Tag.objects.create(edition=global_edition, name="Drones")
    TagCounterpart.objects.create(one=drones_en, other=drones_uk)  # either way round
    lonely = Tag.objects.create(edition=main_edition, name="Без пари")
    Label.objects.create(edition=main_edition, name="Ексклюзив", slug="exclusive")
    exclusive_en = Label.objects.create(edition=global_edition, name="Exclusive",
                                        slug="exclusive")
    return {"section": (war_uk, war_en), "tag": (drones_uk, drones_en), "lonely": lonely,
            "label": exclusive_en}


@pytest.fixture
def source(make_draft, main_edition, furniture):
    article = make_draft("Атака дронів на Київ", edition=main_edition,
                         section=furniture["section"][0],
                         body=[("paragraph", "<p>Уночі Київ атакували дрони.</p>")])
    ArticleTag.objects.create(article=article, tag=furniture["tag"][0])
    ArticleTag.objects.create(article=article, tag=furniture["lonely"])
    article.labels.set(Label.objects.filter(edition=main_edition))
    article.save_revision()
    return actions.PublishAction(article).execute()


def test_the_queue_lists_what_has_no_version_in_the_edition(
        source, make_published, make_draft, main_edition, global_edition):
    old = make_published("Давня", edition=main_edition)
    Article.objects.filter(pk=old.pk).update(first_published_at=timezone.now()
                                             - timedelta(days=10))
    make_draft("Чернетка", edition=main_edition)
    assert list(queue.untranslated(global_edition)) == [source]
    assert set(queue.untranslated(global_edition, age="30d")) == {source, old}
    assert list(queue.untranslated(global_edition, section=source.section)) == [source]
    StartTranslationAction(source, global_edition).execute()
    assert list(queue.untranslated(global_edition)) == []


def test_start_translation_copies_the_structure_with_counterparts(
        source, global_edition, furniture, reporter):
    draft = StartTranslationAction(source, global_edition, user=reporter).execute()
    assert draft.edition == global_edition and not draft.live
    assert draft.translation_key == source.translation_key
    assert draft.section == furniture["section"][1]
    assert [link.tag for link in draft.tag_links.all()] == [furniture["tag"][1]]
    assert list(draft.labels.all()) == [furniture["label"]]
    assert draft.headline == source.headline and draft.body.raw_data[0]["type"] == "paragraph"
    task = TranslationTask.objects.get(source=source, edition=global_edition)
    assert task.translation == draft and task.translator == reporter
    assert draft.sync.source == source  # and it follows the source from the start
    with pytest.raises(Conflict):
        StartTranslationAction(source, global_edition, user=reporter).execute()


def test_an_edition_cannot_translate_into_itself(source, main_edition):
    with pytest.raises(ValidationError):
        StartTranslationAction(source, main_edition).execute()


def test_a_counterpart_is_in_another_edition(furniture, main_edition):
    other = Tag.objects.create(edition=main_edition, name="Ще")
    with pytest.raises(ValidationError):
        TagCounterpart(one=furniture["lonely"], other=other).full_clean()


def test_an_editor_assigns_and_the_translator_hears_when_the_source_moves_on(
        source, global_edition, editor, reporter, django_capture_on_commit_callbacks):
    reporter.email = "translator@example.org"
    reporter.save()
    with pytest.raises(PermissionDenied):
        AssignTranslationAction(source, global_edition, reporter, user=reporter).execute()
    AssignTranslationAction(source, global_edition, reporter, user=editor).execute()
    draft = StartTranslationAction(source, global_edition, user=editor).execute()
    assert TranslationTask.objects.get(translation=draft).translator == reporter
    with django_capture_on_commit_callbacks(execute=True):
        actions.EditArticleAction(source, Changes(fields={"lead": "Нові дані."}),
                                  publish=True).execute()
    [message] = mail.outbox
    assert message.to == ["translator@example.org"]
    assert "Атака дронів на Київ" in message.subject
    assert f"/admin/translations/{draft.pk}/" in message.body
    with django_capture_on_commit_callbacks(execute=True):  # still out of date: told once
        actions.EditArticleAction(source, Changes(fields={"lead": "Ще дані."}),
                                  publish=True).execute()
    assert len(mail.outbox) == 1


def test_the_queue_screen_assigns_and_starts(client, editor, reporter, source, global_edition):
    client.force_login(editor)
    page = client.get(QUEUE + f"?into={global_edition.pk}").content.decode()
    assert "Атака дронів на Київ" in page and "Start translation into Dateline Global" in page
    client.post(QUEUE + f"?into={global_edition.pk}",
                {"article": source.pk, "into": global_edition.pk, "assign": "1",
                 "translator": reporter.pk})
    assert TranslationTask.objects.get(source=source).translator == reporter
    response = client.post(QUEUE, {"article": source.pk, "into": global_edition.pk})
    draft = Article.objects.get(edition=global_edition)
    assert response.status_code == 302 and response["Location"].endswith(f"/edit/{draft.pk}/")
    assert "Атака дронів на Київ" not in client.get(
        QUEUE + f"?into={global_edition.pk}").content.decode()


def test_bad_queue_input_is_refused_with_nothing_changed(client, editor, source, global_edition):
    client.force_login(editor)
    assert client.get(QUEUE + "?age=forever").status_code == 200  # the form says what is wrong
    assert client.post(QUEUE, {"article": "x", "into": global_edition.pk}).status_code == 404
    assert client.post(QUEUE, {"article": source.pk, "into": source.edition_id}).status_code == 302
    assert not Article.objects.filter(edition=global_edition).exists()
