"""The test database emptied, and put back as the migrations made it (for transactional
tests, which end by emptying every table)."""


def empty_database(restore):
    """Empty the database, then put back the content types that the migrations made (or,
    with ``restore``, everything they made) under their original ids."""
    import json

    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connection

    # Sequences go on from where they were, past every saved id, as after a test's flush.
    call_command("flush", interactive=False, inhibit_post_migrate=True, reset_sequences=False,
                 verbosity=0)
    ContentType.objects.clear_cache()
    contents = getattr(connection, "_test_serialized_contents", None)
    if not contents:
        return
    # Content types first: restoring other rows looks them up (search index, pages), and
    # would otherwise make new ones that clash with the saved ones still to come.
    types = [row for row in json.loads(contents) if row["model"] == "contenttypes.contenttype"]
    connection.creation.deserialize_db_from_string(json.dumps(types))
    if restore:
        connection.creation.deserialize_db_from_string(contents)
