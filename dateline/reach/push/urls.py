from django.urls import path

from . import views

urlpatterns = [
    path("push-sw.js", views.service_worker, name="push_service_worker"),
    path("push/key", views.key, name="push_key"),
    path("push/subscribe", views.subscribe, name="push_subscribe"),
    path("push/unsubscribe", views.unsubscribe, name="push_unsubscribe"),
]
