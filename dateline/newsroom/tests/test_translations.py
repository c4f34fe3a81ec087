"""Linked translations between editions."""

import pytest
from django.urls import reverse

from dateline.newsroom.models import Article, ArticleTag, Label, Section, Tag

pytestmark = pytest.mark.django_db


def _translate_url(article):
    return reverse("simple_translation:submit_snippet_translation",
                   args=["newsroom", "article", article.pk])


def test_editor_translates_an_article_into_the_other_edition(client, editor, make_published,
                                                             main_edition, global_edition):
    """"Translate" makes a linked draft in the other edition, without this edition's links."""
    source = make_published("Новина", edition=main_edition)
    source.section = Section.objects.create(edition=main_edition, name="Політика")
    source.labels.add(Label.objects.create(edition=main_edition, name="Ексклюзив"))
    ArticleTag.objects.create(article=source, tag=Tag.objects.create(edition=main_edition,
                                                                     name="війна"))
    source.save()
    client.force_login(editor)
    response = client.post(_translate_url(source), {"locales": [global_edition.locale_id]})
    assert response.status_code == 302
    copy = Article.objects.get(edition=global_edition)
    assert copy.translation_key == source.translation_key
    assert copy.locale == global_edition.locale
    assert not copy.live and copy.first_published_at is None
    assert copy.section is None and not copy.labels.exists() and not copy.tag_links.exists()
    assert copy.get_translation(main_edition.locale) == source
    assert source.get_translation(global_edition.locale) == copy


def test_reporter_cannot_translate(client, reporter, make_published, main_edition,
                                   global_edition):
    """Translating needs the editor's right; a denied request creates nothing."""
    source = make_published("Новина", edition=main_edition)
    client.force_login(reporter)
    response = client.post(_translate_url(source), {"locales": [global_edition.locale_id]})
    assert response.status_code in (302, 403)
    assert not Article.objects.filter(edition=global_edition).exists()
