"""A small newsroom for the API: published, draft, scheduled, retracted; a token per role."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from wagtail.models import APIToken

from dateline.conftest import HOSTILE
from dateline.newsroom import actions
from dateline.newsroom.models import (
    Article,
    ArticleAuthor,
    ArticleTag,
    Author,
    Label,
    Section,
    Tag,
)

BASE = "/api/v1"


class Api:
    """A client speaking JSON to /api/v1/, optionally with a bearer token."""

    def __init__(self, token=None):
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def get(self, path, data=None, **headers):
        return self.client.get(BASE + path, data or {}, headers={**self.headers, **headers})

    def post(self, path, body=None, raw=None, **headers):
        return self.client.post(BASE + path, raw if raw is not None else body or {},
                                content_type="application/json",
                                headers={**self.headers, **headers})

    def patch(self, path, body=None, **headers):
        return self.client.patch(BASE + path, body or {}, content_type="application/json",
                                 headers={**self.headers, **headers})


def publish_at(article, when):
    actions.PublishAction(article).execute()
    Article.objects.filter(pk=article.pk).update(first_published_at=when, last_published_at=when)
    article.refresh_from_db()
    article.save()
    return article


def make_article(edition, headline, tags=(), authors=(), labels=(), **fields):
    """A saved draft whose links are part of its revision (as the desk would save it)."""
    article = Article(edition=edition, headline=headline, live=False,
                      lead=fields.pop("lead", "The lead."), **fields)
    article.tag_links.set([ArticleTag(tag=tag) for tag in tags])
    article.author_links.set([ArticleAuthor(author=author, sort_order=n)
                              for n, author in enumerate(authors)])
    article.labels.set(list(labels))
    article.save()
    article.save_revision()
    return article


@pytest.fixture
def world(global_edition, main_edition):
    """Global edition: five published articles a minute apart, a draft, a scheduled and a
    retracted article; one in the main edition. Sections, tags, labels, authors."""
    now = timezone.now().replace(microsecond=0)
    politics = Section.objects.create(edition=global_edition, name="Politics")
    war = Tag.objects.create(edition=global_edition, name="war")
    secret = Tag.objects.create(edition=global_edition, name="secret merger")
    opinion = Label.objects.create(edition=global_edition, name="OPINION")
    jane = Author.objects.create(name="Jane Doe", role="Reporter")
    hostile = Author.objects.create(name=HOSTILE)
    published = []
    for n in range(5):
        article = make_article(
            global_edition, f"Story {n}", lead=f"Lead {n}",
            body=[{"type": "paragraph", "value": f"<p>Body {n}</p>"}],
            section=politics if n % 2 == 0 else None, tags=[war] if n < 3 else [],
            authors=[jane if n != 4 else hostile], labels=[opinion] if n == 1 else [])
        published.append(publish_at(article, now - timedelta(minutes=10 - n)))
    draft = make_article(global_edition, "Secret draft", tags=[secret], authors=[jane])
    scheduled = make_article(global_edition, "Scheduled story", tags=[secret],
                             go_live_at=now + timedelta(hours=2))
    scheduled.latest_revision.publish()
    retracted = publish_at(make_article(global_edition, "Retracted story", tags=[war]),
                           now - timedelta(minutes=30))
    actions.RetractAction(retracted, note="Wrong").execute()
    other = publish_at(make_article(main_edition, "Головна новина"), now - timedelta(minutes=1))
    return {"published": published, "draft": draft, "scheduled": scheduled,
            "retracted": retracted, "other": other, "politics": politics, "war": war,
            "secret": secret, "opinion": opinion, "jane": jane, "hostile": hostile, "now": now}


def token_for(user, name="client"):
    _instance, plaintext = APIToken.create_token(user=user, name=name)
    return plaintext


@pytest.fixture
def anonymous():
    return Api()


@pytest.fixture
def as_role(request):
    """``as_role("editor")``: an API client with a token of that role's user."""

    def make(role):
        return Api(token_for(request.getfixturevalue(role), name=role))

    return make
