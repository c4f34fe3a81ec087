"""Who may open and do what on the desk: every admin view on articles, the other newsroom
snippets, users and roles, for every role.

The views are found in the URL resolver and each has a row below, keyed by its URL name (a
bulk action by ``wagtail_bulk_action|app.model.action``): a new view without a row, or a
row without a view, fails ``test_every_view_has_a_row``. Each row says, per role, what a
GET and then a POST get:

- ``ok``: an answer (200, or a redirect that is not a refusal), and nothing changes;
- ``done``: the action happens (200 or a redirect, and the database changes);
- ``no``: refused (403 or 404, or the admin's redirect to the login page or to the
  dashboard with "no permission"); nothing changes, and neither the response nor the
  messages it leaves name any article or any other user;
- ``405``: the method is refused, and nothing changes.

Columns: a reporter on their own article, a reporter on another reporter's article, an
editor, a chief editor, an administrator (the last three on a reporter's article). An
anonymous visitor is sent to the login page by every row and changes nothing.

A row may also name what a response must never show its reader even when it lets them in
(``hides``): the desk's reports show no headline of an article its reader may not open.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from itertools import count
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from wagtail.admin.models import EditingSession
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.contrib.settings.registry import registry as settings_registry
from wagtail.models import TaskState
from wagtail.users.forms import GroupForm

from dateline.infopages.models import InfoPage
from dateline.newsroom import actions
from dateline.newsroom.desk_lists import visible_articles
from dateline.newsroom.models import (
    Article,
    Author,
    Edition,
    FrontPage,
    FrontPageSlot,
    Label,
    Section,
    Tag,
)
from dateline.newsroom.roles import ROLE_ADMIN, ROLE_REPORTER

from .access import leaks, name_users, secrets_for, state
from .desk import form_data

pytestmark = pytest.mark.django_db

COLUMNS = ("reporter-own", "reporter-other", "editor", "chief", "administrator")
ROLES = ("anonymous",) + COLUMNS
OUTCOMES = {"ok", "done", "no", "405"}
ARTICLE = "wagtailsnippets_newsroom_article"
CHOOSER = "wagtailsnippetchoosers_newsroom_article"
REFERENCE_MODELS = ("frontpage", "author", "tag", "section", "label", "edition", "infopage")
# Each reference model's app: the newsroom's, but the info pages' own (dateline/infopages).
APPS = {"infopage": "infopages"}


def _app_of(model):
    return APPS.get(model, "newsroom")


# The URL namespaces (and single names) whose every view must have a row.
COVERED_NAMESPACES = (
    [f"wagtailsnippets_{_app_of(model)}_{model}" for model in ("article", *REFERENCE_MODELS)]
    + [f"wagtailsnippetchoosers_{_app_of(model)}_{model}"
       for model in ("article", *REFERENCE_MODELS)]
    + ["wagtailusers_users", "wagtailusers_groups", "wagtailadmin_editing_sessions",
       "wagtailadmin_reports", "live_composer", "reach", "translation_sync",
       "breaking"]
)
COVERED_NAMES = {"simple_translation:submit_snippet_translation", "dateline_site_history",
                 "dateline_site_history_results"}
BULK_MODELS = {(_app_of(model), model) for model in ("article", *REFERENCE_MODELS)} | {
    ("auth", "user")}


@dataclass
class Target:
    """What one row requests: URL arguments, a query string, and what to POST."""

    args: list = field(default_factory=list)
    query: dict = field(default_factory=dict)
    data: object = None  # a dict, or a callable (world, url) -> dict


@dataclass
class Row:
    target: object  # (world, owner) -> Target
    get: str | None = None  # five outcomes, in COLUMNS order; None: not requested
    post: str | None = None
    # False: nothing here has an owner, so the reporter-own column speaks for both.
    owned: bool = True
    # (world, viewer) -> what an answer that lets the viewer in must not show them either.
    hides: object = None

    def expected(self, method, role):
        spec = self.get if method == "GET" else self.post
        if spec is None:
            return None
        outcomes = spec.split()
        assert len(outcomes) == len(COLUMNS) and set(outcomes) <= OUTCOMES, spec
        return "no" if role == "anonymous" else outcomes[COLUMNS.index(role)]


class World:
    """The newsroom the rows act on; each row makes its own fresh objects in it."""

    def __init__(self, users, edition, other_edition):
        self.users = users
        self.edition, self.other_edition = edition, other_edition
        self.root = Client()
        self.root.force_login(users["superuser"])
        self.numbers = count(1)
        self.forms = {}

    def n(self):
        return next(self.numbers)

    def headline(self):
        return f"Kestrel story {self.n()}"

    def draft(self, owner, **fields):
        article = Article(edition=self.edition, headline=self.headline(), lead="Lead.",
                          owner=owner, live=False, **fields)
        article.save()
        article.save_revision(user=owner)
        return article

    def published(self, owner):
        return actions.PublishAction(self.draft(owner)).execute()

    def revised(self, owner):
        article = self.draft(owner)
        article.headline = self.headline()
        article.save_revision(user=owner)
        return article

    def scheduled(self, owner):
        article = self.draft(owner, go_live_at=timezone.now() + timedelta(days=1))
        article.latest_revision.publish()
        return article

    def locked(self, owner, by):
        article = self.draft(owner)
        Article.objects.filter(pk=article.pk).update(locked=True, locked_by=by,
                                                    locked_at=timezone.now())
        return article

    def in_review(self, owner):
        article = self.draft(owner)
        article.get_workflow().start(article, owner)
        return article

    def task_state(self, article):
        return TaskState.objects.get(workflow_state__object_id=str(article.pk),
                                     status=TaskState.STATUS_IN_PROGRESS)

    def spare_edition(self):
        """An edition nothing uses, in a made-up language (both real ones are taken)."""
        n = self.n()
        return Edition.objects.create(name=f"Kestrel edition {n}", code=f"spare{n}",
                                      language=f"x{n}", path_prefix=f"spare{n}",
                                      publication_name="Spare")

    def new_user(self):
        n = self.n()
        user = User.objects.create_user(f"kestrel{n}", f"kestrel{n}@example.com",
                                        first_name="Kay", last_name=f"Zqkestrel{n}son")
        user.groups.add(Group.objects.get(name=ROLE_REPORTER))
        return user

    def form(self, kind, url, **changes):
        """A form as a superuser's browser would submit it, with ``changes`` typed in.

        Forms of one ``kind`` have the same fields, so the page is read once per kind.
        """
        if kind not in self.forms:
            self.forms[kind] = form_data(self.root, url)
        data = self.forms[kind].copy()
        for name, value in changes.items():
            if isinstance(value, list):
                data.setlist(name, [str(item) for item in value])
            else:
                data[name] = str(value)
        return data

    def article_form(self, **changes):
        """The article editor's fields (the same for a new and a fresh article)."""
        return self.form("article", reverse(f"{ARTICLE}:add"), edition=self.edition.pk,
                         headline=self.headline(), slug="", **changes)


