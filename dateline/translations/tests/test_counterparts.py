"""A tag or section page's language switch leads to its counterpart's page in the other
edition (Дрони ↔ Drones), once readers can open it, and follows the desk's pairing through
the page cache."""

import pytest
from bs4 import BeautifulSoup

from dateline.newsroom import actions
from dateline.newsroom.addresses import edition_url
from dateline.newsroom.models import Section, Tag
from dateline.translations.models import SectionCounterpart, TagCounterpart

pytestmark = pytest.mark.django_db


def switch(client, url):
    response = client.get(url)
    assert response.status_code == 200
    link = BeautifulSoup(response.content, "html.parser").select_one(".editions a")
    return link["href"], link["hreflang"]


@pytest.fixture
def drones(main_edition, global_edition):
    """A published English story tagged Drones; the tag paired with «Дрони»."""
    uk = Tag.objects.create(edition=main_edition, name="Дрони")
    en = Tag.objects.create(edition=global_edition, name="Drones")
    TagCounterpart.objects.create(one=uk, other=en)
    actions.CreateArticleAction(global_edition, _changes("Drones over Kyiv", en),
                                publish=True).execute()
    return uk, en


def test_a_section_page_switches_to_its_counterpart(client, main_edition, global_edition):
    uk = Section.objects.create(edition=main_edition, name="Війна")
    en = Section.objects.create(edition=global_edition, name="War")
    lonely = Section.objects.create(edition=global_edition, name="Sport")
    SectionCounterpart.objects.create(one=en, other=uk)  # either way round
    assert switch(client, edition_url(global_edition, "section", en.slug)) == (
        edition_url(main_edition, "section", uk.slug), "uk")
    assert switch(client, edition_url(main_edition, "section", uk.slug)) == (
        edition_url(global_edition, "section", en.slug), "en")
    assert switch(client, edition_url(global_edition, "section", lonely.slug))[0] == (
        edition_url(main_edition, "home"))


def test_a_tag_page_switches_to_its_counterpart_once_a_story_there_carries_it(
        client, drones, main_edition, global_edition):
    """Until then the counterpart's page does not exist (it would tell of drafts): the
    switch leads home, and the cached page changes when a story gets the tag there."""
    uk, en = drones
    page = edition_url(global_edition, "tag", en.slug)
    assert switch(client, page)[0] == edition_url(main_edition, "home")
    assert client.get(page)["X-Page-Cache"] == "hit"
    ukrainian = actions.CreateArticleAction(main_edition, _changes("Дрони над Києвом", uk),
                                            publish=True).execute()
    assert ukrainian.live
    assert switch(client, page)[0] == edition_url(main_edition, "tag", uk.slug)


def test_pairing_and_unpairing_on_the_desk_reach_cached_pages(client, drones, main_edition,
                                                            global_edition):
    uk, en = drones
    other = Section.objects.create(edition=global_edition, name="World")
    there = Section.objects.create(edition=main_edition, name="Світ")
    page = edition_url(global_edition, "section", other.slug)
    assert switch(client, page)[0] == edition_url(main_edition, "home")
    assert client.get(page)["X-Page-Cache"] == "hit"
    pair = SectionCounterpart.objects.create(one=other, other=there)
    assert switch(client, page)[0] == edition_url(main_edition, "section", there.slug)
    pair.delete()
    assert switch(client, page)[0] == edition_url(main_edition, "home")


def _changes(headline, tag):
    from dateline.newsroom.edits import Changes

    return Changes(fields={"headline": headline, "lead": "Лід."}, tags=[tag.name])
