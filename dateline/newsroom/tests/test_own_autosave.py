"""Publishing after one's own autosave is never refused; every other newer save still is.

The requests are the ones the desk's scripts send: Wagtail's autosave posts the form with
``Accept: application/json`` (and, after its first save, ``overwrite_revision_id``), and
``tab.js`` adds the tab's ``desk_tab`` token to every post. The browser version of these
tests is ``test_desk_browser.py``.
"""

import pytest
from django.utils import timezone
from wagtail.models import ModelLogEntry

from dateline.newsroom.autosaves import AUTOSAVE
from dateline.newsroom.forms import ArticleAdminForm
from dateline.newsroom.models import Article

from .desk import Tab, form_data, url

pytestmark = pytest.mark.django_db

TAB_A, TAB_B = "a" * 32, "b" * 32


def _refused(response):
    return response.status_code == 200 and "newer version of this article" in \
        response.content.decode()


def test_publishing_after_ones_own_autosaves_is_accepted(client, editor, make_draft):
    """Autosave, autosave again (overwriting that version), pick a tag: publishing from the
    same tab goes through and publishes what was typed."""
    article = make_draft("Original")
    client.force_login(editor)
    tab = Tab(client, article, TAB_A)
    tab.autosave(headline="Typed once")
    tab.autosave(headline="Typed twice")
    response = tab.publish(headline="Published headline")
    assert response.status_code == 302, response.content.decode()[:300]
    article.refresh_from_db()
    assert article.live and article.headline == "Published headline"


def test_the_same_editor_in_another_tab_still_conflicts(client, editor, make_draft):
    """Two tabs of one editor opened on the same version: the second tab's publish after
    the first tab's autosave is refused, saying it was saved in another tab."""
    article = make_draft("Original")
    client.force_login(editor)
    first, second = Tab(client, article, TAB_A), Tab(client, article, TAB_B)
    first.autosave(headline="From the first tab")
    response = second.publish(headline="From the second tab")
    assert _refused(response)
    assert "in another tab or window" in response.content.decode()
    article.refresh_from_db()
    assert not article.live
    assert article.latest_revision.as_object().headline == "From the first tab"


def test_another_editors_save_after_ones_autosave_still_conflicts(client, editor, other_editor,
                                                                  make_draft):
    """Editor A autosaves; editor B opens the article and saves; A's publish is refused and
    names B."""
    article = make_draft("Original")
    client.force_login(editor)
    mine = Tab(client, article, TAB_A)
    mine.autosave(headline="Mine")
    client.force_login(other_editor)
    theirs = Tab(client, article, TAB_B)
    assert theirs.publish(headline="Theirs").status_code == 302
    client.force_login(editor)
    response = mine.publish(headline="Mine, published")
    assert _refused(response)
    assert "editor2 saved a newer version" in response.content.decode()
    article.refresh_from_db()
    assert article.headline == "Theirs"


def test_a_tab_token_does_not_vouch_for_another_user(client, editor, other_editor, make_draft):
    """Another editor who sends the autosaving tab's token is still refused."""
    article = make_draft("Original")
    client.force_login(other_editor)
    theirs = Tab(client, article, TAB_A)
    client.force_login(editor)
    Tab(client, article, TAB_A).autosave(headline="Mine")
    client.force_login(other_editor)
    assert _refused(theirs.publish(headline="Theirs"))


def test_a_post_without_a_tab_is_checked_as_before(client, editor, make_draft):
    """Without the token (no JavaScript, or an old page) an out-of-date post is refused."""
    article = make_draft("Original")
    client.force_login(editor)
    tab = Tab(client, article, TAB_A)
    tab.autosave(headline="Autosaved")
    del tab.data["desk_tab"]
    assert _refused(tab.publish())


def test_a_version_rewritten_after_the_autosave_is_a_conflict(client, editor, make_draft):
    """The tab's autosaved version, overwritten afterwards by anything but this tab (here:
    published by the worker's code path, which logs a publish), no longer counts as the
    tab's own."""
    article = make_draft("Original")
    client.force_login(editor)
    tab = Tab(client, article, TAB_A)
    tab.autosave(headline="Autosaved")
    article.refresh_from_db()
    article.latest_revision.publish(user=None)
    assert _refused(tab.publish(headline="Later"))


