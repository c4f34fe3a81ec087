from django.db import migrations

from dateline.newsroom.roles import ROLE_CHIEF, _permission


def grant(apps, schema_editor):
    """Chief editors write the info pages (administrators hold every permission anyway)."""
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=ROLE_CHIEF).first()
    if group is not None:
        group.permissions.add(*(_permission(apps, "infopages", "infopage", f"{action}_infopage")
                                for action in ("add", "change", "delete", "view")))


class Migration(migrations.Migration):
    dependencies = [
        ("infopages", "0001_info_pages"),
        ("newsroom", "0002_roles_and_review_workflow"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
