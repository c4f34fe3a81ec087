"""Tags and sections paired across editions (Війна ↔ War), as the rest of the newsroom uses
them: a translation gets its source's counterparts (``actions``), a tag or section page
offers its counterpart in the language switch (the site), and ingest files a subject named
as another edition names it under this edition's tag."""

from django.db.models import Q

from dateline.newsroom.addresses import edition_url
from dateline.newsroom.models import Article, Section, Tag
from dateline.newsroom.text import slug_for

from .models import SectionCounterpart, TagCounterpart


def _models(thing):
    return (Tag, TagCounterpart) if isinstance(thing, Tag) else (Section, SectionCounterpart)


def counterpart(thing, edition):
    """The tag or section paired with ``thing`` in ``edition`` (either way round), or None."""
    return counterparts(thing).get(edition.pk)


def counterparts(thing):
    """{edition id: the counterpart there} for every edition where ``thing`` has one."""
    model, pairs = _models(thing)
    paired = pairs.objects.filter(Q(one=thing) | Q(other=thing))
    found = (model.objects.filter(Q(pk__in=paired.values("one")) | Q(pk__in=paired.values("other")))
             .exclude(pk=thing.pk).exclude(edition_id=thing.edition_id))
    return {other.edition_id: other for other in found.order_by("-pk")}


def switch_links(thing, others, path):
    """The language switch of a tag or section page: for each edition in ``others``, its
    counterpart's page when it has one readers can open (a tag page needs a published
    article), else that edition's home. ``path(edition, slug)`` makes a page's address.
    Returns the links and the counterparts (a change of their lists can change a link)."""
    found = counterparts(thing)
    links = []
    for other in others:
        there = found.get(other.pk)
        if there is not None and isinstance(there, Tag) and not (
                Article.objects.published().filter(edition=other).tagged(there).exists()):
            there = None
        links.append((other, path(other, there.slug) if there else edition_url(other, "home")))
    return links, list(found.values())


def tag_names_into(edition):
    """{slug of a tag's name in another edition: the name of its counterpart in ``edition``}:
    a wire that files a story for ``edition`` under «Війна» files it under "War"."""
    names = {}
    pairs = TagCounterpart.objects.select_related("one", "other")
    for pair in pairs.filter(Q(one__edition=edition) | Q(other__edition=edition)):
        here, there = (pair.one, pair.other) if pair.one.edition_id == edition.pk else (
            pair.other, pair.one)
        if there.edition_id != edition.pk:
            names[slug_for(there.name)] = here.name
    return names
