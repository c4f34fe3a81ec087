"""Starting a newsroom from the command line: `dateline newsroom init`, `dateline edition`,
`dateline labels`, and `dateline ingest` with the labels mapped."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from dateline.ingest.models import LabelMapping
from dateline.ingest.tests.samples import FORMATS, story
from dateline.newsroom.models import Article, Edition, Label
from dateline.newsroom.roles import ROLE_ADMIN

pytestmark = pytest.mark.django_db

PASSWORD = "a long enough passphrase 7"  # noqa: S105  (test data)
INIT = ["newsroom", "init", "--code", "main", "--language", "uk", "--name", "Дейтлайн",
        "--time-zone", "Europe/Kyiv", "--admin-username", "ana", "--admin-email",
        "ana@example.org", "--no-input"]


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def admin_password(monkeypatch):
    monkeypatch.setenv("DATELINE_ADMIN_PASSWORD", PASSWORD)


@pytest.fixture
def initialised(admin_password):
    run(*INIT)


def test_init_makes_the_main_edition_and_an_administrator(admin_password):
    """On an empty database: the main edition at "/", and a superuser in the Administrator
    role who can sign in with the password from DATELINE_ADMIN_PASSWORD."""
    out = run(*INIT)
    assert "Created edition main: Дейтлайн (uk, Europe/Kyiv, main edition) at " \
           "http://127.0.0.1:8000/." in out
    assert "Created administrator 'ana' <ana@example.org> (superuser, Administrator role)." in out
    edition = Edition.objects.get()
    assert (edition.code, edition.language, edition.is_default, edition.path_prefix,
            edition.publication_name) == ("main", "uk", True, "", "Дейтлайн")
    ana = get_user_model().objects.get(username="ana")
    assert ana.is_superuser and ana.is_staff and ana.check_password(PASSWORD)
    assert list(ana.groups.values_list("name", flat=True)) == [ROLE_ADMIN]


def test_init_again_with_the_same_values_changes_nothing(initialised):
    """A re-run says so and leaves every row as it was (the password hash included)."""
    before = get_user_model().objects.get(username="ana").password
    out = run(*INIT)
    assert out.startswith("Nothing to change: edition main: Дейтлайн") and "are as given" in out
    assert Edition.objects.count() == 1
    assert get_user_model().objects.get(username="ana").password == before


def test_init_refuses_conflicting_values_and_changes_nothing(initialised, monkeypatch):
    """Another language, time zone, e-mail or password: every difference is named, and
    nothing changes; a main edition under another code is refused too."""
    monkeypatch.setenv("DATELINE_ADMIN_PASSWORD", "another passphrase 8")
    args = [*INIT]
    args[args.index("uk")] = "en"
    args[args.index("Europe/Kyiv")] = "Europe/London"
    args[args.index("ana@example.org")] = "bob@example.org"
    with pytest.raises(CommandError) as refused:
        run(*args)
    message = str(refused.value)
    assert message.startswith("nothing changed:")
    for line in ("--language: edition 'main' has 'uk', not 'en'",
                 "--time-zone: edition 'main' has 'Europe/Kyiv', not 'Europe/London'",
                 "--admin-email: user 'ana' has 'ana@example.org', not 'bob@example.org'",
                 "the password given is not user 'ana''s; change it with "
                 "`dateline changepassword ana`"):
        assert line in message
    edition = Edition.objects.get()
    assert (edition.language, edition.time_zone) == ("uk", "Europe/Kyiv")
    assert get_user_model().objects.get(username="ana").email == "ana@example.org"

    with pytest.raises(CommandError, match="The newsroom has its main edition already: main"):
        run("newsroom", "init", "--code", "global", "--language", "en", "--name", "Global")
    assert Edition.objects.count() == 1


def test_init_refuses_bad_values_all_at_once_and_writes_nothing(admin_password):
    """Invalid edition values and a weak password: one refusal lists them all, and neither
    the edition nor the user is made (one transaction)."""
    args = [*INIT]
    args[args.index("uk")] = "fr"
    args[args.index("Europe/Kyiv")] = "Mars/Olympus"
    args += ["--path-prefix", "admin"]
    with pytest.raises(CommandError) as refused:
        run(*args)
    message = str(refused.value)
    assert "--language: “fr” is not one of the site's languages: en, uk." in message
    assert "--time-zone: “Mars/Olympus” is not a time zone name" in message
    assert "--path-prefix: “admin” is used by the site itself" in message
    assert not Edition.objects.exists() and not get_user_model().objects.exists()


def test_init_needs_a_password_but_never_on_the_command_line(monkeypatch):
    """Without DATELINE_ADMIN_PASSWORD and without a terminal: refused, nothing made; there
    is no --password option to put it in the shell's history."""
    monkeypatch.delenv("DATELINE_ADMIN_PASSWORD", raising=False)
    with pytest.raises(CommandError, match="set DATELINE_ADMIN_PASSWORD or run the command "
                                           "in a terminal"):
        run(*INIT)
    assert not Edition.objects.exists()
    with pytest.raises(CommandError, match="unrecognized arguments: --password"):
        run(*INIT, "--password", PASSWORD)


def test_init_refuses_a_weak_password_and_an_existing_user_who_is_not_an_admin(
        monkeypatch, editor):
    """The site's password rules apply; an ordinary user of that name is not promoted."""
    monkeypatch.setenv("DATELINE_ADMIN_PASSWORD", "12345678")
    with pytest.raises(CommandError, match="This password is too common"):
        run(*INIT)
    args = [*INIT]
    args[args.index("ana")] = "editor"
    args[args.index("ana@example.org")] = "editor@example.com"
    with pytest.raises(CommandError, match="user 'editor' exists and is no superuser"):
        run(*args)
    assert not Edition.objects.exists()


