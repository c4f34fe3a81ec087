from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import IngestSource, LabelMapping


class IngestSourceViewSet(SnippetViewSet):
    model = IngestSource
    icon = "download"
    list_display = ["name", "edition", "enabled", "last_run_at", "last_status", "items_new",
                    "items_updated", "items_rejected"]
    list_filter = ["edition", "enabled", "last_status"]
    search_fields = ["name", "url"]
    panels = [
        FieldPanel("name"),
        FieldPanel("url"),
        FieldPanel("edition"),
        FieldPanel("format"),
        FieldPanel("publish"),
        FieldPanel("interval"),
        FieldPanel("enabled"),
        HelpPanel(template="ingest/admin/source_status.html", heading=_("Last run")),
    ]


class LabelMappingViewSet(SnippetViewSet):
    model = LabelMapping
    icon = "pick"
    list_display = ["source_term", "label", "edition"]
    list_filter = ["edition"]
    search_fields = ["source_term"]


class IngestGroup(SnippetViewSetGroup):
    menu_label = _("Ingest")
    menu_icon = "download"
    menu_order = 110
    items = (IngestSourceViewSet, LabelMappingViewSet)


register_snippet(IngestGroup)
