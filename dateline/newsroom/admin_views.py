"""Desk views for the editorial actions Wagtail has no screen for: update notes, retraction,
the news in brief, and the home page as readers see it (with its slots reordered by drag
and drop)."""

from collections import Counter
from datetime import datetime

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView, TemplateView
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.utils import get_user_display_name
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.contrib.simple_translation.views import SubmitSnippetTranslationView
from wagtail.permissions import policy_registry
from wagtail.snippets.views.chooser import SnippetCreateView
from wagtail.snippets.views.snippets import SnippetViewSet

from . import autosaves, edits
from .actions import (
    AddUpdateNoteAction,
    CreateArticleAction,
    MoveFrontPageSlotAction,
    PinFrontPageSlotAction,
    RetractAction,
    UnpublishAction,
)
from .desk_lists import for_desk, local_time, status
from .forms import NewsInBriefForm, RetractForm, UpdateNoteForm
from .models import Article, ArticleTag, Author, Edition, FrontPage, FrontPageSlot, Tag
from .sanitize import body_blocks
from .signals import minor_change


class DeskScreen(WagtailAdminTemplateMixin):
    """A screen of the desk that other apps add (reach, translations): without a crumb of
    its own, Wagtail's header would name the page "Home"."""

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]


class BaseArticleActionView(WagtailAdminTemplateMixin, FormView):
    """Show a small form for one action on one article; on POST run the action."""

    template_name = "newsroom/admin/article_action.html"
    header_icon = "doc-full"
    http_method_names = ["get", "post"]
    success_message = None

    def dispatch(self, request, pk):
        self.article = get_object_or_404(Article, pk=pk)
        policy = policy_registry.get(self.article)
        if not policy.user_has_permission_for_instance(request.user, self.permission,
                                                       self.article):
            raise PermissionDenied
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return self.article.headline

    def get_context_data(self, **kwargs):
        return super().get_context_data(article=self.article, submit_label=self.submit_label,
                                        **kwargs)

    def form_valid(self, form):
        try:
            self.make_action(form.cleaned_data).execute()
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message % {"headline": self.article})
        return redirect("wagtailsnippets_newsroom_article:edit", self.article.pk)


class AddUpdateNoteView(BaseArticleActionView):
    form_class = UpdateNoteForm
    page_title = _("Add an update note")
    submit_label = _("Publish the note")
    success_message = _("Update note published on “%(headline)s”.")

    permission = AddUpdateNoteAction.permission_policy_action

    def make_action(self, data):
        return AddUpdateNoteAction(self.article, text=data["text"], kind=data["kind"],
                                   user=self.request.user)


class RetractView(BaseArticleActionView):
    form_class = RetractForm
    page_title = _("Retract article")
    submit_label = _("Retract")
    success_message = _("“%(headline)s” was retracted.")

    permission = RetractAction.permission_policy_action

    def make_action(self, data):
        return RetractAction(self.article, note=data["note"], user=self.request.user)


class PublishesAtomically:
    """The desk's Publish (and a workflow step that publishes) in one transaction with what
    the publish announces: listeners of ``article_changed`` write in it (reach's outbox
    queues the article's sends there), so no crash can leave a publish without its sends or
    sends without their publish. Wagtail runs the publish after the saving transaction."""

    def publish_action(self):
        form = getattr(self, "form", None)
        minor = bool(form and form.cleaned_data.get("minor_change"))
        with transaction.atomic(), minor_change(minor):
            return super().publish_action()

    def workflow_action_action(self):
        with transaction.atomic():
            return super().workflow_action_action()


