"""Editors see the ingest sources and keep the label mapping; chief editors manage both."""

from django.db import migrations

from dateline.newsroom.roles import ROLE_CHIEF, ROLE_EDITOR

ROLE_PERMISSIONS = {
    ROLE_EDITOR: [("ingestsource", "view"), ("labelmapping", "add"), ("labelmapping", "change"),
                  ("labelmapping", "delete"), ("labelmapping", "view")],
    ROLE_CHIEF: [(model, action) for model in ("ingestsource", "labelmapping")
                 for action in ("add", "change", "delete", "view")],
}


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for role, perms in ROLE_PERMISSIONS.items():
        group = Group.objects.filter(name=role).first()
        if group is None:
            continue
        for model, action in perms:
            content_type, _ = ContentType.objects.get_or_create(app_label="ingest", model=model)
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type, codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {model}"})
            group.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, perms in ROLE_PERMISSIONS.items():
        group = Group.objects.filter(name=role).first()
        if group is not None:
            group.permissions.remove(*Permission.objects.filter(
                content_type__app_label="ingest",
                codename__in=[f"{action}_{model}" for model, action in perms]))


class Migration(migrations.Migration):
    dependencies = [
        ("ingest", "0001_initial"),
        ("newsroom", "0002_roles_and_review_workflow"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
