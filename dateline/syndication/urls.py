"""Feeds, sitemaps and robots.txt. Every path starts with a word editions may not take as
their prefix ("feeds", "sitemap", "sitemaps", "robots.txt"), so none collides with a page.
"""

from django.urls import path

from . import views
from .corrections import CorrectionsFeed
from .entries import EntriesFeed
from .feeds import ArticleFeed
from .links import FORMATS

app_name = "syndication"

urlpatterns = [
    path("robots.txt", views.robots, name="robots"),
    path("sitemap.xml", views.index, name="sitemap-index"),
    path("sitemaps/<slug:code>/pages.xml", views.pages, name="sitemap-pages"),
    path("sitemaps/<slug:code>/articles.xml", views.articles, name="sitemap-articles"),
    path("sitemaps/<slug:code>/news.xml", views.news, name="sitemap-news"),
    path("feeds/<slug:code>/corrections/rss.xml", CorrectionsFeed(),
         name="corrections-feed-rss"),
]

for fmt, (filename, _mime, _label) in FORMATS.items():
    urlpatterns.append(path(f"feeds/<slug:code>/{filename}", ArticleFeed(fmt),
                            name=f"feed-{fmt}"))
    urlpatterns.append(path(f"feeds/<slug:code>/live/<str:slug>/{filename}", EntriesFeed(fmt),
                            name=f"live-feed-{fmt}"))
    for kind in ("section", "tag", "author"):
        urlpatterns.append(path(f"feeds/<slug:code>/{kind}/<str:slug>/{filename}",
                                ArticleFeed(fmt, kind), name=f"{kind}-feed-{fmt}"))
