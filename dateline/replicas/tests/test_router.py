"""Which database each request reads from, without a real replica (see test_streaming_replica)."""

import runpy
import time
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.db import connections, router
from django.http import HttpResponse
from django.test import RequestFactory

from dateline.newsroom.models import Article
from dateline.replicas import middleware as replica_middleware
from dateline.replicas import replica_aliases
from dateline.replicas.middleware import PIN_COOKIE, ReplicaMiddleware
from dateline.replicas.router import ReplicaRouter

factory = RequestFactory()
BASE_SETTINGS = str(Path(__file__).parents[2] / "settings" / "base.py")


class Seen:
    """A view that records where the router sends a read, a write, and a read after it."""

    def __init__(self, write=False):
        self.write = write
        self.reads = []

    def __call__(self, request):
        self.reads.append(router.db_for_read(Article))
        if self.write:
            self.writes = router.db_for_write(Article)
            self.reads.append(router.db_for_read(Article))
        return HttpResponse("ok")


@pytest.fixture
def one_replica(monkeypatch):
    monkeypatch.setattr(replica_middleware, "pick_replica", lambda: "replica1")


def serve(request, write=False):
    view = Seen(write=write)
    return ReplicaMiddleware(view)(request), view


def test_settings_have_one_database_without_replica_urls(monkeypatch):
    """Without DATABASE_REPLICA_URLS there is only ``default``."""
    monkeypatch.delenv("DATABASE_REPLICA_URLS", raising=False)
    monkeypatch.setenv("DATABASE_URL", "postgres://app@db.internal:5432/dateline")
    assert list(runpy.run_path(BASE_SETTINGS)["DATABASES"]) == ["default"]


def test_settings_name_replicas_in_order_and_mirror_the_primary_in_tests(monkeypatch):
    """Each replica URL becomes replicaN, a PostgreSQL database that tests mirror to default."""
    monkeypatch.setenv("DATABASE_URL", "postgres://app@primary.internal:5432/dateline")
    monkeypatch.setenv("DATABASE_REPLICA_URLS",
                       " postgres://ro@replica-a:5432/dateline,,postgres://ro@replica-b:6432/dateline")
    databases = runpy.run_path(BASE_SETTINGS)["DATABASES"]
    assert list(databases) == ["default", "replica1", "replica2"]
    assert [databases[alias]["HOST"] for alias in databases] == [
        "primary.internal", "replica-a", "replica-b"]
    assert databases["replica2"]["PORT"] == 6432
    assert databases["replica1"]["TEST"] == {"MIRROR": "default"}
    assert databases["replica1"]["CONN_HEALTH_CHECKS"] is True
    assert "TEST" not in databases["default"]


def test_outside_a_request_everything_goes_to_the_primary():
    """The worker, management commands and the shell read and write on the primary."""
    assert router.db_for_read(Article) == "default"
    assert router.db_for_write(Article) == "default"


def test_anonymous_get_and_head_read_from_a_replica(one_replica):
    """The anonymous public's GET and HEAD requests read from the replica."""
    for method in ("get", "head"):
        response, view = serve(getattr(factory, method)("/global/"))
        assert view.reads == ["replica1"]
        assert PIN_COOKIE not in response.cookies


@pytest.mark.parametrize("request_", [
    factory.get("/global/", HTTP_COOKIE="sessionid=abc"),
    factory.get("/admin/pages/", HTTP_COOKIE="sessionid=abc"),
    factory.get("/api/v1/articles", HTTP_AUTHORIZATION="Bearer token"),
    factory.post("/admin/login/"),
    factory.put("/api/v1/articles/1"),
    factory.delete("/api/v1/articles/1"),
    factory.get("/global/", HTTP_COOKIE=f"{PIN_COOKIE}={time.time() + 3600:.0f}"),
], ids=["signed-in", "desk", "api-token", "post", "put", "delete", "pinned"])
def test_signed_in_token_writers_and_pinned_clients_read_from_the_primary(one_replica, request_):
    """A session cookie, an Authorization header, an unsafe method or a fresh pin means primary."""
    _response, view = serve(request_)
    assert view.reads == ["default"]


