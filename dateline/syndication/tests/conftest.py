"""One small newsroom for every syndication test, built once per test module.

Both editions, sections, tags, labels, authors (one named with the hostile string),
images, a translated pair, an update note, an article older than the Google News window,
and one article in every state readers must never see. Headlines carry the hostile
string, ``]]>``, control characters XML forbids and right-to-left marks.

The world is built inside a transaction that is rolled back after the module; each test
runs in its own savepoint inside it, so tests may change it freely.
"""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from django.utils.encoding import iri_to_uri

from dateline.conftest import HOSTILE
from dateline.newsroom import actions
from dateline.newsroom.models import (
    Article,
    ArticleAuthor,
    ArticleTag,
    Author,
    Edition,
    Label,
    Section,
    Tag,
)
from dateline.site.tests.conftest import make_image, publish_at

BASE = "https://news.example.org"
# Everything a headline can throw at a writer: markup, a CDATA end, characters XML 1.0
# forbids (stripped on output), and right-to-left and left-to-right marks (kept).
NASTY = f"{HOSTILE} ]]> \x01bell\x1b \u200fשלום\u200e"
NASTY_CLEAN = f"{HOSTILE} ]]> bell \u200fשלום\u200e"


def url_of(article):
    return BASE + iri_to_uri(article.get_absolute_url())


def clean_headline(n):
    return f"Story {n} {NASTY_CLEAN}"


@pytest.fixture(autouse=True)
def base_url(settings):
    settings.WAGTAILADMIN_BASE_URL = BASE + "/"
    return BASE


def _article(edition, n, section, tag, authors, labels=(), image=None, when=None, **fields):
    article = Article(edition=edition, headline=f"Story {n} {NASTY}",
                      lead=f"Lead {n} {NASTY}", section=section, main_image=image,
                      body=[("paragraph", f'<p>Body {n} <a href="/global/news/x/">link</a></p>'),
                            ("subheading", "Sub & heading"),
                            ("quote", {"text": "Q </script>", "attribution": "A"})],
                      **fields)
    article.save()
    ArticleTag.objects.create(article=article, tag=tag)
    for order, author in enumerate(authors):
        ArticleAuthor.objects.create(article=article, author=author, sort_order=order)
    article.labels.set(labels)
    article.save_revision()
    return publish_at(article, when)


def _build(now):
    logo = make_image("Logo", size=(600, 60))
    picture = make_image()
    main = Edition.objects.create(name="Дейтлайн", code="main", language="uk",
                                  publication_name="Дейтлайн", is_default=True, logo=logo)
    other = Edition.objects.create(name="Dateline Global", code="global", language="en",
                                   path_prefix="global", publication_name="Dateline Global")
    reporter = Author.objects.create(name=HOSTILE, role="Reporter")
    columnist = Author.objects.create(name="Vitaly Portnikov", role="Columnist",
                                      bio="Writes </script> columns.", photo=picture)
    world = {"now": now, "reporter": reporter, "columnist": columnist, "logo": logo,
             "picture": picture}
    for edition, words in ((main, ("Політика", "війна", "Ексклюзив")),
                           (other, ("Politics", "war", "Exclusive"))):
        section = Section.objects.create(edition=edition, name=words[0])
        tag = Tag.objects.create(edition=edition, name=words[1])
        label = Label.objects.create(edition=edition, name=words[2])
        articles = [
            _article(edition, 0, section, tag, [reporter, columnist], [label], picture,
                     now - timedelta(hours=1)),
            _article(edition, 1, section, tag, [columnist], (), None,
                     now - timedelta(hours=5)),
            _article(edition, 2, None, tag, [reporter], (), picture,
                     now - timedelta(hours=30)),
            # Older than the Google News window.
            _article(edition, 3, section, tag, [reporter], (), picture,
                     now - timedelta(days=3)),
        ]
        world[edition.code] = {"edition": edition, "section": section, "tag": tag,
                               "label": label, "articles": articles}
    world["main"]["edition"], world["global"]["edition"] = main, other

    # A translated pair, and a global article whose Ukrainian version is only a draft.
    pair = world["main"]["articles"][0], world["global"]["articles"][0]
    Article.objects.filter(pk=pair[1].pk).update(translation_key=pair[0].translation_key)
    pair[1].refresh_from_db()
    lonely = world["global"]["articles"][1]
    draft_translation = Article(edition=main, headline="Чернетка перекладу", lead="",
                                live=False, translation_key=lonely.translation_key)
    draft_translation.save()
    draft_translation.save_revision()
    actions.AddUpdateNoteAction(world["global"]["articles"][2],
                                text="Toll rises to 5.").execute(skip_permission_checks=True)
    world["global"]["articles"][2].refresh_from_db()
    world["hidden"] = _hidden(other, world["global"], reporter, now) + [draft_translation]
    return world


def _hidden(edition, scope, author, now):
    """A draft, a scheduled, an expired, a retracted and a future-dated article, each
    filed under the same section, tag and author as the visible ones."""
    made = {}
    for state in ("draft", "scheduled", "expired", "retracted", "future"):
        article = Article(edition=edition, headline=f"Hidden {state}", lead="Hidden.",
                          section=scope["section"], live=False,
                          go_live_at=now + timedelta(hours=1) if state == "scheduled" else None)
        article.save()
        ArticleTag.objects.create(article=article, tag=scope["tag"])
        ArticleAuthor.objects.create(article=article, author=author, sort_order=0)
        revision = article.save_revision()
        if state != "draft":
            revision.publish()
        made[state] = article
    Article.objects.filter(pk=made["expired"].pk).update(expire_at=now - timedelta(minutes=1))
    actions.RetractAction(made["retracted"], note="Sources withdrew.").execute(
        skip_permission_checks=True)
    Article.objects.filter(pk=made["future"].pk).update(
        first_published_at=now + timedelta(hours=2))
    for article in made.values():
        article.refresh_from_db()
    hidden = list(made.values())
    assert not Article.objects.published().filter(pk__in=[a.pk for a in hidden]).exists()
    return hidden


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield _build(timezone.now().replace(microsecond=0))
        transaction.set_rollback(True)


@pytest.fixture
def hidden_urls(world, db):
    return [article.get_absolute_url() for article in world["hidden"]]