# -- the article rows ------------------------------------------------------------------------------

def nothing(world, owner):
    return Target()


def added(world, owner):
    return Target(data=lambda w, url: w.article_form())


def draft(world, owner):
    return Target(args=[world.draft(owner).pk])


def edited(world, owner):
    return Target(args=[world.draft(owner).pk], data=lambda w, url: w.article_form())


def live(world, owner):
    return Target(args=[world.published(owner).pk])


def revision(world, owner):
    article = world.revised(owner)
    return Target(args=[article.pk, article.revisions.order_by("pk").first().pk],
                  data=lambda w, url: w.article_form())


def compared(world, owner):
    article = world.revised(owner)
    first, second = article.revisions.order_by("pk")
    return Target(args=[article.pk, first.pk, second.pk])


def scheduled(world, owner):
    article = world.scheduled(owner)
    return Target(args=[article.pk, article.latest_revision.pk])


def locked_by_other_editor(world, owner):
    return Target(args=[world.locked(owner, world.users["other_editor"]).pk])


def approval(world, owner):
    article = world.in_review(owner)
    return Target(args=[article.pk, "approve", world.task_state(article).pk],
                  data={"comment": "Fine."})


def in_review(world, owner):
    return Target(args=[world.in_review(owner).pk])


def workflow_state(world, owner):
    article = world.in_review(owner)
    return Target(args=[article.pk, article.current_workflow_state.pk])


def review_task(world, owner):
    article = world.in_review(owner)
    return Target(args=[article.pk, world.task_state(article).task_id])


def noted(world, owner):
    return Target(args=[world.published(owner).pk], data={"kind": "update", "text": "New."})


def retracted(world, owner):
    return Target(args=[world.published(owner).pk], data={"note": "Wrong."})


def chosen_many(world, owner):
    return Target(query={"id": [world.draft(owner).pk, world.draft(owner).pk]})


def chooser_create(world, owner):
    return Target(data={"edition": world.edition.pk, "headline": world.headline(),
                        "live": "on"})


#                                 reporter-own  reporter-other  editor  chief  administrator
ARTICLE_ROWS = {
    "list": Row(nothing, get="ok ok ok ok ok"),
    "list_results": Row(nothing, get="ok ok ok ok ok"),
    "scheduled": Row(nothing, get="ok ok ok ok ok"),
    "scheduled_results": Row(nothing, get="ok ok ok ok ok"),
    "add": Row(added, get="ok ok ok ok ok", post="done done done done done"),
    "edit": Row(edited, get="ok no ok ok ok", post="done no done done done"),
    "delete": Row(draft, get="ok no ok ok ok", post="done no done done done"),
    "usage": Row(draft, get="ok no ok ok ok", post="405 no 405 405 405"),
    "history": Row(draft, get="ok no ok ok ok", post="405 no 405 405 405"),
    "history_results": Row(draft, get="ok no ok ok ok", post="405 no 405 405 405"),
    # A preview POST keeps the form in the session for the GET that draws it.
    "preview_on_add": Row(added, get="ok ok ok ok ok", post="ok ok ok ok ok"),
    "preview_on_edit": Row(edited, get="ok no ok ok ok", post="ok no ok ok ok"),
    "revisions_view": Row(revision, get="ok no ok ok ok", post="405 no 405 405 405"),
    "revisions_revert": Row(revision, get="ok no ok ok ok", post="done no done done done"),
    "revisions_compare": Row(compared, get="ok no ok ok ok", post="405 no 405 405 405"),
    "revisions_unschedule": Row(scheduled, get="no no ok ok ok", post="no no done done done"),
    "unpublish": Row(live, get="no no ok ok ok", post="no no done done done"),
    "lock": Row(draft, get="no no 405 405 405", post="no no done done done"),
    # Another editor's lock: only the chief editor (and up) breaks it.
    "unlock": Row(locked_by_other_editor, get="no no no 405 405", post="no no no done done"),
    # The review task's approvers are the Editor and Chief editor roles (not Administrator:
    # administrators publish directly).
    "workflow_action": Row(approval, get="no no ok ok no", post="no no done done no"),
    "collect_workflow_action_data": Row(approval, get="no no ok ok no", post="no no ok ok no"),
    "confirm_workflow_cancellation": Row(in_review, get="ok no ok ok ok",
                                         post="ok no ok ok ok"),
    "workflow_history": Row(in_review, get="ok no ok ok ok", post="405 no 405 405 405"),
    "workflow_history_detail": Row(workflow_state, get="ok no ok ok ok",
                                   post="405 no 405 405 405"),
    "workflow_preview": Row(review_task, get="no no ok ok no", post="405 no 405 405 405"),
    "update_note": Row(noted, get="no no ok ok ok", post="no no done done done"),
    "retract": Row(retracted, get="no no no ok ok", post="no no no done done"),
}
# Choosing is open to every desk user (reporters pick "Read also"); nobody creates an
# article from inside a chooser.
ARTICLE_CHOOSER_ROWS = {
    "choose": Row(nothing, get="ok ok ok ok ok"),
    "choose_results": Row(nothing, get="ok ok ok ok ok"),
    "chosen": Row(draft, get="ok ok ok ok ok"),
    "chosen_multiple": Row(chosen_many, get="ok ok ok ok ok"),
    "create": Row(chooser_create, get="no no no no no", post="no no no no no"),
}