class ArticleEditView(PublishesAtomically, SnippetViewSet.edit_view_class):
    """The article editor, which never lets one editor's save silently replace another's.

    The form carries the id of the version it was opened on (``loaded_revision_id``).
    Wagtail refuses an out-of-date save only for autosave, and otherwise warns through its
    editing-session pings, which need JavaScript; a plain form post would replace the other
    editor's newer version without a word. Here that post is refused: nothing is saved, the
    editor's own changes stay in the form, and a message says who saved meanwhile. The
    form now carries the newest version's id, so saving again replaces it knowingly; the
    replaced version stays in the history, where it can be compared and restored.

    The versions this very tab autosaved since it was opened are not a conflict (see
    ``autosaves``): Wagtail's autosave does not update ``loaded_revision_id``.

    The refused form comes back without autosave: it would otherwise save the editor's
    version over the newer one at once, before they compared anything.

    Both checks run again inside the saving transaction (``recheck_under_lock``): an
    autosave still on its way when "Publish" was pressed must not land after the publish.
    """

    conflict_refused = False
    # What the checks read about the article's newest version, forgotten to read it again.
    CHECKED = ("latest_revision", "latest_revision_created_at", "is_out_of_date",
               "is_own_work")

    def is_valid(self, form):
        if self.is_conflict:
            self.produced_error_code = "invalid_revision"
            self.produced_error_message = self.get_conflict_message()
            self.conflict_refused = True
            return False
        return super().is_valid(form)

    @property
    def is_conflict(self):
        """An ordinary post on a version someone else (or another tab) replaced since."""
        return not self.expects_json_response and self.is_out_of_date and not self.is_own_work

    def recheck_under_lock(self):
        """Check for a newer version again, on the article's row locked for this save.

        Wagtail checks before the saving transaction, on the version it read when the
        request began: an autosave sent just before "Publish" and handled alongside it then
        overwrote its version after the publish (making it the newest again, with the
        pre-publish text). Read afresh under the lock, that autosave is refused instead.
        """
        fresh = Article.objects.select_for_update(of=("self",)).get(pk=self.object.pk)
        self.object.latest_revision = fresh.latest_revision
        for name in self.CHECKED:
            self.__dict__.pop(name, None)
        if self.expects_json_response and self.is_out_of_date:
            raise PermissionDenied(_("Saving will overwrite a newer version."))
        if self.is_conflict:
            self.conflict_refused = True
            raise PermissionDenied(self.get_conflict_message())

    @cached_property
    def header_buttons(self):
        """Wagtail's, and those other apps put on an article's editor through the
        ``register_article_header_buttons`` hook (``fn(article, user)`` returning buttons):
        the newsroom does not know the apps above it."""
        buttons = list(super().header_buttons)
        for hook in hooks.get_hooks("register_article_header_buttons"):
            buttons.extend(hook(self.object, self.request.user))
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.conflict_refused:
            context.update(autosave_enabled=False, autosave_indicator=None)
        return context

    @cached_property
    def is_own_work(self):
        """Everything saved since the form was opened came from this tab's autosaves."""
        post = self.request.POST
        return autosaves.only_this_tab_saved_since(
            self.object, self.request.user, autosaves.tab_of(self.request),
            post.get("loaded_revision_id", ""), post.get("loaded_revision_created_at", ""))

    def save_instance(self):
        """An autosave is logged as such, with its tab, in its user's autosave run."""
        self.recheck_under_lock()
        if not self.expects_json_response:
            return super().save_instance()
        action = self.action_class(self.form.instance, user=self.request.user, form=self.form,
                                   overwrite_revision=self.overwrite_revision,
                                   clean=not self.saving_as_draft, log_action=False)
        instance = action.execute(skip_permission_checks=True)
        self.new_revision = action.revision
        autosaves.log_autosave(instance, action.revision, self.request.user,
                               autosaves.tab_of(self.request), action.content_changed)
        return instance

    def get_conflict_message(self):
        user = self.latest_revision.user if self.latest_revision else None
        if user is not None and user.pk == self.request.user.pk:
            return _("You saved a newer version of this article in another tab or window "
                     "after you opened it here. Your changes in this tab are not saved yet: "
                     "compare the versions in the history, then save again to replace that "
                     "version with these.")
        return _("%(user)s saved a newer version of this article after you opened it. Your "
                 "changes are not saved yet: compare the versions in the history, then save "
                 "again to replace that version with yours.") % {
            "user": get_user_display_name(user) if user else _("Someone")}