def test_an_autosave_landing_just_after_a_publish_does_not_block_the_next(client, editor,
                                                                         make_draft):
    """An autosave still on its way when "Publish" is pressed may overwrite its version
    after the publish made a newer one (Wagtail checks against the version it loaded): the
    newest version then has the lower id. The next round, opened on it, autosaves and
    publishes without a refusal: versions count as newer by time, not by id."""
    article = make_draft("Original")
    client.force_login(editor)
    tab = Tab(client, article, TAB_A)
    tab.autosave(headline="Typed")
    assert tab.publish(headline="Published").status_code == 302
    late = article.revisions.get(pk=tab.autosaved)
    late.created_at = timezone.now()  # the late autosave's overwrite, as Wagtail does it
    late.save(update_fields=["created_at"])
    Article.objects.filter(pk=article.pk).update(latest_revision=late)

    again = Tab(client, article, TAB_B)
    assert again.data["loaded_revision_id"] == str(late.pk)
    again.autosave(headline="Next round")
    response = again.publish(headline="Next round, published")
    assert response.status_code == 302, response.content.decode()[:300]
    article.refresh_from_db()
    assert article.headline == "Next round, published"


@pytest.fixture
def save_during_checks(monkeypatch):
    """``save_during_checks(article, user)``: the next article form cleaned (which Wagtail
    does after its check for a newer version, before saving) first sees a newer version
    saved by ``user`` — what a request handled alongside it does."""

    def arrange(article, user):
        clean = ArticleAdminForm.clean

        def clean_after_a_save(form):
            monkeypatch.setattr(ArticleAdminForm, "clean", clean)
            Article.objects.get(pk=article.pk).save_revision(user=user)
            return clean(form)

        monkeypatch.setattr(ArticleAdminForm, "clean", clean_after_a_save)

    return arrange


def test_an_autosave_overtaken_while_it_is_checked_is_refused(client, editor, make_draft,
                                                              save_during_checks):
    """An autosave still on its way when "Publish" was pressed, handled while the publish
    saves, is refused: the publish's version stays the newest."""
    article = make_draft("Original")
    client.force_login(editor)
    tab = Tab(client, article, TAB_A)
    tab.autosave(headline="Typed")
    save_during_checks(article, editor)
    tab.type(headline="Late autosave")
    data = {**tab.data.dict(), "overwrite_revision_id": str(tab.autosaved)}
    body = client.post(tab.edit, data, HTTP_ACCEPT="application/json").json()
    assert (body["success"], body["error_code"]) == (False, "invalid_revision")
    article.refresh_from_db()
    assert article.latest_revision.pk > tab.autosaved
    assert article.revisions.get(pk=tab.autosaved).as_object().headline == "Typed"


def test_a_save_overtaken_while_it_is_checked_is_refused(client, editor, other_editor,
                                                         make_draft, save_during_checks):
    """Another editor's save landing between the check and the save still refuses the
    post, with the usual message."""
    article = make_draft("Original")
    client.force_login(editor)
    tab = Tab(client, article, TAB_A)
    save_during_checks(article, other_editor)
    response = tab.publish(headline="Mine")
    assert _refused(response)
    assert "editor2 saved a newer version" in response.content.decode()
    article.refresh_from_db()
    assert not article.live and article.latest_revision.user == other_editor


def test_a_new_article_is_published_after_its_autosaves(client, editor, global_edition):
    """A new article autosaved from the "add" form (which then turns into the edit form of
    the version it created, overwritten by every later autosave) publishes from that tab."""
    client.force_login(editor)
    data = form_data(client, url("add"), edition=global_edition.pk, headline="Brand new",
                     desk_tab=TAB_A)
    created = client.post(url("add"), data, HTTP_ACCEPT="application/json").json()
    assert created["success"], created
    article = Article.objects.get()
    first = article.latest_revision
    # What the hydrated form holds: the created version, as it was when created.
    data["loaded_revision_id"] = str(first.pk)
    data["loaded_revision_created_at"] = first.created_at.isoformat()
    edit = url("edit", article.pk)
    for headline in ("Brand new, typed on", "Brand new, typed more"):
        body = client.post(edit, {**data.dict(), "headline": headline,
                                  "overwrite_revision_id": str(first.pk)},
                           HTTP_ACCEPT="application/json").json()
        assert body["success"] and body["revision_id"] == first.pk, body
    response = client.post(edit, {**data.dict(), "headline": "Brand new, out",
                                  "action-publish": "1"})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.live and article.headline == "Brand new, out"


def test_autosaves_are_logged_with_their_tab(client, editor, make_draft):
    """Each autosave is logged as an autosave of its user, naming the tab it came from."""
    article = make_draft("Original")
    client.force_login(editor)
    tab = Tab(client, article, TAB_A)
    tab.autosave(headline="One")
    tab.autosave(headline="Two")
    entries = ModelLogEntry.objects.filter(object_id=str(article.pk), action=AUTOSAVE)
    assert [(e.user_id, e.data["tab"], e.revision_id) for e in entries] == \
        [(editor.pk, TAB_A, tab.autosaved)] * 2
