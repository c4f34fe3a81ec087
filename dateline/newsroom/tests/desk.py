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
