"""The desk's "Telegram channels" (under Settings): which channel each edition posts to.

Guarded by the model's own permissions (add/change/delete Telegram channel), which
administrators hold; the bot's token is never shown here (it lives in the environment).
"""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import TelegramChannel


class TelegramChannelViewSet(SnippetViewSet):
    model = TelegramChannel
    icon = "globe"
    menu_label = _("Telegram channels")
    add_to_settings_menu = True
    list_display = ["edition", "chat", "active"]
    form_fields = ["edition", "chat", "active"]


register_snippet(TelegramChannelViewSet)
