"""The translation queue: published articles with no version yet in another edition."""

from datetime import timedelta

from django.db.models import Exists, OuterRef
from django.utils import timezone

from dateline.newsroom.models import Article

from .models import TranslationTask

AGES = {"6h": timedelta(hours=6), "24h": timedelta(hours=24), "7d": timedelta(days=7),
        "30d": timedelta(days=30)}
DEFAULT_AGE = "7d"


def untranslated(into, age=DEFAULT_AGE, section=None, now=None):
    """Published articles of the other editions, newest first, published within ``age``,
    that have no version in ``into``; each with its task (translator) when there is one."""
    now = now or timezone.now()
    versions = Article.objects.filter(translation_key=OuterRef("translation_key"),
                                      edition=into)
    articles = (Article.objects.published(now).exclude(edition=into)
                .filter(first_published_at__gte=now - AGES[age])
                .exclude(Exists(versions))
                .select_related("edition", "section").order_by("-first_published_at", "-pk"))
    if section is not None:
        articles = articles.filter(section=section)
    return articles


def tasks_for(articles, into):
    """{source id: task} of ``articles`` into ``into``."""
    return {task.source_id: task for task in TranslationTask.objects.filter(
        source__in=[a.pk for a in articles], edition=into).select_related("translator")}