ROWS = {f"{ARTICLE}:{name}": row for name, row in ARTICLE_ROWS.items()}
ROWS |= {f"{CHOOSER}:{name}": row for name, row in ARTICLE_CHOOSER_ROWS.items()}


# -- the other newsroom snippets -------------------------------------------------------------------

# What each role holds on each of them (docs/newsroom.md, "Roles"): view, add, change,
# delete. They have no owner: one reporter column speaks for both.
#                      reporter  editor  chief   administrator
REFERENCE_RIGHTS = {
    "frontpage": ("",     "vac",  "acd",  "vacd"),
    "author":    ("v",    "v",    "vacd", "vacd"),
    "tag":       ("va",   "vac",  "vacd", "vacd"),
    "section":   ("v",    "v",    "vacd", "vacd"),
    "label":     ("v",    "v",    "vacd", "vacd"),
    "edition":   ("v",    "v",    "vacd", "vacd"),
    "infopage":  ("",     "",     "vacd", "vacd"),
}
# The rights a view needs (any one of them), for GET and for POST; None: not requested;
# "*": every desk user (choosing happens inside a form that checks its own rights).
REFERENCE_VIEWS = {
    "list": ("vacd", None),
    "list_results": ("vacd", None),
    "add": ("a", "a"),
    "edit": ("c", "c"),
    "delete": ("d", "d"),
    "usage": ("c", None),
    "history": ("acd", None),
    "history_results": ("acd", None),
    "copy": ("a", "a"),
}
REFERENCE_CHOOSER_VIEWS = {
    "choose": ("*", None),
    "choose_results": ("*", None),
    "chosen": ("*", None),
    "chosen_multiple": ("*", None),
    # Nothing is created from inside a chooser but a tag (by whoever may add tags).
    "create": ("", ""),
}


def _reference_outcomes(model, needed, success):
    if needed is None:
        return None
    outcomes = [success if needed == "*" or set(needed) & set(rights) else "no"
                for rights in REFERENCE_RIGHTS[model]]
    return " ".join([outcomes[0], *outcomes])


def _fresh(world, model):
    n = world.n()
    if model == "author":
        return Author.objects.create(name=f"Kestrel author {n}")
    if model == "edition":
        return world.spare_edition()
    if model == "frontpage":
        return FrontPage.objects.create(edition=world.spare_edition())
    if model == "infopage":
        return InfoPage.objects.create(edition=world.edition, title=f"Kestrel page {n}",
                                       slug=f"kestrel-page-{n}")
    model_class = {"tag": Tag, "section": Section, "label": Label}[model]
    return model_class.objects.create(edition=world.edition, name=f"Kestrel {model} {n}")


def _reference_form(world, model):
    n = world.n()
    if model == "frontpage":
        changes = {"edition": world.spare_edition().pk}
    elif model == "edition":
        # Both languages the site speaks have their edition, so the form refuses a new one:
        # the POST only shows who gets past the permission check.
        changes = {"name": f"Kestrel edition {n}", "code": f"kestrel{n}"}
    elif model == "infopage":
        changes = {"title": f"Kestrel page {n}", "slug": f"kestrel-page-{n}",
                   "edition": world.edition.pk}
    else:
        changes = {"name": f"Kestrel {model} {n}", "slug": f"kestrel-{model}-{n}"}
        if model != "author":
            changes["edition"] = world.edition.pk
    return world.form(model, reverse(f"wagtailsnippets_{_app_of(model)}_{model}:add"), **changes)


def reference_target(model, view):
    def target(world, owner):
        if view in ("add", "edit", "copy"):
            args = [] if view == "add" else [_fresh(world, model).pk]
            return Target(args=args, data=lambda w, url: _reference_form(w, model))
        if view in ("chosen", "delete", "usage", "history", "history_results"):
            return Target(args=[_fresh(world, model).pk])
        if view == "chosen_multiple":
            return Target(query={"id": [_fresh(world, model).pk, _fresh(world, model).pk]})
        return Target()

    return target


def _edition_form_is_refused(outcomes, model, view):
    if model == "edition" and view in ("add", "copy") and outcomes:
        return outcomes.replace("done", "ok")
    return outcomes


for _model in REFERENCE_MODELS:
    for _views, _namespace in ((REFERENCE_VIEWS, f"wagtailsnippets_{_app_of(_model)}_{_model}"),
                               (REFERENCE_CHOOSER_VIEWS,
                                f"wagtailsnippetchoosers_{_app_of(_model)}_{_model}")):
        for _view, (_get, _post) in _views.items():
            ROWS[f"{_namespace}:{_view}"] = Row(
                reference_target(_model, _view), owned=False,
                get=_reference_outcomes(_model, _get, "ok"),
                post=_edition_form_is_refused(_reference_outcomes(_model, _post, "done"),
                                              _model, _view))


def tag_from_chooser(world, owner):
    """A new tag's name, posted to the tag chooser opened from an article of the edition."""
    return Target(query={"edition": world.edition.pk},
                  data=lambda w, url: {"name": f"Kestrel chosen tag {w.n()}"})


