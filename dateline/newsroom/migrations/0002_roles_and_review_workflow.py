from django.db import migrations

from dateline.newsroom.roles import setup_newsroom_roles


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailadmin", "0006_formstate"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("simple_translation", "0001_initial"),
    ]

    operations = [migrations.RunPython(setup_newsroom_roles, migrations.RunPython.noop)]
