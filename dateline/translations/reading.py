"""What the public site reads of a translation's sync state (never writes)."""

from dateline.newsroom.models import Article

from .models import TranslationSync


def original_updated(article):
    """For a translation that is out of date with a published source: when the source last
    changed for readers and where it is ({"at", "url", "language"}); else None."""
    state = (TranslationSync.objects.filter(translation=article, out_of_date_since__isnull=False)
             .select_related("source__edition").first())
    if state is None or not Article.objects.published().filter(pk=state.source_id).exists():
        return None
    source = state.source
    return {"at": state.source_changed_at, "url": source.get_absolute_url(),
            "language": source.edition.language}
