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
        post_save.connect(sync.article_saved, sender=Article,
                          dispatch_uid="dateline-translations-track")
        register_desk_flag("translation_out_of_date", _("Translation out of date"),
                           sync.out_of_date_condition)
