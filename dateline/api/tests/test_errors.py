"""The error contract: one JSON shape, the field named, the right status, never a 500."""

import json

import pytest

from .conftest import Api, token_for

pytestmark = pytest.mark.django_db


def assert_error(response, status, code=None, field="any"):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = json.loads(response.content)
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "field"}
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    if code:
        assert body["error"]["code"] == code
    if field != "any":
        assert body["error"]["field"] == field
    return body["error"]


@pytest.mark.parametrize("query, field", [
    ({"bogus": "1"}, "bogus"),
    ({"limit": "0"}, "limit"),
    ({"limit": "101"}, "limit"),
    ({"limit": "ten"}, "limit"),
    ({"limit": "1e3"}, "limit"),
    ({"cursor": "yesterday"}, "cursor"),
    ({"cursor": "1.0"}, "cursor"),
    ({"cursor": "99999999999999999999.1"}, "cursor"),
    ({"cursor": "1700000000000000.99999999999999999999"}, "cursor"),
    ({"format": "xml"}, "format"),
    ({"published_after": "last week"}, "published_after"),
    ({"updated_since": "2024-13-45T99:00:00"}, "updated_since"),
    ({"tag": "a b"}, "tag"),
    ({"tag": "war\x00"}, "tag"),
    ({"section": ""}, "section"),
])
def test_bad_query_values_are_400_naming_the_field(global_edition, anonymous, query, field):
    """Unknown parameters and bad values are refused with the parameter named."""
    assert_error(anonymous.get("/editions/global/articles", query), 400, field=field)


@pytest.mark.parametrize("path, field", [
    ("/editions/nope/articles", "code"),
    ("/articles/999999", "article_id"),
    ("/authors/nobody", "slug"),
    ("/editions/global/articles?tag=nope", "tag"),
    ("/editions/global/articles?author=nobody", "author"),
    ("/editions/global/articles?section=nope", "section"),
    ("/editions/global/articles?label=nope", "label"),
])
def test_unknown_ids_are_404(global_edition, anonymous, path, field):
    """An id or slug that names nothing is a 404, with the field when it was a parameter."""
    assert_error(anonymous.get(path), 404, "not_found", field)


@pytest.mark.parametrize("path", [
    "/articles/0", "/articles/-1", "/articles/abc", "/articles/99999999999999999999999",
    "/editions/a%20b/articles", "/authors/a%00b",
])
def test_bad_ids_in_the_path_are_400_or_404_not_500(global_edition, anonymous, path):
    """Out-of-range, non-numeric or odd path values never reach the database as errors."""
    response = anonymous.get(path)
    assert response.status_code in (400, 404)
    assert_error(response, response.status_code)


def test_unknown_addresses_and_methods_use_the_same_shape(global_edition, anonymous):
    """/api/v1/<anything else> is a JSON 404; a wrong method a JSON 405 with Allow."""
    assert_error(anonymous.get("/nope"), 404, "not_found")
    assert_error(anonymous.get("/editions/"), 404, "not_found")
    response = anonymous.client.delete("/api/v1/editions")
    assert_error(response, 405, "method_not_allowed")
    assert response["Allow"] == "GET"


def test_a_body_over_the_limit_is_413(global_edition, as_role, settings):
    """A request body over DATELINE_API_MAX_BODY_BYTES is refused before it is read."""
    settings.DATELINE_API_MAX_BODY_BYTES = 1000
    response = as_role("editor").post("/articles", {"edition": "global", "headline": "x",
                                                    "body_html": "x" * 2000})
    assert_error(response, 413, "too_large")


@pytest.mark.parametrize("raw, field", [
    ("{not json", "body"),
    ("[]", None),
    ('{"edition": "global"}', "headline"),
    ('{"edition": "global", "headline": "  "}', "headline"),
    ('{"edition": "global", "headline": "x", "colour": "red"}', "colour"),
    ('{"edition": "global", "headline": "x", "kind": "gossip"}', "kind"),
    ('{"edition": "global", "headline": "x", "tags": "war"}', "tags"),
    ('{"edition": "global", "headline": "x\\u0000y"}', "headline"),
    ('{"edition": "global", "headline": "x", "publish": "maybe"}', "publish"),
    ('{"edition": "no such", "headline": "x"}', "edition"),
    ('{"edition": "global", "headline": "x", "section": "a b"}', "section"),
])
def test_bad_bodies_are_400_naming_the_field(global_edition, as_role, raw, field):
    """Malformed JSON, missing, unknown or bad fields: 400 with the field, nothing written."""
    from dateline.newsroom.models import Article

    before = Article.objects.count()
    error = assert_error(as_role("editor").post("/articles", raw=raw), 400)
    if field is not None:
        assert error["field"] == field
    assert Article.objects.count() == before


@pytest.mark.parametrize("body, field", [
    ({"edition": "nope", "headline": "x"}, "edition"),
    ({"edition": "global", "headline": "x", "section": "nope"}, "section"),
    ({"edition": "global", "headline": "x", "authors": ["nobody"]}, "authors"),
    ({"edition": "global", "headline": "x", "labels": ["nope"]}, "labels"),
])
def test_references_to_nothing_in_a_body_are_404_naming_the_field(global_edition, as_role, body,
                                                                  field):
    """A well-formed slug that names nothing is an unknown id: 404, nothing written."""
    from dateline.newsroom.models import Article

    before = Article.objects.count()
    assert_error(as_role("editor").post("/articles", body), 404, "not_found", field)
    assert Article.objects.count() == before


@pytest.mark.parametrize("body, field", [
    ({"headline": None}, "headline"), ({"kind": None}, "kind"), ({"tags": None}, "tags"),
    ({"headline": ""}, "headline"), ({"lead": 5}, "lead"),
])
def test_patch_refuses_null_for_fields_that_cannot_be_empty(make_published, as_role, body,
                                                           field):
    """Leaving a field out keeps it; null is not a value for headline, kind or lists."""
    article = make_published()
    assert_error(as_role("editor").patch(f"/articles/{article.pk}", body), 400, field=field)


def test_tokens_are_checked_on_reads_and_writes(global_edition, anonymous, editor):
    """No token on a write, a wrong token anywhere, a revoked token: 401."""
    from wagtail.models import APIToken

    assert_error(anonymous.post("/articles", {"edition": "global", "headline": "x"}), 401,
                 "unauthorized")
    bad = Api("wagtail_notatoken")
    assert_error(bad.get("/editions"), 401)
    assert_error(bad.post("/articles", {"edition": "global", "headline": "x"}), 401)
    assert_error(anonymous.get("/editions", Authorization="Basic dXNlcjpwdw=="), 401)
    token = token_for(editor)
    assert Api(token).get("/editions").status_code == 200
    APIToken.objects.get(user=editor).revoke()
    response = Api(token).get("/editions")
    assert_error(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_token_of_an_inactive_user_is_refused(global_edition, editor):
    """Deactivating the user ends their tokens."""
    token = token_for(editor)
    editor.is_active = False
    editor.save()
    assert_error(Api(token).post("/articles", {"edition": "global", "headline": "x"}), 401)


def test_a_session_cookie_does_not_authenticate(make_draft, anonymous, superuser):
    """Being logged in to the admin does not make API requests privileged."""
    draft = make_draft()
    anonymous.client.force_login(superuser)
    assert_error(anonymous.post("/articles", {"edition": "global", "headline": "x"}), 401)
    response = anonymous.get(f"/articles/{draft.pk}")
    assert_error(response, 404)
    # The public answer, but never stored for everyone: the request carried a session.
    response = anonymous.get("/editions")
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
