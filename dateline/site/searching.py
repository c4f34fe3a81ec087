"""The public search page's parts: what the reader asked (words, filters, order) and what
each result shows (date line, labels, section, headline and a snippet with the words
marked). Matching and ranking are ``dateline.search``'s; what may be found is
``published()`` of the edition, decided here and nowhere else.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from dateline.caching import memo
from dateline.newsroom.models import Article, Author, Tag
from dateline.newsroom.text import clean_text
from dateline.search import reading
from dateline.search.indexing import article_text

from .pictures import RESULT_RENDITIONS, with_renditions

# Ten results a page, as search engines show: each result is a row, a snippet cut from
# its text and a picture; twenty made a cold page at a million articles 55 ms, ten 39.
PAGE_SIZE = 10
MAX_PAGES = 50
MAX_QUERY_LENGTH = 200


class SearchForm(forms.Form):
    q = forms.CharField(required=False, strip=True)
    section = forms.SlugField(required=False, allow_unicode=True)
    tag = forms.SlugField(required=False, allow_unicode=True)
    author = forms.SlugField(required=False, allow_unicode=True)
    label = forms.SlugField(required=False, allow_unicode=True)
    start = forms.DateField(required=False, label=_("From"), input_formats=["%Y-%m-%d"])
    end = forms.DateField(required=False, label=_("To"), input_formats=["%Y-%m-%d"])
    sort = forms.ChoiceField(required=False, choices=[("relevance", _("Most relevant")),
                                                      ("newest", _("Newest first"))])
    page = forms.IntegerField(required=False)

    def __init__(self, data, edition):
        data = data.copy()
        # Control characters and bidirectional overrides go, as from everything stored
        # (before the form sees them: it refuses a NUL).
        data["q"] = clean_text(data.get("q", ""))
        super().__init__(data)
        self.edition = edition

    def clean_q(self):
        return self.cleaned_data["q"][:MAX_QUERY_LENGTH]

    def clean_section(self):
        return self._one_of(memo.sections(self.edition), "section", _("There is no such section."))

    def clean_label(self):
        return self._one_of(memo.labels(self.edition).values(), "label",
                            _("There is no such label."))

    def clean_tag(self):
        slug = self.cleaned_data["tag"]
        if not slug:
            return None
        tag = Tag.objects.filter(edition=self.edition, slug=slug).first()
        if tag is None:
            raise forms.ValidationError(_("There is no such tag."))
        return tag

    def clean_author(self):
        slug = self.cleaned_data["author"]
        if not slug:
            return None
        author = Author.objects.named_in(self.edition).filter(slug=slug).first()
        if author is None:
            raise forms.ValidationError(_("There is no such author."))
        return author

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("The first day comes after the last."))
        return data

    def _one_of(self, things, field, message):
        slug = self.cleaned_data[field]
        if not slug:
            return None
        for thing in things:
            if thing.slug == slug:
                return thing
        raise forms.ValidationError(message)

    @property
    def by_relevance(self):
        return self.cleaned_data.get("sort") != "newest"

    @property
    def filtered(self):
        data = self.cleaned_data
        return any(data.get(name) for name in ("section", "tag", "author", "label", "start", "end"))

    def narrow(self, queryset):
        """``queryset`` with the reader's filters applied."""
        data = self.cleaned_data
        if data["section"]:
            queryset = queryset.filter(section=data["section"])
        if data["tag"]:
            queryset = queryset.filter(tag_links__tag=data["tag"])
        if data["author"]:
            queryset = queryset.filter(author_links__author=data["author"])
        if data["label"]:
            queryset = queryset.filter(labels=data["label"])
        # Days are the edition's days, as its pages date them.
        if data["start"]:
            queryset = queryset.filter(first_published_at__gte=self._midnight(data["start"]))
        if data["end"]:
            queryset = queryset.filter(
                first_published_at__lt=self._midnight(data["end"]) + timedelta(days=1))
        return queryset

    def _midnight(self, day):
        return datetime.combine(day, time(0), tzinfo=self.edition.tz)

    @property
    def hidden_filters(self):
        """The filters the form has no field for, kept when it is sent again."""
        return [(name, self.cleaned_data[name].slug) for name in ("tag", "author", "label")
                if self.cleaned_data.get(name)]

    def chips(self):
        """The filters in force, each with the address of this search without it."""
        data, shown = self.cleaned_data, []
        for name, title in (("section", _("Section")), ("tag", _("Tag")), ("author", _("Author")),
                            ("label", _("Label"))):
            if data.get(name):
                shown.append((title, self._chip_name(name, data[name]),
                               self.address(**{name: None})))
        for name, title in (("start", _("From")), ("end", _("To"))):
            if data.get(name):
                shown.append((title, data[name], self.address(**{name: None})))
        return shown

    def _chip_name(self, name, thing):
        # An author is named as this edition writes them; the rest belong to the edition.
        return thing.name_in(self.edition) if name == "author" else thing.name

    def address(self, **changes):
        """This search's query string with ``changes`` made (None removes a parameter)."""
        params = self.data.copy()
        params.pop("page", None)
        params.pop("cursor", None)
        for name, value in changes.items():
            if value is None:
                params.pop(name, None)
            else:
                params[name] = value
        return "?" + params.urlencode()


@dataclass
class Result:
    headline: object   # site.headlines.Headline, with labels
    section: object
    marked_headline: str
    snippet: str       # the lead, or where the words are in the body; words marked
    image: object = None


def results(headlines, query_text, edition):
    """``headlines`` (in their order) as search results, each with its section, its
    picture and the query's words marked in the headline and in what the result says:
    its lead, unless the words are only in the body, which then gives the snippet."""
    rows = {row.pk: row for row in Article.objects.filter(pk__in=[h.pk for h in headlines])
            .select_related("main_image")
            .only("id", "section_id", "kind", "headline", "lead", "body", "main_image")}
    with_renditions([row.main_image for row in rows.values()], RESULT_RENDITIONS)
    sections = {section.pk: section for section in memo.sections(edition)}
    found = []
    for headline in headlines:
        row = rows[headline.pk]
        found.append(Result(headline, sections.get(row.section_id),
                            reading.highlight(headline.headline, query_text),
                            _says(row, query_text), row.main_image))
    return found


def _says(row, query_text):
    _headline, lead, body = article_text(row)
    marked_lead = reading.highlight(lead, query_text) if lead else ""
    if "<mark>" in marked_lead:
        return marked_lead
    in_body = reading.snippet(body, query_text)
    return in_body if "<mark>" in in_body else marked_lead
