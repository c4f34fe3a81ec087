"""Who may do what through /api/v1/: every operation of the OpenAPI description, and every
other method on its paths, for every kind of caller.

The rows are keyed by "METHOD /path" (a variant after a second space); the paths and
methods come from the API's own description, so a new operation without a row, or a row
without an operation, fails ``test_every_operation_has_a_row``. Outcomes:

- ``ok``: 200, and nothing changes; ``done``: 200 or 201, and the database changes;
- ``401``, ``403``, ``404``, ``405``: that error, in the API's error shape; nothing changes,
  and the error names no article and no user.

Columns: no credentials; an editor's admin session cookie (which never counts); a revoked
token; an inactive user's token; a reporter's token on their own article and on another
reporter's; an editor's, a chief editor's and an administrator's token (on a reporter's
article).
"""

import json
from dataclasses import dataclass, field

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone
from wagtail.models import APIToken

from dateline.api.api import api
from dateline.newsroom import actions
from dateline.newsroom.models import Article, Author
from dateline.newsroom.roles import ROLE_EDITOR
from dateline.newsroom.tests.access import leaks, name_users, secrets_for, state

from .conftest import Api, token_for

pytestmark = pytest.mark.django_db

COLUMNS = ("anonymous", "session", "revoked", "inactive", "reporter-own", "reporter-other",
           "editor", "chief", "administrator")
OUTCOMES = {"ok", "done", "401", "403", "404", "405"}
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


@dataclass
class Target:
    path_args: dict = field(default_factory=dict)
    body: dict | None = None


@dataclass
class Row:
    target: object  # (world, owner) -> Target
    expected: str  # outcomes in COLUMNS order

    def outcome(self, role):
        outcomes = self.expected.split()
        assert len(outcomes) == len(COLUMNS) and set(outcomes) <= OUTCOMES, self.expected
        return outcomes[COLUMNS.index(role)]


class World:
    def __init__(self, users, edition):
        self.users, self.edition = users, edition
        self.n = 0
        self.author = Author.objects.create(name="Kestrel Author")

    def headline(self):
        self.n += 1
        return f"Kestrel story {self.n}"

    def draft(self, owner):
        article = Article(edition=self.edition, headline=self.headline(), lead="Lead.",
                          owner=owner, live=False)
        article.save()
        article.save_revision(user=owner)
        return article

    def published(self, owner):
        return actions.PublishAction(self.draft(owner)).execute()


# -- targets ---------------------------------------------------------------------------------------

def nothing(world, owner):
    return Target()


def edition(world, owner):
    return Target({"code": world.edition.code})


def author(world, owner):
    return Target({"slug": world.author.slug})


def published(world, owner):
    return Target({"article_id": world.published(owner).pk})


def a_draft(world, owner):
    return Target({"article_id": world.draft(owner).pk})


def new_article(publish=False):
    def target(world, owner):
        return Target(body={"edition": world.edition.code, "headline": world.headline(),
                            "publish": publish})

    return target


def changed_draft(publish=False):
    def target(world, owner):
        body = {"publish": True} if publish else {"headline": world.headline()}
        return Target({"article_id": world.draft(owner).pk}, body)

    return target


def noted(world, owner):
    return Target({"article_id": world.published(owner).pk}, {"text": "New facts."})


