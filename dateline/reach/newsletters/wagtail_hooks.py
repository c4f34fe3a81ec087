from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import admin_views
from .models import NewsletterList, Subscriber


class NewsletterListViewSet(SnippetViewSet):
    model = NewsletterList
    icon = "mail"
    menu_label = _("Lists")
    list_display = ["name", "edition", "kind", "send_at", "active"]
    list_filter = ["edition", "kind", "active"]


class SubscriberViewSet(SnippetViewSet):
    """Readers' addresses: only for users given the permission to view subscribers (no
    newsroom role has it by default)."""

    model = Subscriber
    icon = "user"
    menu_label = _("Subscribers")
    list_display = ["email", "created_at", "bounced_at"]
    search_fields = ["email"]
    inspect_view_enabled = True
    copy_view_enabled = False


class NewslettersGroup(SnippetViewSetGroup):
    items = (NewsletterListViewSet, SubscriberViewSet)
    menu_icon = "mail"
    menu_label = _("Newsletters")
    menu_name = "newsletters"


register_snippet(NewslettersGroup)


@hooks.register("register_admin_urls")
def preview_urls():
    patterns = [path("<int:newsletter_id>/preview/", admin_views.digest_preview,
                     name="preview")]
    return [path("newsletters/", include((patterns, "newsletters_admin"),
                                         namespace=admin_views.NAMESPACE))]


@hooks.register("register_snippet_listing_buttons")
def preview_buttons(instance, user, next_url=None):
    """ "Preview digest" (HTML and text) in the row of a digest list."""
    if not (isinstance(instance, NewsletterList) and instance.kind == NewsletterList.Kind.DIGEST
            and admin_views.may_preview(user)):
        return []
    return [ListingButton(_("Preview digest"), admin_views.preview_url(instance),
                          icon_name="view", priority=5),
            ListingButton(_("Preview digest as text"), admin_views.preview_url(instance, True),
                          icon_name="doc-full", priority=6)]
