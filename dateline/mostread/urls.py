from django.urls import path

from . import views

urlpatterns = [
    path("reads", views.beacon, name="mostread_beacon"),
]