ROWS["wagtailsnippetchoosers_newsroom_tag:create"] = Row(
    tag_from_chooser, owned=False, get=_reference_outcomes("tag", "a", "ok"),
    post=_reference_outcomes("tag", "a", "done"))


# -- reports -----------------------------------------------------------------------------------
# The site history is open to every desk user, and lists the entries of the articles its
# reader may open only; the other reports check page rights, which no role holds.

def history_of_others(world, owner):
    """History worth hiding: the owner's article scheduled, another in review, another
    published by an editor."""
    world.scheduled(owner)
    world.in_review(owner)
    actions.PublishAction(world.draft(owner), user=world.users["other_editor"]).execute()
    return Target()


def not_openable(world, viewer):
    """The headlines of the articles ``viewer`` may not open, and the names of those who
    act only on them (the other reporter)."""
    if viewer is None:
        return set()
    openable = visible_articles(viewer).values_list("pk", flat=True)
    hidden = set(Article.objects.exclude(pk__in=openable).values_list("headline", flat=True))
    if hidden:
        hidden.add(world.users["other_reporter"].last_name)
    return hidden


SUPERUSERS_ONLY = "no no no no no"
REPORT_ROWS = {
    "site_history": Row(history_of_others, get="ok ok ok ok ok", hides=not_openable),
    "site_history_results": Row(history_of_others, get="ok ok ok ok ok", hides=not_openable),
    **{name: Row(history_of_others, get=SUPERUSERS_ONLY)
       for name in ("locked_pages", "locked_pages_results", "workflow", "workflow_results",
                    "workflow_tasks", "workflow_tasks_results", "aging_pages",
                    "aging_pages_results", "page_types_usage", "page_types_usage_results")},
}
ROWS |= {f"wagtailadmin_reports:{name}": row for name, row in REPORT_ROWS.items()}
ROWS |= {"dateline_site_history": REPORT_ROWS["site_history"],
         "dateline_site_history_results": REPORT_ROWS["site_history_results"]}


# -- users and roles -------------------------------------------------------------------------------
# Here the reporter-own column is a reporter acting on their own account (promoting
# themselves); the others act on another user's. Only administrators manage users and roles.

def _admins():
    return Group.objects.get(name=ROLE_ADMIN)


def _account_changes(user):
    return {"username": user.username, "email": user.email, "first_name": "Kay",
            "last_name": user.last_name or "Zqson", "is_active": "on",
            "groups": [_admins().pk]}


def account(world, owner):
    """A user (the reporter themselves, in their column), and a form making them an
    Administrator."""
    user = owner if owner == world.users["reporter"] else world.new_user()
    return Target(args=[user.pk], data=lambda w, url: w.form(
        "user", url, **_account_changes(user)) if "/edit/" in url else {})


def new_account(world, owner):
    def data(w, url):
        n = w.n()
        return w.form("new user", reverse("wagtailusers_users:add"), username=f"kestrel{n}",
                      email=f"kestrel{n}@example.com", first_name="Kay",
                      last_name=f"Zqkestrel{n}son", password1="Kestrel-pass-1",
                      password2="Kestrel-pass-1", groups=[_admins().pk])

    return Target(data=data)


def copied_account(world, owner):
    target = new_account(world, owner)
    target.args = [world.new_user().pk]
    return target


def role_group(world, owner):
    """The Reporter role, and a form giving it every article permission the form offers."""
    group = Group.objects.get(name=ROLE_REPORTER)
    offered = GroupForm().fields["permissions"].queryset.filter(
        content_type__app_label="newsroom", content_type__model="article")

    def data(w, url):
        form = w.form("group", url)
        return w.form("group", url, permissions=form.getlist("permissions")
                      + [permission.pk for permission in offered])

    return Target(args=[group.pk], data=lambda w, url: data(w, url) if "/edit/" in url else {})


def new_group(world, owner):
    return Target(data=lambda w, url: w.form("new group", url,
                                             name=f"Kestrel group {w.n()}"))


def spare_group(world, owner):
    return Target(args=[Group.objects.create(name=f"Kestrel group {world.n()}").pk])


ADMIN_GETS, ADMIN_DOES = "no no no no ok", "no no no no done"
USER_ROWS = {
    "index": Row(nothing, get=ADMIN_GETS),
    "index_results": Row(nothing, get=ADMIN_GETS),
    "add": Row(new_account, get=ADMIN_GETS, post=ADMIN_DOES),
    "edit": Row(account, get=ADMIN_GETS, post=ADMIN_DOES),
    "delete": Row(account, get=ADMIN_GETS, post=ADMIN_DOES),
    "history": Row(account, get=ADMIN_GETS),
    "history_results": Row(account, get=ADMIN_GETS),
    "usage": Row(account, get=ADMIN_GETS),
    "copy": Row(copied_account, get=ADMIN_GETS, post=ADMIN_DOES),
}
GROUP_ROWS = {
    "index": Row(nothing, get=ADMIN_GETS, owned=False),
    "index_results": Row(nothing, get=ADMIN_GETS, owned=False),
    "add": Row(new_group, get=ADMIN_GETS, post=ADMIN_DOES, owned=False),
    "edit": Row(role_group, get=ADMIN_GETS, post=ADMIN_DOES, owned=False),
    "delete": Row(spare_group, get=ADMIN_GETS, post=ADMIN_DOES, owned=False),
    "history": Row(role_group, get=ADMIN_GETS, owned=False),
    "history_results": Row(role_group, get=ADMIN_GETS, owned=False),
    "usage": Row(role_group, get=ADMIN_GETS, owned=False),
}
ROWS |= {f"wagtailusers_users:{name}": row for name, row in USER_ROWS.items()}
ROWS |= {f"wagtailusers_groups:{name}": row for name, row in GROUP_ROWS.items()}