class ArticleHistoryView(SnippetViewSet.history_view_class):
    """The article's history, each user's consecutive autosaves one entry (see ``autosaves``);
    the date column names the zone its times are in (see ``zones``)."""

    @cached_property
    def columns(self):
        columns = list(super().columns)
        dates = next(column for column in columns if column.name == "timestamp")
        dates.label = _("Date (%(zone)s)") % {"zone": timezone.get_current_timezone_name()}
        return columns

    def _annotate_queryset(self, queryset):
        queryset = queryset.select_related("content_type", "user", "user__wagtail_userprofile",
                                           "revision")
        return autosaves.fold_runs(queryset)


def checked_per_article(view_class, action):
    """``view_class``, refusing users who may not do ``action`` to *this* article.

    Wagtail's generic views check the model permission only ("may edit articles"); the
    newsroom also needs the per-article answer (a reporter edits only their own drafts).
    """

    class View(view_class):
        def dispatch(self, request, *args, **kwargs):
            article = get_object_or_404(Article, pk=unquote(str(kwargs["pk"])))
            policy = policy_registry.get_by_type(Article)
            if not policy.user_has_permission_for_instance(request.user, action, article):
                raise PermissionDenied
            return super().dispatch(request, *args, **kwargs)

    View.__name__ = View.__qualname__ = view_class.__name__
    return View


class ChooserCreateView(SnippetCreateView):
    """Wagtail routes a chooser's "create" even when the chooser has no creation form (and
    its POST then fails): without a form there is nothing to create there."""

    def dispatch(self, request, *args, **kwargs):
        if self.get_creation_form_class() is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class TranslateArticleView(SubmitSnippetTranslationView):
    """simple_translation's "Translate": it checks the translation right and the right to
    edit the source; the translation is a new article, so it also takes the right to add
    one."""

    def dispatch(self, request, *args, **kwargs):
        if not policy_registry.get_by_type(Article).user_has_permission(request.user, "add"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ArticleUnpublishView(SnippetViewSet.unpublish_view_class):
    """Unpublish through the newsroom's action: its permission and the lock decide."""

    def unpublish(self):
        hook_response = self.run_hook("before_unpublish", self.request, self.object)
        if hook_response is not None:
            return hook_response
        UnpublishAction(self.object, user=self.request.user).execute()
        return self.run_hook("after_unpublish", self.request, self.object)


# -- the news in brief ----------------------------------------------------------------------------

BRIEF_TAGS = 200  # the edition's tags offered as the editor types one
BRIEF_RECENT = 1000  # the most used first: in the edition's latest this many stories


def _tags_in_use(edition):
    """The edition's tags to offer: the most used in its latest stories first, then the
    others by name. (Counting every use of every tag took 2.9 s at a million articles.)"""
    latest = (Article.objects.filter(edition=edition, live=True)
              .order_by("-first_published_at", "-id").values("pk")[:BRIEF_RECENT])
    uses = Counter(ArticleTag.objects.filter(article__in=latest)
                   .values_list("tag__name", flat=True))
    names = [name for name, _uses in uses.most_common(BRIEF_TAGS)]
    rest = (Tag.objects.filter(edition=edition).exclude(name__in=names).order_by("name")
            .values_list("name", flat=True)[:BRIEF_TAGS - len(names)])
    return names + list(rest)


class NewsInBriefView(WagtailAdminTemplateMixin, FormView):
    """A short news item of one edition, published in one screen: headline, paragraphs, a
    label and a tag, "Publish". It is made and published by ``CreateArticleAction``, as
    the API's are; its author is the editor's author record, if they have one. After it
    the screen is empty again for the next one, with the published item's links above."""

    template_name = "newsroom/admin/news_in_brief.html"
    form_class = NewsInBriefForm
    header_icon = "edit"
    page_title = _("News in brief")
    http_method_names = ["get", "post"]

    def dispatch(self, request, edition):
        self.edition = get_object_or_404(Edition, pk=edition)
        policy = policy_registry.get_by_type(Article)
        if not (policy.user_has_permission(request.user, "add")
                and policy.user_has_permission(request.user, "publish")):
            raise PermissionDenied
        return super().dispatch(request, edition)

    def get_page_subtitle(self):
        return self.edition.name

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items,
                {"url": reverse("wagtailsnippets_newsroom_article:list"), "label": _("Articles")},
                {"url": "", "label": self.get_page_title()}]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "edition": self.edition}

    def get_context_data(self, **kwargs):
        tags = _tags_in_use(self.edition)
        others = [(edition, reverse("wagtailsnippets_newsroom_article:brief", args=[edition.pk]))
                  for edition in Edition.objects.exclude(pk=self.edition.pk)]
        return super().get_context_data(edition=self.edition, tags=tags, others=others,
                                        **kwargs)

    def changes(self, form):
        data = form.cleaned_data
        html = format_html_join("", "<p>{}</p>", ((paragraph,) for paragraph in form.paragraphs()))
        changes = edits.Changes(fields={"headline": data["headline"], "kind": Article.Kind.NEWS,
                                        "body": body_blocks(html)},
                                labels=[data["label"]] if data["label"] else [],
                                tags=[data["tag"]] if data["tag"].strip() else [])
        author = Author.objects.filter(user=self.request.user).first()
        if author is not None:
            changes.authors = [author]
        return changes

    def form_valid(self, form):
        try:
            article = CreateArticleAction(self.edition, self.changes(form), user=self.request.user,
                                          publish=True).execute()
        except edits.MayNotMake as refusal:
            form.add_error("tag", str(refusal))
            return self.form_invalid(form)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.form_invalid(form)
        messages.success(
            self.request, _("“%(headline)s” is published.") % {"headline": article.headline},
            buttons=[messages.button(article.get_absolute_url(), _("View live"), new_window=True),
                     messages.button(reverse("wagtailsnippets_newsroom_article:edit",
                                             args=[article.pk]), _("Edit"))])
        return redirect("wagtailsnippets_newsroom_article:brief", self.edition.pk)


