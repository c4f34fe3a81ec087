from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranslationsConfig(AppConfig):
    name = "dateline.translations"
    label = "translations"
    verbose_name = _("Translations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_save

        from dateline.newsroom.desk_lists import register_desk_flag
        from dateline.newsroom.models import Article
        from dateline.newsroom.signals import article_changed

        from . import sync

        article_changed.connect(sync.article_changed, dispatch_uid="dateline-translations")
        _announce_counterpart_changes()
        post_save.connect(sync.article_saved, sender=Article,
                          dispatch_uid="dateline-translations-track")
        register_desk_flag("translation_out_of_date", _("Translation out of date"),
                           sync.out_of_date_condition)


def _announce_counterpart_changes():
    """A pair made or undone changes the language switch of both pages (``counterparts``):
    it is a change of the newsroom's furniture, which the page cache purges."""
    from django.db.models.signals import post_delete, post_save

    from dateline.newsroom.signals import furniture_changed

    from .models import SectionCounterpart, TagCounterpart

    def changed(sender, instance, **kwargs):
        furniture_changed.send(sender=sender, instance=instance, action="change")

    for model in (TagCounterpart, SectionCounterpart):
        for name, signal in (("save", post_save), ("delete", post_delete)):
            signal.connect(changed, sender=model, weak=False,
                           dispatch_uid=f"dateline-counterparts-{model.__name__}-{name}")
