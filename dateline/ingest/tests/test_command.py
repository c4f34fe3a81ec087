import os
import threading

import pytest
from django.core.management import CommandError, call_command

from dateline.newsroom.models import Article

from .samples import FORMATS, story

pytestmark = pytest.mark.django_db


def run(*args):
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command("ingest", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_ingest_a_file_as_drafts_then_again_changes_nothing(tmp_path, global_edition):
    """`dateline ingest FILE --edition CODE` makes drafts; a second run reports unchanged."""
    path = tmp_path / "wire.dat"  # the name says nothing: the content decides
    path.write_bytes(FORMATS["atom"]([story(1), story(2, headline="")]))
    out, err = run(str(path), "--edition", "global")
    assert "(atom): 1 new, 0 updated, 0 unchanged, 0 older, 0 skipped, 1 rejected" in out
    assert "rejected  item 2 urn:newsml:example.com:2024:2: no headline" in err
    assert not Article.objects.get().live
    out, _err = run(str(path), "--edition", "global")
    assert "0 new, 0 updated, 1 unchanged" in out


def test_publish_and_dry_run_options(tmp_path, global_edition):
    """--dry-run reports without writing; --publish publishes."""
    path = tmp_path / "feed"
    path.write_bytes(FORMATS["rss"]([story(1)]))
    out, _err = run(str(path), "--edition", "global", "--publish", "--dry-run")
    assert "dry run, would be: 1 new" in out and not Article.objects.exists()
    run(str(path), "--edition", "global", "--publish")
    assert Article.objects.get().live


def test_ingest_from_an_address(server, settings, global_edition):
    """An http address is fetched through the guard (loopback allowed here by the setting)."""
    settings.DATELINE_INGEST_ALLOW_LOOPBACK = True
    url = server.serve("/feed.json", FORMATS["jsonfeed"]([story(1)]))
    out, _err = run(url, "--edition", "global", "-v", "2")
    assert "new       item 1 https://" not in out  # ids that are URIs are kept as they are
    assert "new       item 1 urn:newsml:example.com:2024:1 article" in out


def test_ingest_from_loopback_is_refused_by_default(server, global_edition):
    """Without the switch, a loopback address is refused and the command fails."""
    url = server.serve("/feed.json", FORMATS["jsonfeed"]([story(1)]))
    with pytest.raises(CommandError, match="loopback"):
        run(url, "--edition", "global")


@pytest.mark.parametrize("args, message", [
    (["missing-file.xml", "--edition", "global"], "No such file"),
    (["ftp://example.com/feed", "--edition", "global"], "only files and http"),
    (["x", "--edition", "nope"], r"No edition 'nope'\. Editions: global \(Dateline Global, "
                                 r"en\)\. Create another with `dateline edition add"),
    (["x", "--edition", "global", "--user", "nobody"], "No user 'nobody'"),
])
def test_command_errors_say_what_is_wrong(args, message, global_edition):
    """Unknown edition, user, file or scheme: a CommandError with the reason."""
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_a_user_who_may_not_publish_is_stopped_before_anything(tmp_path, global_edition,
                                                              reporter):
    """--user with --publish checks the user's right to publish first."""
    path = tmp_path / "feed"
    path.write_bytes(FORMATS["rss"]([story(1)]))
    with pytest.raises(CommandError, match="may not publish"):
        run(str(path), "--edition", "global", "--publish", "--user", "reporter")
    assert not Article.objects.exists()


def test_unreadable_document_fails_the_command(tmp_path, global_edition):
    """A document in no known format fails with the parser's reason."""
    path = tmp_path / "feed"
    path.write_bytes(b"\x00\x01binary")
    with pytest.raises(CommandError, match="not a known format"):
        run(str(path), "--edition", "global")


def test_a_device_or_pipe_is_read_no_further_than_the_size_limit(tmp_path, global_edition,
                                                                  settings):
    """/dev/zero never ends and a FIFO has no size to check beforehand: reading stops at the
    limit and the command says so, with nothing written."""
    settings.DATELINE_INGEST_MAX_FILE_BYTES = 64 * 1024
    with pytest.raises(CommandError, match="is over 65536 bytes"):
        run("/dev/zero", "--edition", "global")
    fifo = tmp_path / "feed.pipe"
    os.mkfifo(fifo)
    writer = threading.Thread(target=_write_until_closed, args=(fifo, b"<rss>" + b" " * 100_000))
    writer.start()
    with pytest.raises(CommandError, match="is over 65536 bytes"):
        run(str(fifo), "--edition", "global")
    writer.join(timeout=10)
    assert not Article.objects.exists()


def _write_until_closed(path, data):
    try:
        path.write_bytes(data)
    except BrokenPipeError:
        pass  # the reader stopped at its limit
