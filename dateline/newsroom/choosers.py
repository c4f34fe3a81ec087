"""The choosers of the article editor (tags, sections, authors) and a new article's defaults.

- Each chooser searches by name as one types, names that start with the words first.
- Tags and sections are those of the article's edition: the widgets forward the editor's
  ``edition`` field to the chooser's URL (``?edition=<id>``, Wagtail's ``linked_fields``;
  ``edition-chooser.js`` does the same for the "Add tags" button of the multiple chooser).
- A tag is created on the spot from its chooser: a name, in the edition forwarded.
- A new article starts in the editor's usual edition, with the editor as its author when
  an author record is linked to their account (``Author.user``).
"""

from django import forms
from django.db.models import Case, IntegerField, Value, When
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.staticfiles import versioned_static
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views import chooser as snippet_choosers
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail.snippets.widgets import AdminSnippetChooser, SnippetChooserAdapter

from .admin_views import ChooserCreateView, PublishesAtomically
from .models import Article, Author, Edition, Tag


class NameSearchForm(BaseFilterForm):
    """The chooser's search box: names containing the words, those starting with them
    first."""

    q = forms.CharField(label=_("Search term"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"placeholder": _("Search"),
                                                      "autocomplete": "off"}))

    def filter(self, objects):
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            self.is_searching, self.search_query = True, query
            objects = objects.filter(name__icontains=query).order_by(
                Case(When(name__istartswith=query, then=Value(0)), default=Value(1),
                     output_field=IntegerField()), "name", "pk")
        return objects


def edition_from(request):
    """The edition named by ``?edition=`` (None when absent or not an edition's id)."""
    value = request.GET.get("edition", "")
    if not value.isdigit():
        return None
    return Edition.objects.filter(pk=int(value)).first()


class SearchableChooseMixin:
    filter_form_class = NameSearchForm


class EditionScopedChooseMixin(SearchableChooseMixin):
    """Only the items of the edition forwarded in ``?edition=``; with none, all of them,
    with their edition beside each name."""

    @cached_property
    def edition(self):
        return edition_from(self.request)

    def get_object_list(self):
        objects = super().get_object_list().select_related("edition")
        return objects.filter(edition=self.edition) if self.edition else objects

    @property
    def columns(self):
        return [*super().columns,
                Column("edition", label=_("Edition"), accessor="edition.name")]


class TagCreationForm(forms.ModelForm):
    """A tag made from the chooser: its name, in the edition the article editor forwarded."""

    class Meta:
        model = Tag
        fields = ["name"]

    def __init__(self, *args, edition=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.edition = edition

    def clean(self):
        cleaned = super().clean()
        name = (cleaned.get("name") or "").strip()
        if self.edition is None:
            raise forms.ValidationError(
                _("Choose the article's edition first: a tag belongs to one edition."))
        if name and Tag.objects.filter(
                edition=self.edition, slug=slugify(name, allow_unicode=True)[:100]).exists():
            self.add_error("name", _("“%(name)s” is already a tag of this edition: search "
                                     "for it.") % {"name": name})
        return cleaned

    def save(self, commit=True):
        self.instance.edition = self.edition
        return super().save(commit=commit)


class TagCreationMixin:
    """Gives the creation form (``TagChooserViewSet.creation_form_class``) its edition."""

    def get_creation_form_kwargs(self):
        return {**super().get_creation_form_kwargs(), "edition": edition_from(self.request)}


class TagChooseView(TagCreationMixin, EditionScopedChooseMixin, snippet_choosers.ChooseView):
    pass


class TagChooseResultsView(TagCreationMixin, EditionScopedChooseMixin,
                           snippet_choosers.ChooseResultsView):
    pass


class TagCreateView(TagCreationMixin, ChooserCreateView):
    pass


class EditionScopedChooseView(EditionScopedChooseMixin, snippet_choosers.ChooseView):
    pass


class EditionScopedChooseResultsView(EditionScopedChooseMixin,
                                     snippet_choosers.ChooseResultsView):
    pass


class SearchableChooseView(SearchableChooseMixin, snippet_choosers.ChooseView):
    pass


class SearchableChooseResultsView(SearchableChooseMixin, snippet_choosers.ChooseResultsView):
    pass


class EditionLinkedChooser(AdminSnippetChooser):
    """A snippet chooser that forwards the article editor's edition to its modal."""

    linked_fields = {"edition": "#id_edition"}


class EditionLinkedChooserAdapter(SnippetChooserAdapter):
    js_constructor = "dateline.EditionLinkedChooser"

    @cached_property
    def media(self):
        return super().media + forms.Media(
            js=[versioned_static("newsroom/js/edition-chooser.js")])


class SearchableChooserViewSet(snippet_choosers.SnippetChooserViewSet):
    create_view_class = ChooserCreateView
    choose_view_class = SearchableChooseView
    choose_results_view_class = SearchableChooseResultsView


class EditionScopedChooserViewSet(SearchableChooserViewSet):
    choose_view_class = EditionScopedChooseView
    choose_results_view_class = EditionScopedChooseResultsView
    preserve_url_parameters = ["multiple", "edition"]
    base_widget_class = EditionLinkedChooser
    widget_telepath_adapter_class = EditionLinkedChooserAdapter


class TagChooserViewSet(EditionScopedChooserViewSet):
    creation_form_class = TagCreationForm
    create_action_label = _("Create tag")
    choose_view_class = TagChooseView
    choose_results_view_class = TagChooseResultsView
    create_view_class = TagCreateView


def usual_edition(user):
    """The edition of the user's most recent article, else the main edition."""
    latest = Article.objects.filter(owner=user).order_by("-created_at").values("edition")[:1]
    return (Edition.objects.filter(pk__in=latest).first()
            or Edition.objects.filter(is_default=True).first())


class ArticleCreateView(PublishesAtomically, SnippetViewSet.add_view_class):
    """A new article starts in the editor's usual edition (or the one of the language asked
    for), with the editor as its first author when an author record is theirs."""

    def get_initial(self):
        initial = super().get_initial()
        edition = None
        if self.request.GET.get("locale") and self.locale:
            edition = Edition.objects.filter(locale=self.locale).first()
        edition = edition or usual_edition(self.request.user)
        if edition:
            initial["edition"] = edition.pk
        return initial

    def get_form(self, *args, **kwargs):
        form = super().get_form(*args, **kwargs)
        author = (Author.objects.filter(user=self.request.user).first()
                  if self.request.method == "GET" else None)
        formset = form.formsets.get("author_links")
        if author and formset is not None:
            # One new (not yet saved) author row, filled in: the editor can remove it.
            prefilled = type(formset)(instance=form.instance, prefix=formset.prefix,
                                      form_kwargs=formset.form_kwargs,
                                      initial=[{"author": author.pk}])
            prefilled.extra = 1
            form.formsets["author_links"] = prefilled
        return form
