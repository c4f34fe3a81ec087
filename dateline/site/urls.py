from django.urls import path

from . import views

app_name = "site"

urlpatterns = [
    path("", views.edition_home, name="home"),
    path("news/<str:slug>/", views.article, name="article"),
    path("<slug:prefix>/", views.edition_home, name="edition_home"),
    path("<slug:prefix>/news/<str:slug>/", views.article, name="edition_article"),
]
