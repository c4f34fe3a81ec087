from django.urls import include, path

from . import info, views

edition_patterns = [
    path("", views.home, name="home"),
    path("news/", views.news, name="news"),
    path("news/<str:slug>/", views.article, name="article"),
    path("news/<str:slug>/live.json", views.live_stream, name="live_stream"),
    path("news/<str:slug>/entry/<int:entry_id>/", views.entry, name="entry"),
    path("section/<str:slug>/", views.section, name="section"),
    path("tag/<str:slug>/", views.tag, name="tag"),
    path("author/<str:slug>/", views.author, name="author"),
    path("<int:year>/<int:month>/<int:day>/", views.day_archive, name="day"),
    path("search/", views.search, name="search"),
    path("corrections/", views.corrections, name="corrections"),
    path("info/<str:slug>/", info.info_page, name="info"),
]

urlpatterns = [
    path("", include((edition_patterns, "site"), namespace="main")),
    path("<slug:prefix>/", include((edition_patterns, "site"), namespace="edition")),
]
