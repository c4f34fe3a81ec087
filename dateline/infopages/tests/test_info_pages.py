"""The edition's info pages: written on the desk, shown at /info/<slug>/ of their edition
and linked from every page's footer while published; a draft shows nowhere."""

import json

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from dateline.infopages.models import InfoPage
from dateline.newsroom.models import Edition, Section
from dateline.newsroom.roles import ROLE_CHIEF, ROLE_EDITOR
from dateline.newsroom.tests.desk import form_data

pytestmark = pytest.mark.django_db

HOSTILE_TITLE = 'A & B < C > D "><img src=x onerror=alert(1)>'


def rich_text(text):
    """What the desk's rich-text editor sends for one paragraph of ``text``."""
    return json.dumps({"blocks": [{"key": "k1", "type": "unstyled", "depth": 0, "text": text,
                                   "inlineStyleRanges": [], "entityRanges": [], "data": {}}],
                       "entityMap": {}})


@pytest.fixture
def chief(db):
    user = User.objects.create_user("chief", "chief@example.com", "pw")
    user.groups.add(Group.objects.get(name=ROLE_CHIEF))
    client = Client()
    client.force_login(user)
    return client


def _add(client, edition, **changes):
    add = reverse("wagtailsnippets_infopages_infopage:add")
    data = form_data(client, add, edition=edition.pk, sort_order=0, **changes)
    response = client.post(add, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return InfoPage.objects.get(edition=edition, slug=changes["slug"])


def _edit(client, page, **changes):
    edit = reverse("wagtailsnippets_infopages_infopage:edit", args=[page.pk])
    live = changes.pop("live", "on" if page.live else False)
    data = form_data(client, edit, **changes)
    data.pop("live", None)  # a ticked box reads back empty; a browser sends "on"
    if live:
        data["live"] = live
    response = client.post(edit, data)
    assert response.status_code == 302, response.content.decode()[:2000]


def _footer(client, path):
    soup = BeautifulSoup(client.get(path).content.decode(), "html.parser")
    return [(a.get_text(), a["href"]) for a in soup.select("footer.site-footer a")]


def test_a_page_written_on_the_desk_shows_at_its_address_and_in_every_footer(
        chief, main_edition, global_edition):
    """A chief editor adds "About us" to the global edition, published: it shows at
    /global/info/about/ with its text, and every page of that edition links to it from the
    footer; an edit shows at once on the page and in the footers (the page cache is purged)."""
    reader = Client()
    assert reader.get("/global/info/about/").status_code == 404
    assert ("About us", "/global/info/about/") not in _footer(reader, "/global/")  # cached

    page = _add(chief, global_edition, title="About us", slug="about", live="on",
                body=rich_text("We are a newsroom in Kyiv."))

    response = reader.get("/global/info/about/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    assert soup.select_one("main h1").get_text() == "About us"
    assert "We are a newsroom in Kyiv." in soup.select_one("main .body").get_text()
    assert soup.title.get_text() == "About us | Dateline Global"
    assert ("About us", "/global/info/about/") in _footer(reader, "/global/")
    assert ("About us", "/global/info/about/") not in _footer(reader, "/")

    _edit(chief, page, title="Who we are")
    assert ("Who we are", "/global/info/about/") in _footer(reader, "/global/")
    assert "Who we are" in reader.get("/global/info/about/").content.decode()


def test_a_draft_shows_nowhere_and_unpublishing_takes_it_down(chief, main_edition):
    """A page saved unticked is a 404 and in no footer nor sitemap; ticked it shows;
    unticked again it is gone from its address and from the footers and sitemap already
    cached."""
    reader = Client()
    page = _add(chief, main_edition, title="Політика приватності", slug="privacy",
                body=rich_text("Чернетка."))
    assert not page.live
    assert reader.get("/info/privacy/").status_code == 404
    assert "/info/privacy/" not in [href for _text, href in _footer(reader, "/")]

    assert "/info/privacy/" not in reader.get("/sitemaps/main/pages.xml").content.decode()

    _edit(chief, page, live="on")
    assert reader.get("/info/privacy/").status_code == 200
    assert ("Політика приватності", "/info/privacy/") in _footer(reader, "/")
    assert "/info/privacy/</loc>" in reader.get("/sitemaps/main/pages.xml").content.decode()

    _edit(chief, page, live=False)
    assert reader.get("/info/privacy/").status_code == 404
    assert "/info/privacy/" not in [href for _text, href in _footer(reader, "/")]
    assert "/info/privacy/" not in reader.get("/sitemaps/main/pages.xml").content.decode()
    assert "Чернетка" not in reader.get("/").content.decode()


def test_each_edition_has_its_own_pages(main_edition, global_edition, client):
    """The same slug is a different page in each edition, and a page of one edition is
    not found under the other."""
    InfoPage.objects.create(edition=main_edition, title="Про нас", slug="about", live=True,
                            body="<p>Українською.</p>")
    InfoPage.objects.create(edition=global_edition, title="Contacts", slug="contacts",
                            live=True, body="<p>In English.</p>")
    assert "Українською." in client.get("/info/about/").content.decode()
    assert client.get("/global/info/about/").status_code == 404
    assert "In English." in client.get("/global/info/contacts/").content.decode()
    assert client.get("/info/contacts/").status_code == 404
    assert client.get("/info/no-such-page/").status_code == 404


def test_a_hostile_title_is_escaped_on_the_page_and_in_the_footer(chief, global_edition):
    """A title with markup reads back as the same text on its page, in its <title> and in
    the footer, and makes no element."""
    _add(chief, global_edition, title=HOSTILE_TITLE, slug="hostile", live="on",
         body=rich_text("Plain."))
    for path in ("/global/info/hostile/", "/global/"):
        html = Client().get(path).content.decode()
        soup = BeautifulSoup(html, "html.parser")
        assert soup.find("img", src="x") is None, path
        assert "onerror=alert" not in str(soup.find_all(True, attrs={"onerror": True})), path
        links = [a.get_text() for a in soup.select("footer.site-footer a")]
        assert HOSTILE_TITLE in links, path
    soup = BeautifulSoup(Client().get("/global/info/hostile/").content.decode(), "html.parser")
    assert soup.select_one("main h1").get_text() == HOSTILE_TITLE
    assert soup.title.get_text() == f"{HOSTILE_TITLE} | Dateline Global"


def test_only_chief_editors_and_administrators_write_them(main_edition, client):
    """An editor cannot open the info pages on the desk nor add one; nothing is created."""
    user = User.objects.create_user("editor", "editor@example.com", "pw")
    user.groups.add(Group.objects.get(name=ROLE_EDITOR))
    client.force_login(user)
    add = reverse("wagtailsnippets_infopages_infopage:add")
    assert client.get(add).status_code in (302, 403)
    client.post(add, {"edition": main_edition.pk, "title": "X", "slug": "x", "live": "on"})
    assert not InfoPage.objects.exists()


def test_no_edition_may_take_info_as_its_prefix():
    """/info/ is the info pages' own word: an edition under /info/ would collide with them."""
    edition = Edition(name="Info", code="info", language="de", path_prefix="info",
                      publication_name="Info")
    with pytest.raises(ValidationError) as refused:
        edition.full_clean(exclude=["locale"])
    assert "path_prefix" in refused.value.message_dict


def test_the_footer_lists_sections_corrections_feeds_and_the_other_edition(
        main_edition, global_edition, client):
    """Every page's footer links to the edition's sections, its corrections page, its RSS,
    Atom and JSON feeds (each answers) and to the other edition."""
    Section.objects.create(edition=global_edition, name="Economy")
    links = dict((text, href) for text, href in _footer(client, "/global/"))
    assert links["Economy"] == "/global/section/economy/"
    assert links["Corrections"] == "/global/corrections/"
    assert [links["RSS"], links["Atom"], links["JSON Feed"]] == [
        "/feeds/global/rss.xml", "/feeds/global/atom.xml", "/feeds/global/feed.json"]
    for feed in ("RSS", "Atom", "JSON Feed"):
        assert client.get(links[feed]).status_code == 200
    assert links["Українська"] == "/"
    soup = BeautifulSoup(client.get("/global/").content.decode(), "html.parser")
    assert "Dateline Global" in soup.select_one("footer .copyright").get_text()


def test_the_demo_writes_the_three_pages_in_each_edition_s_language(main_edition,
                                                                     global_edition):
    """The demo's About, Contacts and Editorial policy are published in both editions, in
    Ukrainian and in English; a second start adds none."""
    from dateline.demo.info_pages import furnish_info_pages

    furnish_info_pages()
    furnish_info_pages()
    titles = {code: list(InfoPage.objects.published().filter(edition__code=code)
                         .values_list("slug", "title"))
              for code in ("main", "global")}
    assert titles == {
        "main": [("about", "Про нас"), ("contacts", "Контакти"),
                 ("editorial-policy", "Редакційна політика")],
        "global": [("about", "About us"), ("contacts", "Contacts"),
                   ("editorial-policy", "Editorial policy")]}
