from django.db import migrations, models


class Migration(migrations.Migration):
    """The article's time on its search document: a relevance search reads the newest
    matches first (``engines.best``). Filled in from the articles for what is indexed."""

    dependencies = [
        ('search', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='searchdocument',
            name='dated_at',
            field=models.DateTimeField(db_index=True, null=True),
        ),
        migrations.RunSQL(
            "UPDATE search_searchdocument SET dated_at = ("
            "SELECT COALESCE(a.first_published_at, a.created_at) FROM newsroom_article a "
            "WHERE a.id = search_searchdocument.article_id)",
            migrations.RunSQL.noop),
    ]
