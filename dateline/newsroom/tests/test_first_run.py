"""The desk's first-run screen: an empty newsroom asks for its first edition."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from dateline.newsroom.models import Edition

pytestmark = pytest.mark.django_db

FIRST = reverse("dateline_first_edition")
GREETING = "Welcome to Dateline"


def page(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


@pytest.mark.parametrize("who", ["superuser", "administrator", "chief"])
def test_the_dashboard_of_an_empty_newsroom_asks_for_the_first_edition(client, request, who):
    """Those who may create editions get the form right on the dashboard, first panel."""
    client.force_login(request.getfixturevalue(who))
    html = page(client.get("/admin/"))
    panel = html.find(id="dateline-first-run-heading").find_parent("section")
    assert GREETING in panel.get_text()
    form = panel.find("form")
    assert form["action"] == FIRST and form.find("input", {"name": "csrfmiddlewaretoken"})["value"]
    assert {field["name"] for field in form.find_all(["input", "select"])} >= {
        "name", "code", "language", "time_zone", "path_prefix", "publication_name"}
    panels = html.select("section.panel")
    assert panels[0] is panel
    # First guesses: code "main", the language the desk speaks to this user.
    assert form.find("input", {"name": "code"})["value"] == "main"
    assert form.find("select", {"name": "language"}).find("option", selected=True)["value"] \
        == "en"


def test_others_are_told_who_can_create_it(client, reporter):
    """A reporter sees who can create the edition, and no form; the address refuses them."""
    client.force_login(reporter)
    html = page(client.get("/admin/"))
    panel = html.find(id="dateline-first-run-heading").find_parent("section")
    assert "Only an administrator or a chief editor can create it" in panel.get_text()
    assert panel.find("form") is None
    # Wagtail answers a refusal with the dashboard and "Sorry, you do not have permission".
    for response in (client.get(FIRST), client.post(FIRST, {"name": "X", "code": "x",
                                                            "language": "en"})):
        assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert not Edition.objects.exists()


def test_the_form_makes_the_main_edition_then_the_greeting_is_gone(client, administrator):
    """A valid form makes the main edition (publication name defaulting to its name) and
    returns to the dashboard with what to do next; after that, no greeting, and the
    address leads to the editions' list."""
    client.force_login(administrator)
    response = client.post(FIRST, {"name": "Дейтлайн", "code": "main", "language": "uk",
                                   "time_zone": "Europe/Kyiv", "path_prefix": "",
                                   "publication_name": ""}, follow=True)
    assert response.redirect_chain == [("/admin/", 302)]
    text = page(response).get_text(" ")
    assert "The edition “Дейтлайн” is ready at /." in text
    assert GREETING not in text
    edition = Edition.objects.get()
    assert (edition.code, edition.is_default, edition.publication_name) == (
        "main", True, "Дейтлайн")
    assert client.get(FIRST)["Location"] == reverse("wagtailsnippets_newsroom_edition:list")


def test_errors_are_shown_beside_their_fields(client, superuser):
    """A bad time zone or a reserved prefix: the form again, with the reasons; nothing made."""
    client.force_login(superuser)
    response = client.post(FIRST, {"name": "Dateline", "code": "main", "language": "en",
                                   "time_zone": "Mars/Olympus", "path_prefix": "admin"})
    assert response.status_code == 200
    html = page(response)
    assert html.title.get_text().startswith("Create your newsroom's first edition")
    assert "Create your newsroom's first edition" in html.find("header").get_text()
    text = html.get_text(" ")
    assert "“Mars/Olympus” is not a time zone name" in text
    assert "“admin” is used by the site itself" in text
    assert not Edition.objects.exists()


def test_the_screen_speaks_the_users_language(client, superuser):
    """The greeting is translated like the rest of the desk."""
    from wagtail.users.models import UserProfile

    UserProfile.get_for_user(superuser).__class__.objects.filter(user=superuser).update(
        preferred_language="uk")
    client.force_login(superuser)
    text = page(client.get("/admin/")).get_text(" ")
    assert "Ласкаво просимо до Dateline" in text and GREETING not in text


def test_no_greeting_once_there_is_an_edition(client, superuser, global_edition):
    """The greeting is for an empty newsroom only."""
    client.force_login(superuser)
    assert GREETING not in page(client.get("/admin/")).get_text()
