from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action("dateline.live.post", _("Post live entry"), _("Live entry posted"))
    actions.register_action("dateline.live.edit", _("Edit live entry"), _("Live entry edited"))
    actions.register_action("dateline.live.publish", _("Publish live entry"),
                            _("Live entry published"))
    actions.register_action("dateline.live.delete", _("Delete live entry"),
                            _("Live entry deleted"))
    actions.register_action("dateline.live.end", _("End live coverage"),
                            _("Live coverage end set"))