def test_init_without_an_administrator_needs_one_unless_a_superuser_exists(superuser):
    """`init` may leave the administrator out when a superuser exists already."""
    out = run("newsroom", "init", "--code", "main", "--language", "uk", "--name", "Дейтлайн")
    assert "Created edition main" in out
    superuser.delete()
    with pytest.raises(CommandError, match="the newsroom has no administrator yet"):
        run("newsroom", "init", "--code", "main", "--language", "uk", "--name", "Дейтлайн")


def test_edition_add_and_list(initialised):
    """The next edition lives under its code (/global/) unless given a prefix; adding it
    again changes nothing; other values or a taken language are refused."""
    args = ["edition", "add", "--code", "global", "--language", "en", "--name",
            "Dateline Global", "--time-zone", "Europe/London"]
    out = run(*args)
    assert ("Created edition global: Dateline Global (en, Europe/London) at "
            "http://127.0.0.1:8000/global/.") in out
    assert "Nothing to change: edition global" in run(*args)
    with pytest.raises(CommandError, match="--path-prefix: edition 'global' has 'global', "
                                           "not 'world'"):
        run(*args, "--path-prefix", "world")
    with pytest.raises(CommandError, match="--language: Edition with this Language already "
                                           "exists"):
        run("edition", "add", "--code", "english", "--language", "en", "--name", "Another")
    listed = run("edition", "list").splitlines()
    assert listed == [
        "main: Дейтлайн (uk, Europe/Kyiv, main edition) at http://127.0.0.1:8000/",
        "global: Dateline Global (en, Europe/London) at http://127.0.0.1:8000/global/"]
    global_edition = Edition.objects.get(code="global")
    assert (global_edition.is_default, global_edition.publication_name) == (
        False, "Dateline Global")


def test_labels_add_map_list_unmap_remove(global_edition, make_draft):
    """Labels are added once; a term maps to one label (letter case ignored) unless
    --replace; a label in use is removed only with --force."""
    out = run("labels", "add", "global", "Opinion", "Exclusive")
    assert "Added label 'Opinion' (opinion) to global." in out
    assert "Nothing to change: label 'Opinion'" in run("labels", "add", "global", "opinion")
    assert "Mapped 'Opinion' to label 'Opinion' in global." in run(
        "labels", "map", "global", "Opinion", "Opinion")
    run("labels", "map", "global", "http://cv.iptc.org/newscodes/genre/Opinion", "opinion")
    assert "Nothing to change" in run("labels", "map", "global", "OPINION", "Opinion")
    with pytest.raises(CommandError, match="'Opinion' is mapped to 'Opinion' in global; "
                                           "--replace maps it to 'Exclusive' instead"):
        run("labels", "map", "global", "opinion", "Exclusive")
    with pytest.raises(CommandError, match=r"has no label 'Review' \(it has: Exclusive, "
                                           r"Opinion\); add it with `dateline labels add"):
        run("labels", "map", "global", "Review", "Review")
    with pytest.raises(CommandError, match="No edition 'nope'. Editions: global"):
        run("labels", "map", "nope", "Review", "Review")
    assert run("labels", "list", "global").splitlines() == [
        "global: 2 label(s)", "  Exclusive (exclusive)",
        "  Opinion (opinion) <- 'http://cv.iptc.org/newscodes/genre/Opinion', 'Opinion'"]

    run("labels", "map", "global", "opinion", "Exclusive", "--replace")
    assert LabelMapping.objects.get(source_term="Opinion").label.name == "Exclusive"
    assert "Unmapped 'OPINION' in global." in run("labels", "unmap", "global", "OPINION")
    assert "Nothing to change" in run("labels", "unmap", "global", "Opinion")

    article = make_draft()
    article.labels.add(Label.objects.get(name="Exclusive"))
    article.save()  # a parental relation is written with its article
    with pytest.raises(CommandError, match="label 'Exclusive' is on 1 article"):
        run("labels", "remove", "global", "Exclusive")
    assert "and from 1 article(s)" in run("labels", "remove", "global", "exclusive", "--force")
    assert list(Label.objects.values_list("name", flat=True)) == ["Opinion"]


def test_ingest_puts_mapped_labels_on_the_articles(tmp_path, global_edition):
    """The newcomer's path: a label, a mapping, a feed whose item has that genre."""
    run("labels", "add", "global", "Opinion")
    run("labels", "map", "global", "Commentary", "Opinion")
    feed = tmp_path / "feed.xml"
    feed.write_bytes(FORMATS["rss"]([story(1, genres=["Commentary"]), story(2)]))
    out = run("ingest", str(feed), "--edition", "global")
    assert "2 new" in out
    labelled = {a.headline: [label.name for label in a.labels.all()]
                for a in Article.objects.all()}
    assert labelled == {"Story number 1": ["Opinion"], "Story number 2": []}


def test_ingest_into_a_missing_edition_names_the_real_ones_and_how_to_make_one(tmp_path):
    """With no edition at all it points at `dateline newsroom init`; otherwise it lists the
    editions and `dateline edition add`."""
    with pytest.raises(CommandError, match="No edition 'nope'. There is no edition yet: "
                                           "create the first with `dateline newsroom init"):
        run("ingest", "x", "--edition", "nope")
    Edition.objects.create(name="Dateline Global", code="global", language="en",
                           path_prefix="global", publication_name="Dateline Global")
    with pytest.raises(CommandError, match=r"Editions: global \(Dateline Global, en\). "
                                           r"Create another with `dateline edition add"):
        run("ingest", "x", "--edition", "nope")