# -- editing sessions, translation, bulk actions ---------------------------------------------------

def ping(world, owner):
    return Target(args=["newsroom", "article", world.draft(owner).pk, 0],
                  data={"is_editing": "1"})


def others_session(world, owner):
    session = EditingSession.objects.create(
        user=world.users["other_editor"], content_object=world.draft(owner),
        last_seen_at=timezone.now())
    return Target(args=[session.pk])


def translation(world, owner):
    return Target(args=["newsroom", "article", world.published(owner).pk],
                  data={"locales": [world.other_edition.locale_id]})


ROWS |= {
    # "Who else has this open", with their names: for those who may edit the article.
    "wagtailadmin_editing_sessions:ping": Row(ping, get="405 405 405 405 405",
                                              post="done no done done done"),
    # Releasing someone else's session does nothing.
    "wagtailadmin_editing_sessions:release": Row(others_session, get="405 405 405 405 405",
                                                 post="ok ok ok ok ok"),
    # Translating needs the translation right (editors and up), the right to edit the
    # source and the right to add articles.
    "simple_translation:submit_snippet_translation": Row(
        translation, get="no no ok ok ok", post="no no done done done"),
}


def live_coverage(world, owner):
    article = actions.PublishAction(world.draft(owner, kind=Article.Kind.LIVE)).execute()
    return Target(args=[article.pk], data={"text": f"Kestrel entry {world.n()}"})


def live_entry(world, owner):
    from dateline.live.actions import EntryChanges, PostEntryAction

    article = actions.PublishAction(world.draft(owner, kind=Article.Kind.LIVE)).execute()
    entry = PostEntryAction(article, EntryChanges(text="Kestrel entry")).execute()
    return Target(args=[article.pk, entry.pk, "pin"])


ROWS |= {
    # The live composer opens for whoever may change the article; posting a published
    # entry, ending the coverage and tending entries take the right to publish it (the
    # live actions refuse a reporter, who keeps drafts: test_composer.py).
    "live_composer:composer": Row(live_coverage, get="ok no ok ok ok",
                                  post="ok no done done done"),
    "live_composer:coverage": Row(live_coverage, get="405 no 405 405 405",
                                  post="ok no done done done"),
    "live_composer:entry": Row(live_entry, get="405 no 405 405 405",
                               post="ok no done done done"),
}


def brief(world, owner):
    return Target(args=[world.edition.pk],
                  data={"headline": world.headline(), "text": "One.\n\nTwo.", "label": "",
                        "tag": ""})


def arranged_front_page(world, owner):
    """A front page with two featured slots: the second is moved to the top."""
    front = FrontPage.objects.create(edition=world.spare_edition())
    slots = [FrontPageSlot.objects.create(front_page=front, article=world.published(owner),
                                          sort_order=order) for order in range(2)]
    return Target(args=[slots[1].pk], query={"position": 0})


def pinned_front_page(world, owner):
    """A front page with one featured slot, pinned until tomorrow."""
    front = FrontPage.objects.create(edition=world.spare_edition())
    slot = FrontPageSlot.objects.create(front_page=front, article=world.published(owner))
    until = (timezone.now() + timedelta(days=1)).astimezone(front.edition.tz)
    return Target(args=[slot.pk], data={"until": until.strftime("%Y-%m-%dT%H:%M")})


ROWS |= {
    # The news in brief publishes at once: for whoever may add and publish articles.
    f"{ARTICLE}:brief": Row(brief, owned=False, get="no no ok ok ok",
                            post="no no done done done"),
    # The home pages as readers see them, their slots moved: for whoever may change the
    # front pages (docs/newsroom.md, "Roles").
    "wagtailsnippets_newsroom_frontpage:now": Row(
        nothing, owned=False, get=_reference_outcomes("frontpage", "c", "ok"),
        post=_reference_outcomes("frontpage", "c", "405")),
    "wagtailsnippets_newsroom_frontpage:move_slot": Row(
        arranged_front_page, owned=False, get="405 405 405 405 405",
        post=_reference_outcomes("frontpage", "c", "done")),
    "wagtailsnippets_newsroom_frontpage:pin_slot": Row(
        pinned_front_page, owned=False, get="405 405 405 405 405",
        post=_reference_outcomes("frontpage", "c", "done")),
}


def sendable(world, owner):
    return Target(args=[world.published(owner).pk],
                  data={"choices": ["telegram:post"], "confirm": "1"})


def outbox(world, owner):
    return Target()


def breaking_story(world, owner):
    return Target(args=[world.published(owner).pk], data={"span": "1h"})


def failed_send(world, owner):
    from dateline.reach.models import OutboxMessage

    article = world.published(owner)
    message = OutboxMessage.objects.create(channel="telegram", key=f"post:{article.pk}",
                                           edition=article.edition, article=article,
                                           article_ref=article.pk, action="post",
                                           state=OutboxMessage.State.FAILED)
    return Target(args=[message.pk])


def _published_elsewhere(world):
    source = Article(edition=world.other_edition, headline=world.headline(), lead="Lead.",
                     live=False)
    source.save()
    source.save_revision()
    return actions.PublishAction(source).execute()


def behind(world, owner):
    """A translation (of ``owner``) whose source was published again with a change."""
    from dateline.newsroom.edits import Changes

    source = _published_elsewhere(world)
    translation = source.copy_for_translation(world.edition.locale)
    translation.owner = owner
    translation.save()
    translation.save_revision(user=owner)
    actions.EditArticleAction(source, Changes(fields={"lead": "New figures."}),
                              publish=True).execute()
    return Target(args=[translation.pk])


def untranslated(world, owner):
    source = _published_elsewhere(world)
    return Target(data={"article": source.pk, "into": world.edition.pk})


