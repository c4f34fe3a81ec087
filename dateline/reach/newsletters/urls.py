"""The reader's newsletter pages, under ``/newsletters/`` of each edition (``/global/newsletters/``
for an edition with a prefix); ``dateline/urls.py`` includes them before the site's pages."""

from django.urls import include, path

from . import views

patterns = [
    path("", views.subscribe, name="subscribe"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("manage/<str:token>/", views.manage, name="manage"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]

urlpatterns = [
    path("newsletters/", include((patterns, "newsletters"), namespace="newsletters")),
    path("<slug:prefix>/newsletters/",
         include((patterns, "newsletters"), namespace="newsletters-edition")),
]
