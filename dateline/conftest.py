"""Fixtures shared by every app's tests: two editions, one user per role, article makers."""

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

from dateline.newsroom import actions
from dateline.newsroom.models import Article, Edition
from dateline.newsroom.roles import ROLE_ADMIN, ROLE_CHIEF, ROLE_EDITOR, ROLE_REPORTER
from dateline.newsroom.signals import article_changed

HOSTILE = 'A & B < C > D "q" \'s </script>'


@pytest.fixture
def main_edition(db):
    return Edition.objects.create(name="Дейтлайн", code="main", language="uk",
                                  publication_name="Дейтлайн", is_default=True)


@pytest.fixture
def global_edition(db):
    return Edition.objects.create(name="Dateline Global", code="global", language="en",
                                  path_prefix="global", publication_name="Dateline Global")


def _user(username, role=None, **extra):
    user = User.objects.create_user(username, f"{username}@example.com", "pw-" + username,
                                    **extra)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def reporter(db):
    return _user("reporter", ROLE_REPORTER)


@pytest.fixture
def other_reporter(db):
    return _user("reporter2", ROLE_REPORTER)


@pytest.fixture
def editor(db):
    return _user("editor", ROLE_EDITOR)


@pytest.fixture
def other_editor(db):
    return _user("editor2", ROLE_EDITOR)


@pytest.fixture
def chief(db):
    return _user("chief", ROLE_CHIEF)


@pytest.fixture
def administrator(db):
    return _user("administrator", ROLE_ADMIN)


@pytest.fixture
def superuser(db):
    return _user("root", is_superuser=True, is_staff=True)


@pytest.fixture
def make_draft(global_edition):
    """Make a saved draft with one revision, as the desk's "Save draft" does."""

    def make(headline="Draft story", edition=None, owner=None, **fields):
        article = Article(edition=edition or global_edition, headline=headline, owner=owner,
                          lead=fields.pop("lead", "The lead."), live=False, **fields)
        article.save()
        article.save_revision(user=owner)
        return article

    return make


@pytest.fixture
def make_published(make_draft):
    """Make an article and publish it through the editorial action."""

    def make(headline="Published story", **fields):
        return actions.PublishAction(make_draft(headline, **fields)).execute()

    return make


@pytest.fixture
def changes():
    """The (article id, action) pairs announced by ``article_changed`` during the test."""
    seen = []

    def receiver(sender, instance, action, **kwargs):
        seen.append((instance.pk, action))

    article_changed.connect(receiver)
    yield seen
    article_changed.disconnect(receiver)


@pytest.fixture
def now():
    return timezone.now()


@pytest.fixture(autouse=True)
def _empty_page_cache():
    """Each test starts with an empty page cache (it lives in memory across tests), and
    with processes that remember nothing of it: the keys an earlier test's memos and
    fragments used (on PostgreSQL, ids are never reused) are not read again."""
    from django.core.cache import caches

    from dateline.caching import fragments, keys, memo

    caches["pages"].clear()
    memo._memo.clear()
    memo._known.intersection_update({keys.SITE})
    fragments._known.clear()
    yield
    caches["pages"].clear()


def _is_transactional(item):
    marker = item.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test ends by emptying every table, the migrations' rows with it (the
    roles, the root collection, the review workflow). Run alone, pytest-django orders such
    tests last; under pytest-xdist a worker may run ordinary tests after one, so the rows
    the test database was created with are put back here."""
    yield
    # After the last test the test database itself is gone: nothing to put back.
    if nextitem is None or not _is_transactional(item):
        return
    from pytest_django.plugin import blocking_manager_key

    from dateline.tests.database import empty_database

    with item.config.stash[blocking_manager_key].unblock():
        empty_database(restore=True)
