"""The app's settings, each with its default; read on every use so tests can override them.

- ``DATELINE_FEED_ITEMS``: items in each feed (40).
- ``DATELINE_SITEMAP_PAGE_SIZE``: the span of article ids one article sitemap covers
  (25,000), so a page lists at most that many URLs, well under the protocol's 50,000 and
  its 50 MB (16,600 Ukrainian URLs with images and alternates make 10.5 MB).
- ``DATELINE_NEWS_SITEMAP_SIZE``: ``news:news`` entries in one Google News sitemap (1,000,
  Google's maximum); more recent articles than that are split over ``?p=2`` etc.

``checks.py`` stops the site at start-up when one of them is out of range.
"""

from datetime import timedelta

from django.conf import settings

# Google News reads only articles first published in the last two days.
NEWS_WINDOW = timedelta(days=2)


def feed_items():
    return getattr(settings, "DATELINE_FEED_ITEMS", 40)


def sitemap_page_size():
    return getattr(settings, "DATELINE_SITEMAP_PAGE_SIZE", 25_000)


def news_sitemap_size():
    return getattr(settings, "DATELINE_NEWS_SITEMAP_SIZE", 1_000)
