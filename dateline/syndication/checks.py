"""Start-up checks: a setting this app cannot work with stops the site with the fix."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, register

from . import conf

LIMITS = [
    ("DATELINE_SITEMAP_PAGE_SIZE", conf.sitemap_page_size, 50_000,
     "the sitemap protocol allows 50,000 URLs a file", "syndication.E001"),
    ("DATELINE_NEWS_SITEMAP_SIZE", conf.news_sitemap_size, 1_000,
     "Google News reads at most 1,000 articles a sitemap", "syndication.E002"),
    ("DATELINE_FEED_ITEMS", conf.feed_items, 500,
     "feed readers fetch the whole feed every time", "syndication.E003"),
]


@register()
def check_settings(app_configs=None, **kwargs):
    errors = []
    for name, read, limit, why, code in LIMITS:
        value = read()
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= limit:
            errors.append(Error(f"{name} is {value!r}.",
                                hint=f"Set it to a whole number from 1 to {limit:,}: {why}.",
                                id=code))
    base = urlsplit(str(settings.WAGTAILADMIN_BASE_URL))
    if base.scheme not in ("http", "https") or not base.hostname:
        errors.append(Error(
            f"WAGTAILADMIN_BASE_URL is {settings.WAGTAILADMIN_BASE_URL!r}: feeds, sitemaps "
            "and canonical links need the site's absolute public address.",
            hint="Set DATELINE_BASE_URL to it, e.g. https://news.example.org",
            id="syndication.E004"))
    return errors
