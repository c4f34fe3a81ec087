from django.conf import settings
from django.urls import include, path, re_path
from django.views.static import serve
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.images.views.serve import ServeView

from dateline.newsroom import reports as desk_reports
from dateline.security import views as security_views

urlpatterns = [
    # Wagtail's sign-in, with failed attempts throttled (dateline/security).
    path("admin/login/", security_views.LoginView.as_view(), name="wagtailadmin_login"),
    # Wagtail's site history, showing each reader only what they may see (dateline/newsroom).
    *desk_reports.urlpatterns(),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/", include("dateline.api.urls")),
    path("healthz", include("dateline.health.urls")),
    path("", include("dateline.reach.push.urls")),
    path("", include("dateline.mostread.urls")),
    re_path(r"^images/([^/]*)/(\d*)/([^/]*)/[^/]*$", ServeView.as_view(), name="wagtailimages_serve"),
    path("", include("dateline.syndication.urls")),
]

if settings.DATELINE_SERVE_MEDIA:
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]

urlpatterns += [
    # The reader's newsletter pages (sign up, confirm, manage, unsubscribe) of each edition.
    path("", include("dateline.reach.newsletters.urls")),
    path("", include("dateline.site.urls")),
]

handler404 = "dateline.site.errors.not_found"
handler500 = "dateline.site.errors.server_error"
