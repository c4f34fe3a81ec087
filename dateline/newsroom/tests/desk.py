"""Helpers for driving the editor's desk through real admin requests."""

from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

ARTICLE = "wagtailsnippets_newsroom_article"


def url(name, *args):
    return reverse(f"{ARTICLE}:{name}", args=args)


def form_data(client, page_url, **changes):
    """The editor form as the browser would submit it, with ``changes`` typed in."""
    response = client.get(page_url)
    assert response.status_code == 200, response.status_code
    data = querydict_from_html(response.content.decode(), form_id="w-editor-form")
    # The body editor is drawn by JavaScript, so the HTML has no inputs for it: an
    # empty body, unless the test types one in.
    data.setdefault("body-count", "0")
    for name, value in changes.items():
        if isinstance(value, list):
            data.setlist(name, [str(v) for v in value])
        else:
            data[name] = str(value)
    return data


class Tab:
    """One editor tab: the form as opened, its token, and the version its autosave holds."""

    def __init__(self, client, article, tab):
        self.client, self.edit = client, url("edit", article.pk)
        self.data = form_data(client, self.edit, desk_tab=tab)
        self.autosaved = None

    def type(self, **changes):
        for name, value in changes.items():
            self.data[name] = value

    def autosave(self, **changes):
        self.type(**changes)
        data = self.data.copy()
        if self.autosaved:
            data["overwrite_revision_id"] = str(self.autosaved)
        response = self.client.post(self.edit, data, HTTP_ACCEPT="application/json")
        body = response.json()
        assert body["success"], body
        self.autosaved = body["revision_id"]
        return body

    def publish(self, **changes):
        self.type(**changes)
        return self.client.post(self.edit, {**self.data.dict(), "action-publish": "1"})

    def save(self, **changes):
        """ "Save draft": an ordinary post of the form."""
        self.type(**changes)
        return self.client.post(self.edit, self.data)