ROWS |= {
    # Sending out takes the right to publish the article; the outbox is for those who may
    # publish at all (reach).
    "reach:send_out": Row(sendable, get="no no ok ok ok", post="no no done done done"),
    "reach:outbox": Row(outbox, owned=False, get="no no ok ok ok", post="no no 405 405 405"),
    # Breaking news takes the right to publish the story (breaking).
    "breaking:mark": Row(breaking_story, get="no no ok ok ok", post="no no done done done"),
    "reach:send_again": Row(failed_send, get="405 405 405 405 405", post="no no done done done"),
    # A translation's sync screen is for whoever may change it; the queue for whoever may
    # add articles (a published source is public anyway).
    "translation_sync:sync": Row(behind, get="ok no ok ok ok", post="done no done done done"),
    "translation_sync:queue": Row(untranslated, owned=False, get="ok ok ok ok ok",
                                  post="done done done done done"),
}


def bulk(app_label, model_name, action):
    def target(world, owner):
        data = {}
        if (app_label, model_name) == ("auth", "user"):
            ids = [owner.pk if owner == world.users["reporter"] else world.new_user().pk]
            data = {"role": _admins().pk, "mark_as_active": "False"}
        elif model_name == "article":
            ids = [world.draft(owner).pk]
        else:
            ids = [_fresh(world, model_name).pk]
        return Target(args=[app_label, model_name, action], query={"id": ids}, data=data)

    return target


# A bulk action's page lists what the role may not act on, and its POST acts on the rest
# (here: nothing). User bulk actions refuse everyone but administrators outright.
BULK_ROWS = {
    ("newsroom", "article", "delete"): ("ok ok ok ok ok", "done ok done done done"),
    **{(_app_of(model), model, "delete"): ("ok ok ok ok ok",
                                       _reference_outcomes(model, "d", "done").replace("no",
                                                                                       "ok"))
       for model in REFERENCE_MODELS},
    ("auth", "user", "assign_role"): (ADMIN_GETS, ADMIN_DOES),
    ("auth", "user", "set_active_state"): (ADMIN_GETS, ADMIN_DOES),
    ("auth", "user", "delete"): (ADMIN_GETS, ADMIN_DOES),
}
for (_app, _model, _action), (_get, _post) in BULK_ROWS.items():
    ROWS[f"wagtail_bulk_action|{_app}.{_model}.{_action}"] = Row(
        bulk(_app, _model, _action), get=_get, post=_post, owned=_model in ("article", "user"))


# -- running the matrix ----------------------------------------------------------------------------

def _messages(response):
    """The messages this response left for the next page (not older, unread ones)."""
    storage = getattr(response.wsgi_request, "_messages", None)
    return " ".join(str(message) for message in getattr(storage, "_queued_messages", []))


def classify(response, changed):
    """The outcome a response shows (see the module docstring)."""
    status, location = response.status_code, response.get("Location", "")
    refused = (status in (403, 404)
               or (status == 302 and location.startswith(reverse("wagtailadmin_login")))
               or (status == 302 and "do not have permission" in _messages(response)))
    if status >= 500:
        return f"error {status}"
    if status == 405 or refused:
        return ("405" if status == 405 else "no") + (" but changed" if changed else "")
    if changed:
        return "done" if status in (200, 302) else f"changed {status}"
    return "ok" if status in (200, 302) else f"{status} {location}"


def run(world, client, viewer, name, row, role, owner):
    """Request one row, GET then POST, as ``role``: its mismatches with the table."""
    problems = []
    target = row.target(world, owner)
    url = reverse(name.split("|")[0], args=target.args)
    before, before_sessions = state()
    for method in ("GET", "POST"):
        expected = row.expected(method, role)
        if expected is None:
            continue
        data = target.data or {}
        if method == "POST" and callable(data):
            data = data(world, url)
            before, before_sessions = state()
        secrets = secrets_for(viewer)
        if method == "GET":
            response = client.get(url, target.query)
        else:
            query = "?" + urlencode(target.query, doseq=True) if target.query else ""
            response = client.post(url + query, data)
        after, after_sessions = state()
        # Opening an editor marks an editing session: only a POST's counts as a change.
        got = classify(response, after != before
                       or (method == "POST" and after_sessions != before_sessions))
        if got in ("no", "405") and after_sessions != before_sessions:
            got += " but made an editing session"
        if got == "no":
            shown = response.content.decode(errors="replace") + _messages(response)
            if leaked := leaks(shown, secrets):
                got = f"no, but showed {leaked}"
        elif row.hides and got in ("ok", "done"):
            shown = response.content.decode(errors="replace")
            if leaked := leaks(shown, row.hides(world, viewer)):
                got = f"{got}, but showed {leaked}"
        if got != expected:
            problems.append(f"{method} {name} as {role}: expected {expected}, got {got}")
        before, before_sessions = after, after_sessions
    return problems


@pytest.fixture
def world(reporter, other_reporter, editor, other_editor, chief, administrator, superuser,
          global_edition, main_edition):
    users = {"reporter": reporter, "other_reporter": other_reporter, "editor": editor,
             "other_editor": other_editor, "chief": chief, "administrator": administrator,
             "superuser": superuser}
    name_users(users.values())
    return World(users, global_edition, main_edition)


def log_in(world, role):
    """A client for ``role``, the user acting, and the owner of what they act on."""
    users = world.users
    client = Client(raise_request_exception=False)
    user = None if role == "anonymous" else users[role.partition("-")[0]]
    if user:
        client.force_login(user)
    owner = users["reporter"] if role in ("anonymous", "reporter-own") else users[
        "other_reporter"]
    return client, user, owner


