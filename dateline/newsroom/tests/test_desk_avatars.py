"""Avatars on the desk come from our own server: no page names Gravatar (it would break
offline and hand out a hash of each editor's e-mail address)."""

import io

import pytest
from django.core.files.images import ImageFile
from django.urls import reverse
from PIL import Image
from wagtail.users.models import UserProfile

from .desk import form_data, url

pytestmark = pytest.mark.django_db


def desk_pages(article):
    return ["/admin/", url("list"), url("edit", article.pk), url("history", article.pk),
            reverse("wagtailadmin_account"), reverse("wagtailusers_users:index")]


def _visit(client, article):
    pages = {}
    for page in desk_pages(article):
        response = client.get(page)
        assert response.status_code == 200, page
        pages[page] = response.content.decode()
    return pages


def test_no_desk_page_references_gravatar(client, superuser, editor, make_draft):
    """Every desk page an editor's picture appears on (sidebar, editing sessions, history,
    account, users) shows the default picture, never a Gravatar address."""
    article = make_draft("Avatar story")
    client.force_login(editor)
    client.post(url("edit", article.pk), form_data(client, url("edit", article.pk)))
    client.force_login(superuser)
    for page, html in _visit(client, article).items():
        assert "gravatar" not in html.lower(), page
        assert "avatar" in html, page  # an avatar is there, just not from Gravatar


def _jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (80, 80), (200, 30, 30)).save(buffer, "JPEG")
    return ImageFile(buffer, name="face.jpg")


def test_an_uploaded_avatar_is_still_shown(client, editor, make_draft):
    """An editor who uploaded a picture sees it on the desk, served from our media."""
    profile = UserProfile.get_for_user(editor)
    profile.avatar = _jpeg()
    profile.save()
    article = make_draft("Avatar story")
    client.force_login(editor)
    html = client.get(url("edit", article.pk)).content.decode()
    assert profile.avatar.url in html
    assert profile.avatar.url.startswith("/media/")
    assert "gravatar" not in html.lower()
