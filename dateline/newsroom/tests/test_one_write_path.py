"""One write path: every place that writes an article goes through the editorial actions.

Each writer below is a real caller, driven as it is in use: the desk's views and the API's
operations over HTTP, ingest, the demo generator, the scheduling worker. Done normally, a
write leaves a history entry naming its user and is announced once to every listener, with
its kind. Refused inside an action (by the article's lock, or by the action's own check),
the refusal reaches the caller, in the caller's own shape, and nothing is written.
A new writer belongs in ``WRITERS``.
"""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone
from wagtail.models import ModelLogEntry

from dateline.api.tests.conftest import BASE, token_for
from dateline.demo.generator import generate
from dateline.ingest.importer import Ingester
from dateline.ingest.tests.samples import FORMATS, story
from dateline.newsroom import actions, scheduling
from dateline.newsroom.models import Article

from .desk import form_data, url

pytestmark = pytest.mark.django_db

REFUSAL = "refused inside the action"


def _history(article_id=None):
    entries = ModelLogEntry.objects.filter(content_type__model="article")
    if article_id is not None:
        entries = entries.filter(object_id=str(article_id))
    return list(entries.values_list("object_id", "action", "user_id"))


def _state():
    """Everything a write changes, to prove that a refused one changed nothing."""
    return (list(Article.objects.order_by("pk").values_list(
        "pk", "headline", "live", "latest_revision_id", "retracted_at", "updated_at")),
        _history())


# -- the writers: each does one write as its caller does, and says what it made --------

def _desk(world, user):
    client = Client()
    client.force_login(world[user])
    return client


def desk_publish(world):
    article, client = world["live"], _desk(world, "editor")
    data = form_data(client, url("edit", article.pk), headline="Retold at the desk")
    data["action-publish"] = "action-publish"
    return article, client.post(url("edit", article.pk), data)


def desk_unpublish(world):
    article = world["live"]
    return article, _desk(world, "editor").post(url("unpublish", article.pk))


def desk_update_note(world):
    article = world["live"]
    return article, _desk(world, "editor").post(url("update_note", article.pk),
                                                 {"text": "Toll rises to 5.", "kind": "update"})


def desk_retract(world):
    article = world["live"]
    return article, _desk(world, "chief").post(url("retract", article.pk),
                                                {"note": "Sources withdrew."})


def desk_delete(world):
    article = world["draft"]
    return article, _desk(world, "editor").post(url("delete", article.pk))


def desk_brief(world):
    response = _desk(world, "editor").post(url("brief", world["edition"].pk), {
        "headline": "Filed in brief", "text": "One.\n\nTwo.", "label": "", "tag": ""})
    return Article.objects.filter(headline="Filed in brief").first(), response


def _api(world):
    client = Client(headers={"Authorization": f"Bearer {token_for(world['editor'])}"})
    return client


def api_create(world):
    response = _api(world).post(f"{BASE}/articles", {
        "edition": "global", "headline": "Filed through the API", "lead": "Lead.",
        "publish": True}, content_type="application/json")
    created = Article.objects.filter(headline="Filed through the API").first()
    return created, response


def api_update(world):
    article = world["live"]
    return article, _api(world).patch(f"{BASE}/articles/{article.pk}",
                                      {"headline": "Retold through the API", "publish": True},
                                      content_type="application/json")


def api_update_note(world):
    article = world["live"]
    return article, _api(world).post(f"{BASE}/articles/{article.pk}/updates",
                                     {"text": "Toll rises to 5."},
                                     content_type="application/json")


def _ingest(world, document):
    return Ingester(world["edition"], publish=True, user=world["editor"]).ingest_bytes(
        document, origin="test")


def ingest_new(world):
    report = _ingest(world, FORMATS["rss"]([story(7, authors=[])]))
    return Article.objects.filter(headline="Story number 7").first(), report


def ingest_update(world):
    report = _ingest(world, FORMATS["rss"]([story(8, authors=[]).newer(headline="Story, retold")]))
    return world["ingested"], report


def demo(world):
    try:
        generate(seed=3, days=2, per_day_main=3, per_day_global=2)
    except PermissionDenied as refusal:
        return None, refusal
    return Article.objects.filter(live=True).exclude(pk__in=world["own"]).first(), None


def _worker_pass(world, article):
    world["move_clock"](timedelta(hours=2))
    try:
        scheduling.run_once()
    except PermissionDenied as refusal:
        return article, refusal
    return article, None


def worker_publish(world):
    return _worker_pass(world, world["scheduled"])


def worker_expire(world):
    return _worker_pass(world, world["expiring"])


