"""A translation's own address: its slug comes from its own headline at its first publish,
and a published address never changes."""

import pytest

from dateline.newsroom import actions
from dateline.newsroom.edits import Changes
from dateline.newsroom.models import Article
from dateline.translations.actions import StartTranslationAction

pytestmark = pytest.mark.django_db


def _retitle(article, headline, editor, **fields):
    return actions.EditArticleAction(article, Changes(fields={"headline": headline, **fields}),
                                     user=editor).execute()


def _copy(source, edition):
    copy = source.copy_for_translation(edition.locale)
    copy.save()
    copy.save_revision()
    return copy


def test_a_ukrainian_story_translated_to_english_gets_an_english_slug(
        make_published, main_edition, global_edition, editor):
    """uk→en: the copy starts with the source's slug; its first publish takes its own."""
    source = make_published("Київ прокидається", edition=main_edition)
    copy = _copy(source, global_edition)
    assert copy.slug == source.slug == "київ-прокидається"
    _retitle(copy, "Kyiv wakes up", editor)
    published = actions.PublishAction(Article.objects.get(pk=copy.pk), user=editor).execute()
    assert published.slug == "kyiv-wakes-up"
    assert published.get_absolute_url().endswith("/kyiv-wakes-up/")
    assert published.get_latest_revision_as_object().slug == "kyiv-wakes-up"


def test_an_english_story_translated_to_ukrainian_gets_a_cyrillic_slug(
        make_published, main_edition, global_edition, editor):
    """en→uk through the queue: the Ukrainian slug keeps its letters, as the main edition's do."""
    source = make_published("Kyiv wakes up", edition=global_edition)
    draft = StartTranslationAction(source, main_edition, user=editor).execute()
    assert draft.slug == "kyiv-wakes-up"
    _retitle(draft, "Київ прокидається", editor)
    published = actions.PublishAction(Article.objects.get(pk=draft.pk), user=editor).execute()
    assert published.slug == "київ-прокидається"


def test_a_published_translation_keeps_its_address(make_published, main_edition,
                                                    global_edition, editor):
    """Once published, a new headline (or unpublishing and publishing) leaves the slug be."""
    source = make_published("Kyiv wakes up", edition=global_edition)
    draft = StartTranslationAction(source, main_edition, user=editor).execute()
    _retitle(draft, "Київ прокидається", editor)
    actions.PublishAction(Article.objects.get(pk=draft.pk), user=editor).execute()
    article = _retitle(Article.objects.get(pk=draft.pk), "Київ прокинувся", editor)
    actions.UnpublishAction(article, user=editor).execute()
    article = actions.PublishAction(Article.objects.get(pk=draft.pk), user=editor).execute()
    assert article.headline == "Київ прокинувся"
    assert article.slug == "київ-прокидається"
    assert article.source_slug == ""


def test_a_slug_set_by_hand_is_kept(make_published, main_edition, global_edition, editor):
    """The editor's own slug (even with a hostile headline about) is theirs."""
    source = make_published("Kyiv wakes up", edition=global_edition)
    draft = StartTranslationAction(source, main_edition, user=editor).execute()
    _retitle(draft, 'A & B < C > D "q"', editor, slug="kyiv-rankom")
    published = actions.PublishAction(Article.objects.get(pk=draft.pk), user=editor).execute()
    assert published.slug == "kyiv-rankom"


def test_the_own_slug_avoids_a_taken_one(make_published, main_edition, global_edition, editor):
    """A slug already used in the edition gets a number, as any derived slug does."""
    make_published("Київ прокидається", edition=main_edition)
    source = make_published("Kyiv wakes up", edition=global_edition)
    draft = StartTranslationAction(source, main_edition, user=editor).execute()
    _retitle(draft, "Київ прокидається", editor)
    published = actions.PublishAction(Article.objects.get(pk=draft.pk), user=editor).execute()
    assert published.slug == "київ-прокидається-2"


def test_an_article_of_its_own_keeps_its_draft_slug(make_draft, global_edition, editor):
    """Only translations change: an ordinary draft renamed before publishing keeps its slug."""
    draft = make_draft("First headline")
    _retitle(draft, "Second headline", editor)
    published = actions.PublishAction(Article.objects.get(pk=draft.pk), user=editor).execute()
    assert published.slug == "first-headline"


def test_a_scheduled_translation_takes_its_slug_when_it_goes_live(
        make_published, main_edition, global_edition, editor):
    """Scheduled ahead, the translation keeps its draft slug until the worker publishes it;
    then it takes its own."""
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    from dateline.newsroom import scheduling

    source = make_published("Kyiv wakes up", edition=global_edition)
    draft = StartTranslationAction(source, main_edition, user=editor).execute()
    soon = timezone.now() + timedelta(minutes=5)
    _retitle(draft, "Київ прокидається", editor, go_live_at=soon)
    scheduled = actions.PublishAction(Article.objects.get(pk=draft.pk), user=editor).execute()
    assert not scheduled.live and scheduled.slug == "kyiv-wakes-up"
    with time_machine.travel(soon + timedelta(seconds=1), tick=False):
        assert scheduling.publish_due() == [draft.pk]
    article = Article.objects.get(pk=draft.pk)
    assert article.live and article.slug == "київ-прокидається"