READS = "ok ok 401 401 ok ok ok ok ok"  # a bad token is refused even where none is needed
UNAUTHENTICATED = "401 401 401 401"
#   columns: anonymous session revoked inactive reporter-own reporter-other editor chief admin
ROWS = {
    "GET /editions": Row(nothing, READS),
    "GET /editions/{code}": Row(edition, READS),
    "GET /editions/{code}/sections": Row(edition, READS),
    "GET /editions/{code}/labels": Row(edition, READS),
    "GET /editions/{code}/tags": Row(edition, READS),
    "GET /authors": Row(nothing, READS),
    "GET /authors/{slug}": Row(author, READS),
    "GET /editions/{code}/articles": Row(edition, READS),
    "GET /articles/{article_id}": Row(published, READS),
    # Public reads never show a draft, whoever asks.
    "GET /articles/{article_id} draft": Row(a_draft, "404 404 401 401 404 404 404 404 404"),
    "POST /articles": Row(new_article(), f"{UNAUTHENTICATED} done done done done done"),
    "POST /articles publish": Row(new_article(publish=True),
                                  f"{UNAUTHENTICATED} 403 403 done done done"),
    "PATCH /articles/{article_id}": Row(changed_draft(),
                                        f"{UNAUTHENTICATED} done 403 done done done"),
    "PATCH /articles/{article_id} publish": Row(changed_draft(publish=True),
                                                f"{UNAUTHENTICATED} 403 403 done done done"),
    "POST /articles/{article_id}/updates": Row(noted,
                                               f"{UNAUTHENTICATED} 403 403 done done done"),
    # The desk's view: any role with the view right (reporters included) sees any draft.
    "GET /articles/{article_id}/draft": Row(a_draft, f"{UNAUTHENTICATED} ok ok ok ok ok"),
}


def _operation(key):
    """"PATCH /articles/{article_id} publish" -> ("PATCH", "/articles/{article_id}")."""
    method, path, *_variant = key.split(" ")
    return method, path


def documented_operations():
    paths = api.get_openapi_schema(path_prefix="")["paths"]
    return {(method.upper(), path) for path, operations in paths.items()
            for method in operations}


# Every other method on a documented path is refused before anything else happens.
_targets = {}
for _key, _row in ROWS.items():
    _targets.setdefault(_operation(_key)[1], _row.target)
for _path, _target in _targets.items():
    for _method in METHODS:
        if (_method, _path) not in {_operation(key) for key in ROWS}:
            ROWS[f"{_method} {_path}"] = Row(_target, " ".join(["405"] * len(COLUMNS)))


# -- running the matrix ----------------------------------------------------------------------------

def _call(client, method, path, body):
    url, headers = "/api/v1" + path, client.headers
    if method == "GET":
        return client.client.get(url, headers=headers)
    data = b"" if body is None else json.dumps(body)
    return client.client.generic(method, url, data=data, content_type="application/json",
                                 headers=headers)


def classify(response, changed):
    status = response.status_code
    if status in (200, 201):
        return "done" if changed else "ok"
    outcome = str(status)
    if changed:
        return outcome + " but changed"
    if response.get("Content-Type", "").startswith("application/json"):
        if "error" not in response.json():
            return outcome + " without the error shape"
    return outcome


@pytest.fixture
def world(reporter, other_reporter, editor, chief, administrator, global_edition):
    inactive = User.objects.create_user("sleeper", is_active=False)
    inactive.groups.add(Group.objects.get(name=ROLE_EDITOR))
    users = {"reporter": reporter, "other_reporter": other_reporter, "editor": editor,
             "chief": chief, "administrator": administrator, "inactive": inactive}
    name_users(users.values())
    return World(users, global_edition)


def caller(world, role):
    """The API client for ``role``, the user acting, and the owner of what they act on."""
    users = world.users
    owner = users["other_reporter"] if role in (
        "reporter-other", "editor", "chief", "administrator") else users["reporter"]
    if role == "anonymous":
        return Api(), None, owner
    if role == "session":
        client = Api()
        client.client.force_login(users["editor"])
        return client, users["editor"], owner
    if role == "revoked":
        token = token_for(users["editor"], name="revoked")
        APIToken.objects.filter(user=users["editor"]).update(revoked_at=timezone.now())
        return Api(token), users["editor"], owner
    if role == "inactive":
        return Api(token_for(users["inactive"])), users["inactive"], owner
    user = users[role.partition("-")[0]]
    return Api(token_for(user)), user, owner


