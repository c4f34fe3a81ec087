"""Editors keep the tag and section counterparts; chief editors may also remove them."""

from django.db import migrations

from dateline.newsroom.roles import ROLE_CHIEF, ROLE_EDITOR, _permission

GRANTS = {ROLE_EDITOR: ["add", "change", "view"], ROLE_CHIEF: ["add", "change", "delete", "view"]}


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for role, actions in GRANTS.items():
        group = Group.objects.filter(name=role).first()
        if group is None:
            continue
        for model in ("tagcounterpart", "sectioncounterpart"):
            group.permissions.add(*[_permission(apps, "translations", model, f"{action}_{model}")
                                    for action in actions])


class Migration(migrations.Migration):
    dependencies = [("translations", "0003_queue"), ("newsroom", "0002_roles_and_review_workflow")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
