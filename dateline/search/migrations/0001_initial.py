import django.contrib.postgres.search
import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


def create_engine_tables(apps, schema_editor):
    """Where the words live: a GIN index on PostgreSQL, an FTS5 table on SQLite."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE INDEX search_document_vector ON "
                              "search_searchdocument USING gin (vector)")
    else:
        # remove_diacritics 0: й is not и, ї is not і.
        schema_editor.execute("CREATE VIRTUAL TABLE search_fts USING fts5(headline, lead, "
                              "body, forms, tokenize = 'unicode61 remove_diacritics 0')")


def drop_engine_tables(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_document_vector")
    else:
        schema_editor.execute("DROP TABLE IF EXISTS search_fts")


def queue_every_article(apps, schema_editor):
    """Articles written before search had its own index: the worker indexes them."""
    now = schema_editor.connection.ops.adapt_datetimefield_value(django.utils.timezone.now())
    schema_editor.execute("INSERT INTO search_pendingindex (article_id, queued_at) "
                          "SELECT id, %s FROM newsroom_article", [now])


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ('newsroom', '0006_live_coverage'),
    ]

    operations = [
        migrations.CreateModel(
            name='PendingIndex',
            fields=[
                ('article_id', models.BigIntegerField(primary_key=True, serialize=False)),
                ('queued_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
            ],
            options={
                'verbose_name': 'article waiting for the search index',
            },
        ),
        migrations.CreateModel(
            name='SearchDocument',
            fields=[
                ('article', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='search_document', serialize=False, to='newsroom.article')),
                ('fingerprint', models.CharField(max_length=32)),
                ('indexed_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('vector', django.contrib.postgres.search.SearchVectorField(null=True)),
            ],
            options={
                'verbose_name': 'search document',
            },
        ),
        migrations.RunPython(create_engine_tables, drop_engine_tables),
        migrations.RunPython(queue_every_article, migrations.RunPython.noop),
    ]
