"""The RSS feed of an edition's corrections page: its newest corrections and
clarifications (``newsroom/corrections.py``), each an item titled with its kind and the
article's headline, linking to the article, with the note as its text.
"""

from urllib.parse import urlsplit

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from dateline.caching import keys
from dateline.caching.shows import shows
from dateline.newsroom.addresses import article_url, base_url, page_url
from dateline.newsroom.corrections import corrections_of
from dateline.newsroom.dates import local
from dateline.newsroom.models import Edition

from . import conf
from .generators import RssFeed
from .links import clean, corrections_feed_url, feed_response


def title_of(edition):
    return _("Corrections and clarifications | %(edition)s") % {"edition": edition.name}


class CorrectionsFeed(Feed):
    feed_type = RssFeed
    item_guid_is_permalink = False

    @shows(lambda feed: keys.edition(feed["edition"].pk),
           lambda feed: keys.corrections(feed["edition"].pk))
    def __call__(self, request, code):
        edition = get_object_or_404(Edition.objects.select_related("logo"), code=code)
        with translation.override(edition.language):
            notes = list(corrections_of(edition)[:conf.feed_items()])
            feed = self.get_feed((edition, notes), request)
            response = feed_response(feed)
        response.context_data = {"edition": edition,
                                 "articles": [note.article for note in notes]}
        return response

    def title(self, obj):
        return clean(title_of(obj[0]))

    def link(self, obj):
        return page_url(obj[0], "corrections")

    def feed_url(self, obj):
        return corrections_feed_url(obj[0])

    def feed_guid(self, obj):
        return self.feed_url(obj)

    def description(self, obj):
        return clean(obj[0].publication_name)

    def author_name(self, obj):
        return clean(obj[0].publication_name)

    def author_link(self, obj):
        return page_url(obj[0], "home")

    def feed_copyright(self, obj):
        return clean(f"© {obj[0].publication_name}")

    def items(self, obj):
        return obj[1]

    def item_title(self, note):
        return clean(f"{note.get_kind_display()}: {note.article.headline}")

    def item_link(self, note):
        return article_url(note.article.edition, note.article.slug)

    def item_guid(self, note):
        host = urlsplit(base_url()).hostname or "localhost"
        return f"tag:{host},2025:note:{note.pk}"

    def item_description(self, note):
        # RSS descriptions are HTML: the plain-text note is escaped.
        return escape(clean(note.text))

    def item_pubdate(self, note):
        return local(note.noted_at, note.article.edition).replace(microsecond=0)

    def item_categories(self, note):
        return [clean(note.get_kind_display())]

    def item_extra_kwargs(self, note):
        return {"content": escape(clean(note.text)), "summary_text": clean(note.text),
                "authors": [], "image": None}
