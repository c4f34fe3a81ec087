from django.http import Http404
from django.shortcuts import get_object_or_404, render

from dateline.newsroom.models import Article, Edition

LATEST_COUNT = 50


def _edition(prefix):
    try:
        if prefix:
            return Edition.objects.get(path_prefix=prefix)
        return Edition.objects.get(is_default=True)
    except Edition.DoesNotExist:
        raise Http404("No such edition") from None


def edition_home(request, prefix=""):
    edition = _edition(prefix)
    articles = (Article.objects.published().filter(edition=edition).newest_first()
                .for_listing()[:LATEST_COUNT])
    return render(request, "site/edition_home.html",
                  {"edition": edition, "articles": articles})


def article(request, slug, prefix=""):
    edition = _edition(prefix)
    item = get_object_or_404(Article.objects.published().select_related("edition", "section",
                                                                         "main_image"),
                             edition=edition, slug=slug)
    return render(request, "site/article.html", {"edition": edition, "article": item})
