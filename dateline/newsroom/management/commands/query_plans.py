"""Print the plans of the site's hot lists against the current database, as Markdown.

    dateline query_plans > docs/query-plans.md

Run it against a large database (e.g. one made by `dateline demo_newsroom --articles
1000000`) to see that each list is an index range scan at any depth of the archive.
"""

from django.core.management.base import BaseCommand
from django.db import connection
from django.db.models import Count

from dateline.newsroom.models import Article, ArticleAuthor, ArticleTag, Edition, Section

LIMIT = 41  # a feed chunk and one more, as the site asks


class Command(BaseCommand):
    help = "Print EXPLAIN ANALYZE of the hot lists (latest N of edition, section, tag, author)."

    def handle(self, *args, **options):
        edition = Edition.objects.get(is_default=True)
        published = Article.objects.published().filter(edition=edition)
        count = Article.objects.count()
        oldest = published.order_by("first_published_at", "id").first()
        deep = (oldest.first_published_at, oldest.pk + 1) if oldest else None
        section = Section.objects.filter(edition=edition).first()
        tag_id = (ArticleTag.objects.values("tag").annotate(n=Count("id")).order_by("-n")
                  .values_list("tag", flat=True).first())
        author_id = (ArticleAuthor.objects.values("author").annotate(n=Count("id"))
                     .order_by("-n").values_list("author", flat=True).first())
        lists = [
            ("Edition feed, first chunk", published.newest_first()),
            ("Edition feed, at the oldest article (cursor)", published.newest_first(deep)),
            ("Section feed", published.filter(section=section).newest_first()),
            ("Busiest tag", published.tagged(tag_id)),
            ("Busiest tag, at the oldest article (cursor)", published.tagged(tag_id, deep)),
            ("Busiest author", published.by_author(author_id)),
        ]
        vendor = connection.vendor
        self.stdout.write(f"# Query plans of the hot lists\n\n{count:,} articles on {vendor}, "
                          f"made by `dateline query_plans`. Each list reads {LIMIT - 1} "
                          "items plus one (to know whether there is more).\n")
        for title, queryset in lists:
            plan = queryset[:LIMIT].explain(analyze=True) if vendor == "postgresql" else \
                queryset[:LIMIT].explain()
            self.stdout.write(f"\n## {title}\n\n```\n{plan}\n```\n")
