"""The lead of a section's front: its newest story, with the largest picture and its lead
text, rendered once per change of the section's list (``caching.fragments``)."""

from dataclasses import dataclass

from django.template.loader import render_to_string

from dateline.caching import fragments, keys
from dateline.caching.shows import first_expiry, register, shown_in

from .headlines import with_labels


@dataclass(frozen=True)
class SectionLead:
    pk: int | None  # the story's, None when the section has none
    html: str
    shown: tuple  # what the page cache must know it shows (``caching.shows``)


register(SectionLead, lambda lead: lead.shown)


def kept(request, edition, section, in_section):
    """The lead of ``section`` among ``in_section`` (its published stories)."""
    return fragments.kept(
        f"section-lead-{section.pk}",
        [keys.listing("section", section.pk), keys.edition(edition.pk)],
        lambda: _render(request, edition, in_section))


def _render(request, edition, in_section):
    lead = (in_section.select_related("edition", "main_image").newest_first()
            .only("id", "edition", "slug", "headline", "lead", "first_published_at",
                  "main_image").first())
    if lead is None:
        return fragments.Made(SectionLead(None, "", ()))
    lead.shown_labels = ()
    with_labels([lead], edition)
    html = render_to_string("site/includes/section_lead.html",
                            {"edition": edition, "section_lead": lead}, request)
    shown = tuple(shown_in([lead]))
    return fragments.Made(SectionLead(lead.pk, html, shown), first_expiry(shown),
                          (keys.article(lead.pk),))