@pytest.mark.parametrize("value", ["1", "0", "", "not-a-time", "nan", "<script>"])
def test_an_expired_or_garbled_pin_is_ignored(one_replica, value):
    """Only a pin that has not yet run out sends a client to the primary."""
    _response, view = serve(factory.get("/global/", HTTP_COOKIE=f"{PIN_COOKIE}={value}"))
    assert view.reads == ["replica1"]


def test_a_write_sends_the_rest_of_the_request_to_the_primary_and_pins_the_client(
        one_replica, settings):
    """After the first write: reads go to the primary, and a short-lived pin cookie is set."""
    settings.DATELINE_REPLICA_PIN_SECONDS = 3
    before = time.time()
    response, view = serve(factory.get("/global/"), write=True)
    assert view.reads == ["replica1", "default"] and view.writes == "default"
    pin = response.cookies[PIN_COOKIE]
    assert pin["max-age"] == 3 and pin["httponly"] and pin["samesite"] == "Lax"
    assert before + 2.999 <= float(pin.value) <= time.time() + 3.001
    assert not pin["secure"]


def test_the_pin_is_secure_over_https(one_replica):
    """Over HTTPS the pin cookie is marked Secure."""
    response, _view = serve(factory.get("/global/", secure=True), write=True)
    assert response.cookies[PIN_COOKIE]["secure"]


def test_a_writing_post_pins_the_client(one_replica):
    """A POST that writes pins its client even though it read from the primary."""
    response, view = serve(factory.post("/admin/login/"), write=True)
    assert view.reads == ["default", "default"]
    assert PIN_COOKIE in response.cookies


def test_reads_inside_a_transaction_on_the_primary_stay_there(one_replica, monkeypatch):
    """Within ``transaction.atomic()`` an anonymous request reads from the primary."""
    monkeypatch.setattr(connections["default"], "in_atomic_block", True)
    _response, view = serve(factory.get("/global/"))
    assert view.reads == ["default"]


def test_the_routing_ends_with_the_request(one_replica):
    """After the response, code outside a request is back on the primary."""
    serve(factory.get("/global/"))
    assert router.db_for_read(Article) == "default"


def test_without_replicas_nothing_changes():
    """With only the primary (or replicas that are the primary), a write sets no cookie."""
    assert replica_aliases() == []
    response, view = serve(factory.get("/global/"), write=True)
    assert view.reads == ["default", "default"]
    assert not response.cookies


def test_a_replica_that_is_the_primarys_database_is_not_a_replica(monkeypatch):
    """An alias with the primary's NAME, HOST and PORT (a test mirror) counts as the primary."""
    primary = {"NAME": "dateline", "HOST": "10.0.0.1", "PORT": 5432}
    monkeypatch.setattr(connections, "settings", {
        "default": primary,
        "replica1": {**primary, "TEST": {"MIRROR": "default"}},
        "replica2": {**primary, "HOST": "10.0.0.2"},
        "replica3": {**primary, "PORT": 5433},
        "analytics": {**primary, "HOST": "10.0.0.9"},
    })
    assert replica_aliases() == ["replica2", "replica3"]


def test_migrations_run_only_on_the_primary():
    """Replicas get their schema by replication; migrate never writes to them."""
    replica_router = ReplicaRouter()
    assert replica_router.allow_migrate("replica1", "newsroom") is False
    assert replica_router.allow_migrate("replica12", "auth", model_name="user") is False
    assert replica_router.allow_migrate("default", "newsroom") is None


def test_rows_from_a_replica_and_the_primary_may_be_related():
    """An object read from a replica can be assigned to one saved on the primary."""
    replica_router = ReplicaRouter()
    from_replica, from_primary, elsewhere = User(), User(), User()
    from_replica._state.db, from_primary._state.db, elsewhere._state.db = (
        "replica1", "default", "analytics")
    assert replica_router.allow_relation(from_replica, from_primary) is True
    assert replica_router.allow_relation(from_replica, elsewhere) is None
