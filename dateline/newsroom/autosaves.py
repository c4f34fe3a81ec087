"""The editor's own autosaves: told apart from other people's saves, and kept out of the way.

Wagtail's autosave keeps the id of the version it last saved in its script only; the form
still carries the version it was opened on (``loaded_revision_id``). So after an autosave,
"Publish" looks like a post on an out-of-date version, and the desk's conflict check
(``ArticleEditView``) would refuse it as if someone else had saved meanwhile.

Each editor tab therefore names itself (``static/newsroom/desk/tab.js`` sends a random
``desk_tab`` token with every post of the article form), and every autosave is logged as
``dateline.autosave`` with that token. A post on an out-of-date version is the tab's own
work when every version saved since it was opened was last written by an autosave of the
same user in the same tab, and nothing touched it since. Another editor's save, or the
same editor's save in another tab, still counts as a conflict.

The same log entries fold the history: consecutive autosaves of one user share one log
``uuid``, which Wagtail's history already shows as one entry (the newest).
"""

import re
import uuid
from datetime import datetime

from django.db.models import Case, Count, OuterRef, Q, Subquery, When
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.log_actions import LogFormatter, log, registry
from wagtail.models import Revision

AUTOSAVE = "dateline.autosave"
TAB_FIELD = "desk_tab"
TAB_TOKEN = re.compile(r"[0-9a-f]{32}")


def tab_of(request):
    """The posting tab's token, or None for a post without a well-formed one."""
    token = request.POST.get(TAB_FIELD, "")
    return token if TAB_TOKEN.fullmatch(token) else None


def log_autosave(article, revision, user, tab, changed):
    """Log one autosave; consecutive autosaves of ``user`` share the run's uuid."""
    return log(instance=article, action=AUTOSAVE, user=user, revision=revision,
               content_changed=changed, uuid=_run_uuid(article, user), data={"tab": tab})


def _run_uuid(article, user):
    """The uuid of the autosave run ``user`` is in, or a new one.

    A run goes on while the article's newest log entry is an autosave of the same user:
    anything else in between (a save, a publish, someone else's work) ends it.
    """
    newest = registry.get_logs_for_instance(article).order_by("-timestamp", "-id").first()
    if newest and newest.action == AUTOSAVE and newest.user_id == user.pk and newest.uuid:
        return newest.uuid
    return uuid.uuid4()


def only_this_tab_saved_since(article, user, tab, loaded_id, loaded_created_at):
    """Whether every version saved after the form's was last written by this tab's autosave.

    ``loaded_id``/``loaded_created_at`` are what the form says it was opened on. Newer
    versions are those saved later than that (by time, as Wagtail's editing sessions
    judge it: an autosave that lands just after a publish can leave the newest version
    with a lower id), and the opened version itself if it was overwritten since (its time
    changed: Wagtail overwrites one version per autosave run).
    """
    if not tab or not str(loaded_id).isdigit():
        return False
    changed = _versions_changed_since(article, int(loaded_id), loaded_created_at)
    if changed is None:
        return False
    newest = _newest_log_entries(article, changed)
    return all(_written_by_tab(newest.get(pk), created_at, user, tab)
               for pk, created_at in changed.items())


def _versions_changed_since(article, loaded_id, loaded_created_at):
    """{id: created_at} of the versions changed since the form was opened, or None when the
    opened version or its time is unknown."""
    try:
        opened_at = datetime.fromisoformat(loaded_created_at)
    except ValueError:
        return None
    versions = dict(article.revisions.filter(Q(pk=loaded_id) | Q(created_at__gt=opened_at))
                    .values_list("pk", "created_at"))
    if loaded_id not in versions:
        return None
    if versions[loaded_id] == opened_at:
        del versions[loaded_id]
    return versions


def _newest_log_entries(article, revision_ids):
    newest = {}
    entries = (registry.get_logs_for_instance(article).filter(revision_id__in=revision_ids)
               .order_by("-timestamp", "-id"))
    for entry in entries:
        newest.setdefault(entry.revision_id, entry)
    return newest


def _written_by_tab(entry, created_at, user, tab):
    """The version's last log entry is this tab's autosave, made no earlier than the
    version's current content (a later overwrite without a log entry would not pass)."""
    return (entry is not None and entry.action == AUTOSAVE and entry.user_id == user.pk
            and (entry.data or {}).get("tab") == tab and entry.timestamp >= created_at)


def fold_runs(entries):
    """Annotate a history's log entries for its autosave runs.

    Wagtail's history shows one entry per ``uuid`` (the newest), so a run is already one
    entry. Each run's entry gets ``autosave_count`` (how many autosaves it folds), and its
    ``previous_revision_id`` (what "Compare with previous version" compares with) becomes
    the version before the run began, so the comparison shows the whole run.
    """
    same_run = entries.model.objects.filter(uuid=OuterRef("uuid"), action=AUTOSAVE)
    count = same_run.order_by().values("uuid").annotate(n=Count("id")).values("n")
    first_of_run = (entries.model.objects.filter(uuid=OuterRef(OuterRef("uuid")),
                                                 action=AUTOSAVE)
                    .order_by("timestamp", "id").values("revision_id")[:1])
    before_run = (Revision.objects.filter(
        base_content_type_id=OuterRef("revision__base_content_type_id"),
        object_id=OuterRef("revision__object_id"), pk__lt=Subquery(first_of_run))
        .order_by("-created_at", "-pk").values("pk")[:1])
    return entries.annotate(
        autosave_count=Case(When(action=AUTOSAVE, then=Subquery(count))),
        previous_revision_id=Case(
            When(action=AUTOSAVE, then=Subquery(before_run)),
            default=Revision.objects.previous_revision_id_subquery()))


class AutosaveFormatter(LogFormatter):
    """History label of an autosave run: how many autosaves it folds, when known."""

    label = _("Autosave")

    def format_message(self, log_entry):
        count = getattr(log_entry, "autosave_count", None)
        if not count or count < 2:
            return _("Autosaved")
        return ngettext("Autosaved %(count)d time", "Autosaved %(count)d times",
                        count) % {"count": count}
