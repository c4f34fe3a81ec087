"""Every translation there is before this app follows its source as published now."""

from django.db import migrations
from django.db.models import Count

BATCH = 2000


def track_existing(apps, schema_editor):
    Article = apps.get_model("newsroom", "Article")
    TranslationSync = apps.get_model("translations", "TranslationSync")
    keys = (Article.objects.values("translation_key").annotate(n=Count("pk"))
            .filter(n__gt=1).values_list("translation_key", flat=True))
    rows = []
    for key in keys.iterator():
        group = list(Article.objects.filter(translation_key=key).order_by("created_at", "pk")
                     .values("pk", "live_revision_id", "latest_revision_id"))
        source = group[0]
        followed = source["live_revision_id"] or source["latest_revision_id"]
        rows += [TranslationSync(translation_id=article["pk"], source_id=source["pk"],
                                 synced_revision_id=followed) for article in group[1:]]
        if len(rows) >= BATCH:
            TranslationSync.objects.bulk_create(rows, ignore_conflicts=True)
            rows = []
    TranslationSync.objects.bulk_create(rows, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("translations", "0001_sync")]
    operations = [migrations.RunPython(track_existing, migrations.RunPython.noop)]
