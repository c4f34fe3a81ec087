"""The history stays readable at autosave speed: each user's consecutive autosaves are one
entry, labelled as autosaves, whose comparison covers the whole run; saves, publishes and
other people's work stay entries of their own."""

import pytest

from dateline.newsroom.autosaves import AUTOSAVE

from .desk import Tab, url

pytestmark = pytest.mark.django_db

TAB_A, TAB_B = "a" * 32, "b" * 32


def history(client, article):
    response = client.get(url("history", article.pk))
    assert response.status_code == 200
    return list(response.context["object_list"]), response.content.decode()


def test_consecutive_autosaves_of_one_editor_are_one_entry(client, editor, make_draft):
    """Five autosaves in one tab and two in a second tab (no other action between) show as
    one "Autosaved 7 times" entry, comparing the version before the run with the newest."""
    article = make_draft("Original")
    before = article.latest_revision
    client.force_login(editor)
    first = Tab(client, article, TAB_A)
    for n in range(5):
        first.autosave(headline=f"Typed {n}")
    second = Tab(client, article, TAB_B)
    second.autosave(headline="Typed in the second tab")
    second.autosave(headline="Typed more in the second tab")

    entries, html = history(client, article)
    assert [(e.action, e.autosave_count) for e in entries] == [(AUTOSAVE, 7)]
    assert entries[0].revision_id == second.autosaved
    assert entries[0].previous_revision_id == before.pk
    assert "Autosaved 7 times" in html
    assert url("revisions_compare", article.pk, before.pk, second.autosaved) in html


def test_saves_publishes_and_other_editors_break_runs(client, editor, other_editor,
                                                      make_draft):
    """Autosaves, a "Save draft", more autosaves, another editor's autosave, a publish: each
    run and each other action is its own entry, newest first, with its own label."""
    article = make_draft("Original")
    client.force_login(editor)
    mine = Tab(client, article, TAB_A)
    mine.autosave(headline="One")
    mine.autosave(headline="Two")
    assert mine.save(headline="Saved").status_code == 302
    mine = Tab(client, article, TAB_A)
    mine.autosave(headline="Three")
    mine.autosave(headline="Four")
    mine.autosave(headline="Five")
    client.force_login(other_editor)
    theirs = Tab(client, article, TAB_B)
    theirs.autosave(headline="Theirs")
    assert theirs.publish().status_code == 302

    entries, html = history(client, article)
    assert [(e.action, e.user_id, e.autosave_count) for e in entries] == [
        ("wagtail.publish", other_editor.pk, None),
        ("wagtail.edit", other_editor.pk, None),
        (AUTOSAVE, other_editor.pk, 1),
        (AUTOSAVE, editor.pk, 3),
        ("wagtail.edit", editor.pk, None),
        (AUTOSAVE, editor.pk, 2),
    ]
    assert "Autosaved 3 times" in html and "Autosaved 2 times" in html


def test_the_history_can_still_show_only_autosaves(client, editor, make_draft):
    """Autosaves are an action of their own in the history's filter."""
    article = make_draft("Original")
    client.force_login(editor)
    tab = Tab(client, article, TAB_A)
    tab.autosave(headline="One")
    assert tab.save(headline="Saved").status_code == 302
    response = client.get(url("history", article.pk), {"action": AUTOSAVE})
    assert [e.action for e in response.context["object_list"]] == [AUTOSAVE]
