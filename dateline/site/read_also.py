""""Read also" under an article: hand-picked related articles first, then recent ones
sharing its tags or its section.

Any publish, update or removal in the edition can change it, so it is kept apart from the
story (``stories.py``), under the edition's news key: rendered once per change of the
edition's news, not once per reader.
"""

from collections import Counter
from datetime import timedelta

from django.template.loader import render_to_string
from django.utils import timezone

from dateline.caching import fragments, keys
from dateline.caching.shows import first_expiry, shown_in
from dateline.newsroom.models import Article, ArticleTag, RelatedArticle

from .headlines import COLUMNS, Headline, with_labels
from .pictures import ARTICLE_RENDITIONS, with_renditions

READ_ALSO_COUNT = 6
READ_ALSO_WINDOW = timedelta(days=30)
READ_ALSO_CANDIDATES = 300


def kept(request, edition, story):
    """(HTML, what it shows) of the cards under ``story`` (a ``stories.Story``)."""
    return fragments.kept(
        f"read-also-{story.pk}",
        [keys.news(edition.pk), keys.article(story.pk), keys.edition(edition.pk)],
        lambda: _render(request, edition, story))


def _render(request, edition, story):
    cards = read_also(story, edition)
    with_labels([headline for headline, _picture in cards], edition)
    with_renditions([picture for _headline, picture in cards], ARTICLE_RENDITIONS)
    html = (render_to_string("site/includes/read_also.html",
                             {"edition": edition, "read_also": cards}, request)
            if cards else "")
    shown = tuple(shown_in([cards]))
    return fragments.Made((html, shown), first_expiry(shown))


def read_also(story, edition):
    """The cards, as (headline, picture) pairs: candidates come from the newest links of
    the article's tags (the link table copies the publication time), ranked by tags shared
    then recency, and the newest articles of its section: index range scans, bounded, and
    only the few shown are read whole, whatever the size of the archive or of a tag."""
    chosen = list(RelatedArticle.objects.filter(article_id=story.pk)
                  .order_by("sort_order").values_list("related_id", flat=True))
    candidates = [pk for pk in dict.fromkeys(_by_tags(story.tag_ids)
                                             + _by_section(story.section_id, edition))
                  if pk != story.pk and pk not in chosen]
    shown, wanted = [], chosen + candidates
    # Read twice as many as shown: a candidate may have left readers since it was linked.
    while wanted and len(shown) < READ_ALSO_COUNT:
        batch, wanted = wanted[:READ_ALSO_COUNT * 2], wanted[READ_ALSO_COUNT * 2:]
        found = {card[0].pk: card for card in _cards(_published(edition).filter(pk__in=batch),
                                                      edition)}
        shown += [found[pk] for pk in batch if pk in found]
    return shown[:READ_ALSO_COUNT]


def _published(edition):
    return Article.objects.published().filter(edition=edition)


def _cards(queryset, edition):
    """(headline, picture) of each article of ``queryset``: the picture is read in the same
    query (a join); a pair, so that the page cache knows the headline (``caching.shows``)."""
    columns = [column for column in COLUMNS if column != "pk"]
    return [(Headline(edition, article.pk, *(getattr(article, column) for column in columns)),
             article.main_image)
            for article in queryset.select_related("main_image").only(*columns, "main_image")]


def _by_tags(tag_ids):
    """Ids of recent articles sharing the most of ``tag_ids``, then the newest."""
    if not tag_ids:
        return []
    newest_first = (ArticleTag.objects.filter(tag_id__in=tag_ids,
                                              published_at__gte=timezone.now() - READ_ALSO_WINDOW)
                    .order_by("-published_at", "-article_id")
                    .values_list("article_id", flat=True)[:READ_ALSO_CANDIDATES])
    shared = Counter(newest_first)  # in first-seen order: newest first
    return sorted(shared, key=lambda pk: -shared[pk])  # a stable sort keeps the newest first


def _by_section(section_id, edition):
    if not section_id:
        return []
    return list(_published(edition).filter(section_id=section_id)
                .newest_first().values_list("id", flat=True)[:READ_ALSO_COUNT * 2])
