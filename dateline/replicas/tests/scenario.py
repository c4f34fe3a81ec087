"""The Django side of test_streaming_replica, run in its own process against two real servers.

``python -m dateline.replicas.tests.scenario`` with DATABASE_URL (the primary) and
DATABASE_REPLICA_URLS (one streaming standby) set: migrates, publishes, pauses replay on the
standby, publishes again, and prints what each kind of client saw as one JSON line.
"""

import json
import shutil
import sys
import time

import django

PIN_SECONDS = 5


def probe(request):
    """Reads, writes, reads again; says which server answered each read."""
    from django.db import connections
    from django.http import JsonResponse

    from dateline.newsroom.models import Article, Author

    def read():
        articles = Article.objects.filter(headline="Second story")
        with connections[articles.db].cursor() as cursor:
            cursor.execute("SELECT pg_is_in_recovery()")
            standby = cursor.fetchone()[0]
        return {"alias": articles.db, "standby": standby, "sees_second": articles.exists()}

    before = read()
    author = Author.objects.create(name="Probe & <Author>")
    return JsonResponse({"before": before, "write_alias": author._state.db, "after": read()})


def sign_out(request):
    """What the desk's sign-out does (without its permission and two-factor checks)."""
    from django.contrib.auth import logout
    from django.http import HttpResponse, HttpResponseNotAllowed

    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    logout(request)
    return HttpResponse("signed out")


urlpatterns = []


def _lsn_caught_up(timeout=30):
    from django.db import connections

    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()::text")
        target = cursor.fetchone()[0]
    deadline = time.monotonic() + timeout
    with connections["replica1"].cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target])
            if cursor.fetchone()[0]:
                return
            time.sleep(0.05)
    raise AssertionError(f"the standby did not replay up to {target} in {timeout} s")


def _replica(sql):
    from django.db import connections

    with connections["replica1"].cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0] if cursor.description else None


def _pause_replay():
    _replica("SELECT pg_wal_replay_pause()")
    deadline = time.monotonic() + 30
    while _replica("SELECT pg_get_wal_replay_pause_state()") != "paused":
        assert time.monotonic() < deadline, "replay did not pause"
        time.sleep(0.05)


def run():
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connections
    from django.test import Client

    from dateline.newsroom import actions
    from dateline.newsroom.models import Article, Author, Edition

    seen = {}
    call_command("migrate", interactive=False, verbosity=0)
    seen["migrate_opened_replica"] = connections["replica1"].connection is not None

    edition = Edition.objects.create(name="Dateline Global", code="global", language="en",
                                     path_prefix="global", publication_name="Dateline Global")

    def publish(headline):
        article = Article(edition=edition, headline=headline, lead="The lead.", live=False)
        article.save()
        article.save_revision()
        return actions.PublishAction(article).execute()

    first = publish("First story")
    editor = User.objects.create_user("editor", "editor@example.com", "pw-editor")
    _lsn_caught_up()
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT count(*) FROM django_migrations")
        applied = cursor.fetchone()[0]
    seen["migrations_on_primary"] = applied
    seen["migrations_on_replica"] = _replica("SELECT count(*) FROM django_migrations")
    seen["first_anonymous"] = Client().get(first.get_absolute_url()).status_code

    _pause_replay()
    second = publish("Second story")
    url = second.get_absolute_url()
    seen["second_outside_request_on_primary"] = Article.objects.filter(pk=second.pk).exists()
    seen["second_on_replica"] = Article.objects.using("replica1").filter(pk=second.pk).exists()

    seen["second_anonymous"] = Client().get(url).status_code
    seen["second_head_anonymous"] = Client().head(url).status_code

    signed_in = Client()
    signed_in.force_login(editor)
    seen["second_signed_in"] = signed_in.get(url).status_code

    # An anonymous GET that writes: the rest of it reads from the primary, and it is pinned.
    writer = Client()
    response = writer.get("/_probe/")
    seen["probe"] = response.json()
    seen["probe_author_on_primary"] = Author.objects.filter(name="Probe & <Author>").exists()
    seen["probe_author_on_replica"] = (
        Author.objects.using("replica1").filter(name="Probe & <Author>").exists())
    seen["probe_pin_max_age"] = response.cookies["dateline_primary"]["max-age"]
    seen["second_pinned_writer"] = writer.get(url).status_code
    seen["second_other_anonymous"] = Client().get(url).status_code

    # The editor signs out (a POST that deletes the session): the browser drops the
    # session cookie and keeps the pin, so the public page it opens next is current.
    response = signed_in.post("/_sign-out/")
    seen["logout_status"] = response.status_code
    seen["logout_pinned"] = "dateline_primary" in response.cookies
    del signed_in.cookies["sessionid"]
    seen["second_after_logout"] = signed_in.get(url).status_code

    time.sleep(max(0, float(writer.cookies["dateline_primary"].value) - time.time() + 0.1))
    seen["second_pin_expired"] = writer.get(url).status_code

    _replica("SELECT pg_wal_replay_resume()")
    _lsn_caught_up()
    seen["second_anonymous_after_replay"] = Client().get(url).status_code
    return seen


def main():
    django.setup()
    from django.conf import settings
    from django.test.utils import override_settings
    from django.urls import include, path

    urlpatterns[:] = [path("_probe/", probe), path("_sign-out/", sign_out),
                      path("", include("dateline.urls"))]
    try:
        with override_settings(ROOT_URLCONF=__name__, DATELINE_REPLICA_PIN_SECONDS=PIN_SECONDS,
                               DATELINE_PAGE_CACHE=False):
            seen = run()
    finally:
        shutil.rmtree(settings.DATA_DIR, ignore_errors=True)
    print(json.dumps(seen))


if __name__ == "__main__":
    sys.exit(main())
