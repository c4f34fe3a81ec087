"""A translation's picture caption and credit are its own, in its language: it starts with
the ones readers see on the source (the library's default included), for the translator to
translate, and a change of the source's caption tells the translator."""

import pytest

from dateline.newsroom import actions
from dateline.newsroom.edits import Changes
from dateline.newsroom.models import Article
from dateline.site.tests.conftest import make_image
from dateline.translations import sync
from dateline.translations.actions import StartTranslationAction
from dateline.translations.diff import paragraphs

pytestmark = pytest.mark.django_db


@pytest.fixture
def source(make_published, global_edition):
    image = make_image(credit="Reuters / Jane Doe")
    image.caption = "Kyiv at dusk"
    image.save()
    return make_published("Kyiv wakes up", edition=global_edition, main_image=image)


def test_a_translation_starts_with_the_caption_readers_see(source, main_edition, editor):
    """The library's default caption and credit become the draft's own fields."""
    draft = StartTranslationAction(source, main_edition, user=editor).execute()
    assert (draft.main_image_caption, draft.main_image_credit) == (
        "Kyiv at dusk", "Reuters / Jane Doe")
    copy = source.copy_for_translation(main_edition.locale)
    assert (copy.main_image_caption, copy.main_image_credit) == (
        "Kyiv at dusk", "Reuters / Jane Doe")


def test_the_translator_sets_the_caption_in_their_language(client, source, main_edition,
                                                            editor):
    """The Ukrainian page shows the translator's caption and credit, not the English ones;
    the library's picture keeps its own."""
    draft = StartTranslationAction(source, main_edition, user=editor).execute()
    actions.EditArticleAction(draft, Changes(fields={
        "headline": "Київ прокидається", "main_image_caption": "Київ у сутінках",
        "main_image_credit": "Reuters / Джейн Доу"}), user=editor).execute()
    published = actions.PublishAction(Article.objects.get(pk=draft.pk), user=editor).execute()
    page = client.get(published.get_absolute_url()).content.decode()
    assert "Київ у сутінках" in page and "Reuters / Джейн Доу" in page
    assert "Kyiv at dusk" not in page
    source.main_image.refresh_from_db()
    assert source.main_image.caption == "Kyiv at dusk"
    assert client.get(source.get_absolute_url()).content.decode().count("Kyiv at dusk") >= 1


def test_a_new_source_caption_puts_the_translation_behind(source, main_edition, editor):
    """The caption is translated text: a new one on the source makes the translation out of
    date, and the desk's comparison shows it."""
    draft = StartTranslationAction(source, main_edition, user=editor).execute()
    actions.PublishAction(Article.objects.get(pk=draft.pk), user=editor).execute()
    actions.EditArticleAction(source, Changes(fields={"main_image_caption": "Kyiv at dawn"}),
                              user=editor, publish=True).execute()
    state = sync.track(Article.objects.get(pk=draft.pk))
    assert state.out_of_date_since is not None
    source.refresh_from_db()
    rows = dict(paragraphs(sync.readers_see(source.live_revision)))
    assert "Kyiv at dawn" in rows.values()
