"""Entries keep their summary (title, else first words) in a column of their own."""

from django.db import migrations, models

from dateline.live.text import summary_of


def fill(apps, schema_editor):
    Entry = apps.get_model("live", "Entry")
    batch = []
    for entry in Entry.objects.only("id", "title", "body").iterator(chunk_size=500):
        entry.summary = summary_of(entry.title, entry.body)[:255]
        batch.append(entry)
        if len(batch) == 500:
            Entry.objects.bulk_update(batch, ["summary"])
            batch = []
    Entry.objects.bulk_update(batch, ["summary"])


class Migration(migrations.Migration):

    dependencies = [
        ('live', '0003_entry_due_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='entry',
            name='summary',
            field=models.CharField(blank=True, editable=False, max_length=255),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