# writer: (what a refusal looks like to its caller, history entry, user, announced kind)
WRITERS = {
    "desk:publish": (desk_publish, "page", "wagtail.publish", "editor", "publish"),
    "desk:unpublish": (desk_unpublish, "page", "wagtail.unpublish", "editor", "unpublish"),
    "desk:update-note": (desk_update_note, "page", "dateline.update", "editor", "update"),
    "desk:retract": (desk_retract, "page", "dateline.retract", "chief", "retract"),
    "desk:delete": (desk_delete, "page", "wagtail.delete", "editor", "delete"),
    "desk:brief": (desk_brief, "page", "wagtail.publish", "editor", "publish"),
    "api:create": (api_create, "api", "wagtail.publish", "editor", "publish"),
    "api:update": (api_update, "api", "wagtail.publish", "editor", "publish"),
    "api:update-note": (api_update_note, "api", "dateline.update", "editor", "update"),
    "ingest:new": (ingest_new, "report", "wagtail.publish", "editor", "publish"),
    "ingest:update": (ingest_update, "report", "dateline.update", "editor", "update"),
    "demo": (demo, "raised", "wagtail.publish", None, "publish"),
    "worker:publish": (worker_publish, "raised", "wagtail.publish.scheduled", None, "publish"),
    "worker:expire": (worker_expire, "raised", "wagtail.unpublish.scheduled", None, "expire"),
}
# Writers that act for a user on an existing article also meet the article's lock.
LOCKABLE = ("desk:publish", "desk:unpublish", "desk:update-note", "desk:retract",
            "api:update", "api:update-note", "ingest:update")


@pytest.fixture
def world(global_edition, main_edition, editor, other_editor, chief, make_published,
          make_draft, time_machine):
    now = timezone.now()
    scheduled = make_draft("Scheduled story", go_live_at=now + timedelta(hours=1))
    actions.PublishAction(scheduled).execute()
    expiring = make_published("Expiring story", expire_at=now + timedelta(hours=1))

    world = {"edition": global_edition, "editor": editor, "other_editor": other_editor,
             "chief": chief, "live": make_published("Live story"),
             "draft": make_draft("Draft story", owner=editor), "scheduled": scheduled,
             "expiring": expiring,
             "move_clock": lambda ahead: time_machine.move_to(now + ahead)}
    _ingest(world, FORMATS["rss"]([story(8, authors=[])]))
    world["ingested"] = Article.objects.get(headline="Story number 8")
    world["own"] = list(Article.objects.values_list("pk", flat=True))
    world["before"] = _state()
    return world


@pytest.mark.parametrize("name", WRITERS)
def test_a_write_is_in_the_history_and_announced_once_with_its_kind(world, changes, name):
    """Done normally, the write leaves a history entry with its user and one signal."""
    write, _refused, entry, user, kind = WRITERS[name]
    article, _answer = write(world)
    assert article is not None, name
    expected_user = world[user].pk if user else None
    assert (str(article.pk), entry, expected_user) in _history(article.pk), _history(article.pk)
    assert (article.pk, kind) in changes
    assert len([change for change in changes if change == (article.pk, kind)]) == 1


@pytest.fixture
def refusing(monkeypatch):
    """Every newsroom action refuses, from its own check."""

    def refuse(self, skip_permission_checks=False):
        raise PermissionDenied(REFUSAL)

    monkeypatch.setattr(actions.ArticleAction, "check", refuse)
    monkeypatch.setattr(actions.CreateArticleAction, "check", refuse)


@pytest.mark.parametrize("name", [name for name in WRITERS if not name.startswith("desk:")])
def test_a_refusal_inside_the_action_reaches_the_caller_and_writes_nothing(world, refusing,
                                                                           name):
    """The API answers 403 with the action's reason, ingest reports it for the item, the
    demo and the worker stop on it; nothing of the write is left."""
    write, refused, *_ = WRITERS[name]
    _article, answer = write(world)
    if refused == "api":
        assert answer.status_code == 403 and REFUSAL in answer.json()["error"]["message"]
    elif refused == "report":
        assert REFUSAL in answer.rejected[0].reason
    else:
        assert isinstance(answer, PermissionDenied) and REFUSAL in str(answer)
    if name != "demo":  # the demo writes its furniture (editions, tags) before any article
        assert _state() == world["before"]
    else:
        assert list(Article.objects.values_list("pk", flat=True)) == world["own"]


@pytest.mark.parametrize("name", LOCKABLE)
def test_another_editors_lock_refuses_every_writer(world, name):
    """The article's lock stops the desk, the API and ingest alike."""
    for article in (world["live"], world["ingested"]):
        Article.objects.filter(pk=article.pk).update(
            locked=True, locked_by=world["other_editor"], locked_at=timezone.now())
        article.refresh_from_db()
    write, refused, *_ = WRITERS[name]
    _article, answer = write(world)
    if refused == "api":
        assert answer.status_code == 409 and "locked" in answer.json()["error"]["message"]
    elif refused == "report":
        assert answer.count("skipped") == 1 and "locked" in answer.outcomes[0].reason
    assert _state() == world["before"]
