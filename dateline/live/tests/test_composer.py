import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_smoke(client, editor, make_live):
    article = make_live()
    client.force_login(editor)
    url = reverse("live_composer:composer", args=[article.pk])
    r = client.get(url)
    assert r.status_code == 200, r.content[:3000]
    r = client.post(url, {"text": "Hello <b>", "title": "T"})
    assert r.status_code == 302, r.content.decode()[:3000]
    r = client.get(url)
    print(r.content.decode()[-6000:])
    r = client.get(reverse("wagtailsnippets_newsroom_article:edit", args=[article.pk]))
    assert b"Live composer" in r.content
    r = client.get(reverse("wagtailsnippets_newsroom_article:list"))
    assert b"Live composer" in r.content
    assert 0
