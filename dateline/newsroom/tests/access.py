"""Helpers for the access matrices (admin and API): the state a request could change, and
what a refused request must not give away."""

from django.contrib.auth.models import Group, User
from django.db import connection
from wagtail.admin.models import EditingSession
from wagtail.models import (
    APIToken,
    Locale,
    ModelLogEntry,
    Revision,
    TaskState,
    WorkflowState,
)

from dateline.infopages.models import InfoPage
from dateline.live.models import Entry
from dateline.newsroom.models import (
    Article,
    ArticleTag,
    ArticleUpdate,
    Author,
    Edition,
    FrontPage,
    FrontPageSlot,
    Label,
    RelatedArticle,
    Section,
    Tag,
)
from dateline.reach.models import OutboxMessage
from dateline.translations.models import TranslationSync, TranslationTask

ARTICLE_FIELDS = ("pk", "headline", "slug", "edition", "locale", "translation_key", "owner",
                  "live", "has_unpublished_changes", "first_published_at",
                  "last_published_at", "go_live_at", "expire_at", "expired",
                  "latest_revision", "live_revision", "locked", "locked_by", "locked_at",
                  "retracted_at", "retraction_note", "updated_at", "coverage_ended_at")


def _select(label, model, *fields):
    """SQL for one text row per object: ``label`` and the fields, NULL spelt out."""
    quote = connection.ops.quote_name
    columns = [model._meta.pk.column if name == "pk" else model._meta.get_field(name).column
               for name in fields]
    row = " || '|' || ".join(f"COALESCE(CAST({quote(column)} AS TEXT), 'NULL')"
                             for column in columns)
    return f"SELECT '{label}|' || {row} FROM {quote(model._meta.db_table)}"


TABLES = [
    ("article", Article, ARTICLE_FIELDS),
    ("revision", Revision, ("pk", "object_id", "approved_go_live_at")),
    ("log", ModelLogEntry, ("pk",)),
    ("workflow", WorkflowState, ("pk", "status")),
    ("task", TaskState, ("pk", "status")),
    ("update", ArticleUpdate, ("pk", "article", "text")),
    ("entry", Entry, ("pk", "article", "status", "title", "posted_at", "pinned",
                      "key_event")),
    ("article_tag", ArticleTag, ("pk", "article", "tag")),
    ("related", RelatedArticle, ("pk", "article", "related")),
    *[(model._meta.model_name, model, ("pk", "name"))
      for model in (Tag, Section, Label, Author, Edition)],
    ("front_page", FrontPage, ("pk", "edition", "top_story")),
    ("slot", FrontPageSlot, ("pk", "article", "sort_order")),
    ("info_page", InfoPage, ("pk", "title", "live")),
    ("user", User, ("pk", "username", "password", "email", "first_name", "last_name",
                    "is_active", "is_staff", "is_superuser")),
    ("membership", User.groups.through, ("user", "group")),
    ("user_permission", User.user_permissions.through, ("user", "permission")),
    ("group", Group, ("pk", "name")),
    ("group_permission", Group.permissions.through, ("group", "permission")),
    ("token", APIToken, ("pk", "user", "revoked_at")),
    ("locale", Locale, ("pk", "language_code")),
    ("session", EditingSession, ("pk", "user", "object_id")),
    ("outbox", OutboxMessage, ("pk", "channel", "key", "state")),
    ("sync", TranslationSync, ("translation", "synced_revision", "out_of_date_since")),
    ("translation_task", TranslationTask, ("pk", "translator", "translation")),
]


def _sql():
    return " UNION ALL ".join(_select(label, model, *fields) for label, model, fields in TABLES)


def state():
    """Every row a request on the desk or the API could change, in one query: a pair of
    the snapshot proper and the editing sessions.

    Editing sessions are the admin's "who else has this open" markers: opening an editor
    makes one, so they are kept apart.
    """
    with connection.cursor() as cursor:
        cursor.execute(_sql())
        rows = sorted(row for (row,) in cursor.fetchall())
    sessions = [row for row in rows if row.startswith("session|")]
    return [row for row in rows if not row.startswith("session|")], sessions


def snapshot():
    return state()[0]


def name_users(users):
    """Give each user a last name no page would contain by chance: a leak marker."""
    for user in users:
        user.last_name = f"Zq{user.username.capitalize()}son"
        user.save(update_fields=["last_name"])


def secrets_for(viewer):
    """What a request by ``viewer`` may never show when refused: every article's headline
    and every other user's name."""
    headlines = set(Article.objects.values_list("headline", flat=True))
    others = User.objects.exclude(pk=getattr(viewer, "pk", None))
    names = {name for name in others.values_list("last_name", flat=True) if name}
    return headlines | names


def leaks(text, secrets):
    return sorted(secret for secret in secrets if secret in text)