# -- the home page as readers see it -------------------------------------------------------------

HOME_SLOTS = 6  # the featured slots the home page shows (``site.front.FRONT_SLOTS``)


def may_arrange_front_pages(user):
    return user.has_perm("newsroom.change_frontpage")


class FrontPagesNowView(WagtailAdminTemplateMixin, TemplateView):
    """Each edition's home page as readers see it now: the top story, the featured slots
    in their order (those not published are said to be skipped) and the latest news that
    fill the empty places. The slots are dragged into another order (Wagtail's orderable
    table, each move saved at once by ``MoveFrontPageSlotAction``)."""

    template_name = "newsroom/admin/front_pages_now.html"
    header_icon = "home"
    page_title = _("On the home page")

    def dispatch(self, request, *args, **kwargs):
        if not may_arrange_front_pages(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        fronts = {front.edition_id: front for front in FrontPage.objects.select_related(
            "top_story")}
        return super().get_context_data(
            editions=[self.edition_front(edition, fronts.get(edition.pk))
                      for edition in Edition.objects.all()],
            move_url=reverse("wagtailsnippets_newsroom_frontpage:move_slot", args=[999999]),
            **kwargs)

    def edition_front(self, edition, front):
        now = timezone.now()
        slots = list(FrontPageSlot.objects.filter(front_page=front).order_by("sort_order", "pk")
                     .select_related("article")) if front else []
        chosen = [front.top_story_id] if front and front.top_story_id else []
        chosen += [slot.article_id for slot in slots]
        holding = chosen[:1] if front and front.top_story_id else []
        holding += [slot.article_id for slot in slots
                    if slot.pinned_until is None or slot.pinned_until > now]
        rows = {article.pk: article for article in for_desk(Article.objects.filter(pk__in=chosen))}
        # As the home page reads them (``site/front.py``): what readers may see, in order,
        # as many as it has places for; a pin whose time has come no longer holds a place.
        public = set(Article.objects.published().filter(edition=edition, pk__in=chosen)
                     .values_list("pk", flat=True))
        shown = [pk for pk in holding if pk in public][:HOME_SLOTS + 1]
        top = rows.get(front.top_story_id) if front and front.top_story_id else None
        filling = HOME_SLOTS + 1 - len(shown)
        latest = list(for_desk(Article.objects.published().filter(edition=edition)
                               .exclude(pk__in=holding)).newest_first()[:max(filling, 0)])

        def row(article, slot=None):
            over = slot is not None and slot.pinned_until is not None and slot.pinned_until <= now
            return {"article": article, "slot": slot, "status": status(article),
                    "shown": article.pk in shown, "public": article.pk in public,
                    "published": local_time(article.first_published_at, edition),
                    "pinned_until": local_time(slot.pinned_until, edition) if slot else "",
                    "pin_over": over,
                    "pin_value": slot.pinned_until.astimezone(edition.tz).strftime("%Y-%m-%dT%H:%M")
                    if slot is not None and slot.pinned_until and not over else "",
                    "pin_url": reverse("wagtailsnippets_newsroom_frontpage:pin_slot",
                                       args=[slot.pk]) if slot else ""}

        return {
            "edition": edition, "front": front,
            "top": row(top) if top else None,
            "slots": [row(rows[slot.article_id], slot) for slot in slots],
            "latest": [row(article) for article in latest],
            "edit_url": reverse("wagtailsnippets_newsroom_frontpage:edit", args=[front.pk])
            if front else reverse("wagtailsnippets_newsroom_frontpage:add"),
            "public_url": edition.root_path,
        }


class MoveFrontPageSlotView(View):
    """POST ``?position=N``: move the slot to place N among its front page's slots (what
    Wagtail's orderable table sends when a row is dropped)."""

    http_method_names = ["post"]

    def post(self, request, pk):
        slot = get_object_or_404(FrontPageSlot.objects.select_related("front_page"), pk=pk)
        try:
            position = int(request.GET.get("position", ""))
        except ValueError:
            return HttpResponseBadRequest()
        MoveFrontPageSlotAction(slot.front_page, slot, position, user=request.user).execute()
        return HttpResponse()


class PinFrontPageSlotView(View):
    """POST ``until`` (the edition's local time, as a ``datetime-local`` field sends it):
    pin the slot until then; POST ``unpin``: let it stay until the desk moves it. Back to
    the screen with a message either way."""

    http_method_names = ["post"]

    def post(self, request, pk):
        slot = get_object_or_404(FrontPageSlot.objects.select_related(
            "front_page__edition", "article"), pk=pk)
        edition = slot.front_page.edition
        until = None
        if "unpin" not in request.POST:
            try:
                until = datetime.fromisoformat(request.POST.get("until", ""))
            except ValueError:
                messages.error(request, _("Choose the date and time the pin ends."))
                return redirect("wagtailsnippets_newsroom_frontpage:now")
            if until.tzinfo is None:
                until = until.replace(tzinfo=edition.tz)
        try:
            PinFrontPageSlotAction(slot.front_page, slot, until, user=request.user).execute()
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("wagtailsnippets_newsroom_frontpage:now")
        if until is None:
            messages.success(request, _("“%(headline)s” is no longer pinned.")
                             % {"headline": slot.article.headline})
        else:
            messages.success(request, _("“%(headline)s” is pinned until %(until)s.")
                             % {"headline": slot.article.headline,
                                "until": local_time(until, edition)})
        return redirect("wagtailsnippets_newsroom_frontpage:now")
