"""Two editors in one article: no save silently replaces another's; every save can be restored.

Both editors open the edit form, as browsers without JavaScript would (so no editing-
session pings help them), one saves, then the other.
"""

import pytest
from wagtail.test.utils.form_data import querydict_from_html

from .desk import form_data, url

pytestmark = pytest.mark.django_db


def _headline(revision):
    return revision.as_object().headline


def _resubmit(response, **changes):
    data = querydict_from_html(response.content.decode(), form_id="w-editor-form")
    data.setdefault("body-count", "0")
    for name, value in changes.items():
        data[name] = value
    return data


def test_save_on_a_replaced_version_is_refused_and_resolved_knowingly(client, editor,
                                                                     other_editor, make_draft):
    """The second editor's save is refused with a message naming who saved meanwhile, with
    their own changes kept in the form; saving again replaces the newer version on purpose,
    and reverting through the admin brings the first editor's text back.
    """
    article = make_draft("Original headline", lead="Original lead")
    edit = url("edit", article.pk)
    client.force_login(editor)
    first = form_data(client, edit, headline="Headline from the first desk")
    client.force_login(other_editor)
    second = form_data(client, edit, headline="Headline from the second desk",
                       lead="Lead from the second desk")

    client.force_login(editor)
    assert client.post(edit, first).status_code == 302
    article.refresh_from_db()
    first_revision = article.latest_revision
    assert _headline(first_revision) == "Headline from the first desk"

    client.force_login(other_editor)
    refused = client.post(edit, second)
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "editor saved a newer version of this article after you opened it" in page
    assert "Headline from the second desk" in page  # their work is still in the form
    article.refresh_from_db()
    assert article.revisions.count() == 2
    assert article.latest_revision == first_revision  # nothing was overwritten

    again = _resubmit(refused)
    assert again["loaded_revision_id"] == str(first_revision.pk)
    assert client.post(edit, again).status_code == 302
    article.refresh_from_db()
    assert article.revisions.count() == 3
    assert _headline(article.latest_revision) == "Headline from the second desk"

    client.force_login(editor)
    revert = url("revisions_revert", article.pk, first_revision.pk)
    assert client.post(revert, form_data(client, revert)).status_code == 302
    article.refresh_from_db()
    assert article.revisions.count() == 4
    restored = article.latest_revision.as_object()
    assert (restored.headline, restored.lead) == ("Headline from the first desk",
                                                  "Original lead")


def test_saves_in_turn_are_not_refused(client, editor, other_editor, make_draft):
    """Editors who each open the latest version save without any conflict."""
    article = make_draft("Original headline")
    edit = url("edit", article.pk)
    for user, headline in ((editor, "First"), (other_editor, "Second"), (editor, "Third")):
        client.force_login(user)
        assert client.post(edit, form_data(client, edit, headline=headline)).status_code == 302
    article.refresh_from_db()
    assert _headline(article.latest_revision) == "Third"
    assert article.revisions.count() == 4