def _names_in(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            yield from _names_in(pattern.url_patterns,
                                 f"{namespace}:{inner}" if namespace and inner
                                 else inner or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def covered_url_names():
    """The URL names the matrix must cover (a bulk action as
    ``wagtail_bulk_action|app.model.action``)."""
    covered = {name for name in _names_in(get_resolver().url_patterns)
               if name.rpartition(":")[0] in COVERED_NAMESPACES or name in COVERED_NAMES}
    bulk_action_registry._scan_for_bulk_actions()
    for app_label, models in bulk_action_registry.actions.items():
        for model_name, bulk_actions in models.items():
            if (app_label, model_name) in BULK_MODELS:
                covered |= {f"wagtail_bulk_action|{app_label}.{model_name}.{action}"
                            for action in bulk_actions}
    return covered


# -- the tests -------------------------------------------------------------------------------------

def test_every_view_has_a_row():
    """Every admin view on articles, newsroom snippets, users and roles is in the matrix,
    every row names a view that exists, and no newsroom model is a Wagtail setting (which
    would be a screen outside the matrix)."""
    assert set(ROWS) == covered_url_names()
    assert not [model for model in settings_registry if model._meta.app_label == "newsroom"]


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_exactly_its_share_of_the_desk(world, role):
    """Each role, on each desk view, is let in or refused exactly as the table says; a
    refusal changes nothing and names no article and no other user."""
    client, viewer, owner = log_in(world, role)
    problems = []
    for name, row in ROWS.items():
        if role == "reporter-other" and not row.owned:
            continue  # the reporter-own run covers it
        problems += run(world, client, viewer, name, row, role, owner)
    assert not problems, "\n".join(problems)


# -- what the matrix cannot say in one word --------------------------------------------------------

def _post_refused(client, url, data=None):
    """POST as ``client``; assert it is refused and changes nothing."""
    before = state()
    response = client.post(url, data or {})
    assert classify(response, state() != before) == "no", (url, response.status_code)
    return response


def test_an_administrator_manages_roles_but_makes_no_superuser(world):
    """The Administrator role gives and takes roles, but cannot tick "Administrator"
    (Django's superuser) for anyone, nor change a superuser's account or password; the
    same form without the tick goes through."""
    users = world.users
    client = Client(raise_request_exception=False)
    client.force_login(users["administrator"])
    target = users["other_reporter"]
    edit = reverse("wagtailusers_users:edit", args=[target.pk])
    promote = world.form("user", edit, **_account_changes(target), is_superuser="on")
    _post_refused(client, edit, promote)
    root = users["superuser"]
    assert classify(client.get(reverse("wagtailusers_users:edit", args=[root.pk])),
                    False) == "no"
    _post_refused(client, reverse("wagtailusers_users:edit", args=[root.pk]), {
        **_account_changes(root), "groups": [], "password1": "Taken-over-1",
        "password2": "Taken-over-1"})
    add = reverse("wagtailusers_users:add")
    _post_refused(client, add, world.form(
        "new user", add, username="sneaky", email="s@example.com", first_name="S",
        last_name="Zqsneakyson", password1="Kestrel-pass-1", password2="Kestrel-pass-1",
        is_superuser="on"))
    for action, data in (("set_active_state", {"mark_as_active": "False"}),
                         ("assign_role", {"role": _admins().pk})):
        bulk_url = reverse("wagtail_bulk_action", args=["auth", "user", action])
        _post_refused(client, f"{bulk_url}?id={root.pk}", data)
    assert User.objects.filter(is_superuser=True).get() == root
    del promote["is_superuser"]
    assert client.post(edit, promote).status_code == 302
    target.refresh_from_db()
    assert not target.is_superuser and target.groups.get() == _admins()


def test_a_desk_user_cannot_promote_themselves_from_their_account_page(world):
    """The account page sets name, email, password and preferences: roles and superuser
    status posted to it are ignored."""
    reporter = world.users["reporter"]
    client = Client()
    client.force_login(reporter)
    response = client.post(reverse("wagtailadmin_account"), {
        "name_email-first_name": "Rep", "name_email-last_name": "Zqreporterson",
        "name_email-email": "reporter@example.com", "is_superuser": "on", "is_staff": "on",
        "groups": [_admins().pk], "user_permissions": [1]})
    assert response.status_code in (200, 302)
    reporter.refresh_from_db()
    assert not reporter.is_superuser and not reporter.is_staff
    assert [group.name for group in reporter.groups.all()] == [ROLE_REPORTER]
    assert not reporter.user_permissions.exists()


FORBIDDEN_ARTICLE_FIELDS = {
    "live": "on", "first_published_at": "2020-01-01 10:00", "last_published_at":
    "2020-01-01 10:00", "locked": "on", "locked_at": "2020-01-01 10:00", "expired": "on",
    "retracted_at": "2020-01-01 10:00", "retraction_note": "Gone", "updated_at":
    "2020-01-01 10:00", "has_unpublished_changes": "", "created_at": "2020-01-01 10:00",
    "translation_key": "00000000-0000-0000-0000-000000000000",
}


def test_the_article_form_ignores_fields_no_role_may_set(world):
    """Owner, publication times, lock, retraction and the like posted with the editor's
    form are ignored: a reporter's new and edited articles stay their own unpublished,
    unlocked drafts, and an editor's save keeps the reporter as owner."""
    users = world.users
    reporter, editor = Client(), Client()
    reporter.force_login(users["reporter"])
    editor.force_login(users["editor"])
    forged = {**FORBIDDEN_ARTICLE_FIELDS, "owner": users["editor"].pk,
              "locked_by": users["editor"].pk}
    assert reporter.post(reverse(f"{ARTICLE}:add"), world.article_form(**forged)
                         ).status_code == 302
    created = Article.objects.latest("pk")
    own = world.draft(users["reporter"])
    assert reporter.post(reverse(f"{ARTICLE}:edit", args=[own.pk]),
                         world.article_form(**forged)).status_code == 302
    theirs = world.draft(users["reporter"])
    assert editor.post(reverse(f"{ARTICLE}:edit", args=[theirs.pk]),
                       world.article_form(**forged)).status_code == 302
    for article in (created, own, theirs):
        article.refresh_from_db()
        assert article.owner == users["reporter"]
        assert (article.live, article.first_published_at, article.last_published_at) == (
            False, None, None)
        assert (article.locked, article.locked_by, article.expired) == (False, None, False)
        assert (article.retracted_at, article.retraction_note, article.updated_at) == (
            None, "", None)
        assert str(article.translation_key) != FORBIDDEN_ARTICLE_FIELDS["translation_key"]
    assert created.latest_revision.user == users["reporter"]


def test_revisions_and_workflow_states_belong_to_their_article(world):
    """A reporter's own article in the address does not open another article's revision
    or review: 404 (or 405 where only GET is served), and nothing of the other article is
    shown."""
    users = world.users
    client = Client(raise_request_exception=False)
    client.force_login(users["reporter"])
    own = world.revised(users["reporter"])
    theirs = world.revised(users["other_reporter"])
    first, second = theirs.revisions.order_by("pk")
    their_review = world.in_review(users["other_reporter"])
    secrets = {theirs.headline, first.as_object().headline, their_review.headline}
    for name, args in (
            ("revisions_view", [own.pk, first.pk]),
            ("revisions_revert", [own.pk, first.pk]),
            ("revisions_compare", [own.pk, first.pk, second.pk]),
            ("workflow_history_detail", [own.pk, their_review.current_workflow_state.pk])):
        for method in ("get", "post"):
            before = state()
            response = getattr(client, method)(reverse(f"{ARTICLE}:{name}", args=args))
            refusals = (404,) if method == "get" else (404, 405)
            assert response.status_code in refusals, (name, method, response.status_code)
            assert state() == before
            assert not leaks(response.content.decode() + _messages(response), secrets)


def test_review_screens_name_an_article_only_to_those_who_may_edit_it(world):
    """Asking for the review of an article that is not in review tells its name (in the
    message) only to someone who may edit it; anyone else is refused without it."""
    users = world.users
    article = world.draft(users["other_reporter"])
    task = world.in_review(users["reporter"])
    task_state = world.task_state(task)
    for user, expected in ((users["reporter"], "no"), (users["editor"], "302")):
        client = Client()
        client.force_login(user)
        for name, args in (("workflow_action", [article.pk, "approve", task_state.pk]),
                           ("collect_workflow_action_data",
                            [article.pk, "approve", task_state.pk]),
                           ("workflow_preview", [article.pk, task_state.task_id])):
            response = client.get(reverse(f"{ARTICLE}:{name}", args=args))
            shown = response.content.decode() + _messages(response)
            if expected == "no":
                assert classify(response, False) == "no" and article.headline not in shown
            else:
                assert response.status_code == 302 and article.headline in shown


def test_nothing_ever_published_is_deleted_but_by_a_superuser(world):
    """A published (or unpublished) article cannot be deleted by any role, on its own
    screen or in bulk; a superuser can."""
    users = world.users
    article = world.published(users["reporter"])
    actions.UnpublishAction(article).execute()
    for role in ("reporter", "editor", "chief", "administrator"):
        client = Client()
        client.force_login(users[role])
        _post_refused(client, reverse(f"{ARTICLE}:delete", args=[article.pk]))
        bulk_url = reverse("wagtail_bulk_action", args=["newsroom", "article", "delete"])
        before = state()
        client.post(f"{bulk_url}?id={article.pk}")
        assert state() == before
    assert world.root.post(reverse(f"{ARTICLE}:delete", args=[article.pk])).status_code == 302
    assert not Article.objects.filter(pk=article.pk).exists()


def _user_with(*codenames):
    user = User.objects.create_user("kestrel-custom", last_name="Zqcustomson")
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return user


def test_a_copy_takes_the_right_to_see_its_source(world):
    """A user who may add tags but neither see nor edit them cannot copy one (the copy form
    shows the source); adding a tag is still open to them."""
    user = _user_with("access_admin", "add_tag")
    client = Client(raise_request_exception=False)
    client.force_login(user)
    source = Tag.objects.create(edition=world.edition, name="Kestrel secret tag")
    copy = reverse("wagtailsnippets_newsroom_tag:copy", args=[source.pk])
    response = client.get(copy)
    assert classify(response, False) == "no" and source.name not in response.content.decode()
    _post_refused(client, copy, _reference_form(world, "tag"))
    assert client.get(reverse("wagtailsnippets_newsroom_tag:add")).status_code == 200


def test_a_translation_takes_the_right_to_edit_the_source_and_to_add_articles(world):
    """With the translation right, a user who may not add articles cannot translate; a
    reporter given it translates their own article and not another reporter's."""
    users = world.users
    locales = {"locales": [world.other_edition.locale_id]}
    source = world.published(users["other_reporter"])
    url = reverse("simple_translation:submit_snippet_translation",
                  args=["newsroom", "article", source.pk])
    no_add = _user_with("access_admin", "change_article", "view_article",
                        "submit_translation")
    client = Client(raise_request_exception=False)
    client.force_login(no_add)
    assert classify(client.get(url), False) == "no"
    _post_refused(client, url, locales)
    translator = users["reporter"]
    translator.user_permissions.add(Permission.objects.get(codename="submit_translation"))
    client.force_login(translator)
    _post_refused(client, url, locales)
    own = world.published(translator)
    response = client.post(reverse("simple_translation:submit_snippet_translation",
                                   args=["newsroom", "article", own.pk]), locales)
    assert response.status_code == 302
    assert own.get_translation(world.other_edition.locale).edition == world.other_edition
