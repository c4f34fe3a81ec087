"""The feed of one live coverage's entries (RSS, Atom, JSON Feed): its newest public
entries, pinned first, each linking to its own page. The edition's feeds carry the live
article once, as any article; this one is for readers and aggregators who follow the
coverage itself.
"""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils import translation

from dateline.caching import keys
from dateline.caching.shows import Until, shows
from dateline.live import reading
from dateline.newsroom.addresses import article_url, page_url
from dateline.newsroom.dates import local
from dateline.newsroom.models import Article, Edition

from .feeds import WRITERS
from .links import clean, feed_response, feed_url
from .richtext import body_html


class EntriesFeed(Feed):
    item_guid_is_permalink = True

    def __init__(self, fmt):
        self.fmt = fmt
        self.feed_type = WRITERS[fmt]

    @shows(lambda feed: keys.edition(feed["article"].edition_id),
           lambda feed: keys.article(feed["article"].pk))
    def __call__(self, request, code, slug):
        edition = get_object_or_404(Edition, code=code)
        article = get_object_or_404(
            Article.objects.published().filter(edition=edition, kind=Article.Kind.LIVE),
            slug=slug)
        page = reading.entries_page(article, size=reading.FEED_SIZE)
        with translation.override(edition.language):
            feed = self.get_feed((article, page), request)
            response = feed_response(feed)
        response.context_data = {"article": article, "until": Until(page.changes_at)}
        return response

    def title(self, obj):
        article, _page = obj
        return clean(f"{article.headline} | {article.edition.name}")

    def link(self, obj):
        article, _page = obj
        return article_url(article.edition, article.slug)

    def feed_url(self, obj):
        article, _page = obj
        return feed_url(article.edition, self.fmt, "live", article.slug)

    def description(self, obj):
        return clean(obj[0].lead or obj[0].headline)

    def author_name(self, obj):
        return clean(obj[0].edition.publication_name)

    def author_link(self, obj):
        return page_url(obj[0].edition, "home")

    def items(self, obj):
        return obj[1].entries

    def item_title(self, entry):
        return clean(entry.summary)

    def item_link(self, entry):
        edition = entry.article.edition
        return page_url(edition, "entry", entry.article.slug, entry.pk)

    def item_description(self, entry):
        return clean(body_html(entry.body))

    def item_pubdate(self, entry):
        return local(entry.posted_at, entry.article.edition).replace(microsecond=0)

    def item_updateddate(self, entry):
        return local(entry.edited_at or entry.posted_at, entry.article.edition).replace(
            microsecond=0)

    def item_extra_kwargs(self, entry):
        author = entry.author
        return {"content": clean(body_html(entry.body)), "summary_text": "",
                "authors": [{"name": clean(entry.author_name),
                             "url": page_url(entry.article.edition, "author", author.slug)}]
                if author else [],
                "image": None}
