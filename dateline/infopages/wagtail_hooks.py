from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet

from dateline.newsroom.wagtail_hooks import NewsroomSnippetViewSet

from .models import InfoPage


class InfoPageViewSet(NewsroomSnippetViewSet):
    """About, Contacts, Editorial policy…: the desk writes them, the footer links to them.
    Like the newsroom's snippets, its chooser offers no "create"."""

    model = InfoPage
    icon = "info-circle"
    menu_label = _("Info pages")
    menu_order = 110
    add_to_admin_menu = True
    list_display = ["title", "edition", "slug", "live", "sort_order"]
    list_filter = ["edition", "live"]
    search_fields = ["title"]
    panels = [FieldPanel("edition"), FieldPanel("title"), FieldPanel("slug"),
              FieldPanel("body"), FieldPanel("live"), FieldPanel("sort_order")]


register_snippet(InfoPageViewSet)