def run(world, client, viewer, key, row, role, owner):
    method, path = _operation(key)
    target = row.target(world, owner)
    url = path.format(**target.path_args) if target.path_args else path
    before, secrets = state(), secrets_for(viewer)
    response = _call(client, method, url, target.body)
    got = classify(response, state() != before)
    if got in ("401", "403", "404", "405") and (leaked := leaks(response.content.decode(),
                                                               secrets)):
        got += f" but showed {leaked}"
    expected = row.outcome(role)
    return [] if got == expected else [f"{key} as {role}: expected {expected}, got {got}"]


# -- the tests -------------------------------------------------------------------------------------

def test_every_operation_has_a_row():
    """Every operation the API describes has a row, and every row is an operation or
    another method on a described path (which must be a 405)."""
    described = documented_operations()
    rows = {_operation(key) for key in ROWS}
    described_paths = {path for _method, path in described}
    assert described <= rows
    assert {path for _method, path in rows} == described_paths
    assert all(set(row.expected.split()) == {"405"} for key, row in ROWS.items()
               if _operation(key) not in described)


@pytest.mark.parametrize("role", COLUMNS)
def test_each_caller_gets_exactly_its_share_of_the_api(world, role):
    """Each caller, on each operation, gets exactly what the table says; a refusal
    changes nothing and names no article and no user."""
    client, viewer, owner = caller(world, role)
    problems = []
    for key, row in ROWS.items():
        problems += run(world, client, viewer, key, row, role, owner)
    assert not problems, "\n".join(problems)


# -- bodies and tokens -----------------------------------------------------------------------------

FORBIDDEN_FIELDS = {
    "owner": 1, "live": True, "first_published_at": "2020-01-01T10:00:00Z",
    "last_published_at": "2020-01-01T10:00:00Z", "go_live_at": "2020-01-01T10:00:00Z",
    "expire_at": "2020-01-01T10:00:00Z", "locked": True, "locked_by": 1,
    "retracted_at": "2020-01-01T10:00:00Z", "updated_at": "2020-01-01T10:00:00Z",
    "status": "live", "id": 1, "latest_revision": 1, "translation_key":
    "00000000-0000-0000-0000-000000000000", "is_superuser": True, "groups": ["Administrator"],
    "user": 1,
}


@pytest.mark.parametrize("role", ["reporter", "editor"])
def test_a_body_with_fields_no_role_may_set_is_refused(world, role):
    """Owner, publication state and times, locks, ids, roles and the like in a body are
    refused with a 400 naming the field (as is an edition in a PATCH), and nothing
    changes."""
    client = Api(token_for(world.users[role]))
    own = world.draft(world.users[role])
    for name, value in FORBIDDEN_FIELDS.items():
        for method, path, body in (
                ("POST", "/articles", {"edition": world.edition.code, "headline": "Forged"}),
                ("PATCH", f"/articles/{own.pk}", {"headline": "Forged"})):
            before = state()
            response = _call(client, method, path, {**body, name: value})
            assert response.status_code == 400, (method, name, response.status_code)
            assert response.json()["error"]["field"] == name
            assert state() == before
    response = _call(client, "PATCH", f"/articles/{own.pk}", {"edition": "main"})
    assert response.status_code == 400 and response.json()["error"]["field"] == "edition"


def test_a_token_acts_with_its_users_current_role(world):
    """A token is not a frozen role: an editor moved to Reporter can no longer publish or
    change another reporter's article with the token made before."""
    editor = world.users["editor"]
    client = Api(token_for(editor))
    theirs = world.draft(world.users["other_reporter"])
    editor.groups.set([Group.objects.get(name="Reporter")])
    before = state()
    assert _call(client, "PATCH", f"/articles/{theirs.pk}", {"headline": "x"}
                 ).status_code == 403
    assert _call(client, "POST", "/articles", {"edition": world.edition.code,
                                               "headline": "x", "publish": True}
                 ).status_code == 403
    assert state() == before
