"""A small newsroom in both editions, with every kind of thing a page can show."""

import io
from datetime import timedelta

import pytest
from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PILImage

from dateline.conftest import HOSTILE
from dateline.newsroom import actions
from dateline.newsroom.models import (
    Article,
    ArticleAuthor,
    ArticleTag,
    ArticleUpdate,
    Author,
    FrontPage,
    FrontPageSlot,
    Label,
    NewsImage,
    RelatedArticle,
    Section,
    Tag,
)


def make_image(title="Picture", credit="Reuters / Jane Doe", size=(1200, 675)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (30, 90, 160)).save(buffer, "JPEG")
    return NewsImage.objects.create(title=title, credit=credit, caption="A caption",
                                    file=ImageFile(buffer, name="picture.jpg"))


def publish_at(article, when):
    """Publish through the action, then set the publication time the test needs."""
    actions.PublishAction(article).execute()
    Article.objects.filter(pk=article.pk).update(first_published_at=when,
                                                 last_published_at=when)
    article.refresh_from_db()
    article.save()  # copies the time to the tag and author links
    return article


@pytest.fixture
def newsroom(main_edition, global_edition):
    """Both editions, each with a section, tags, labels, authors and a handful of articles."""
    now = timezone.now().replace(second=0, microsecond=0)
    columnist = Author.objects.create(name="Vitaly Portnikov", is_columnist=True,
                                      role="Columnist")
    reporter = Author.objects.create(name=HOSTILE)
    image = make_image()
    world = {}
    for edition, words in ((main_edition, ("Політика", "війна", "Ексклюзив", "Думка")),
                           (global_edition, ("Politics", "war", "Exclusive", "OPINION"))):
        section = Section.objects.create(edition=edition, name=words[0])
        tag = Tag.objects.create(edition=edition, name=words[1])
        exclusive = Label.objects.create(edition=edition, name=words[2])
        opinion = Label.objects.create(edition=edition, name=words[3])
        articles = []
        for n in range(6):
            article = Article(edition=edition, headline=f"{words[0]} {n} {HOSTILE}",
                              lead=f"Lead {n}", section=section, main_image=image,
                              kind="opinion" if n == 1 else "news",
                              body=[("paragraph", f"<p>Body {n}</p>"),
                                    ("subheading", "Sub"),
                                    ("quote", {"text": "Q", "attribution": "A"})])
            article.save()
            ArticleTag.objects.create(article=article, tag=tag)
            ArticleAuthor.objects.create(article=article, sort_order=0,
                                         author=columnist if n == 1 else reporter)
            article.labels.set([opinion] if n == 1 else [exclusive] if n == 2 else [])
            article.save_revision()
            articles.append(publish_at(article, now - timedelta(hours=5 * n)))
        world[edition.code] = {"section": section, "tag": tag, "articles": articles,
                               "labels": [exclusive, opinion]}
    main, other = world["main"]["articles"][0], world["global"]["articles"][0]
    Article.objects.filter(pk=other.pk).update(translation_key=main.translation_key)
    updated = world["global"]["articles"][3]
    actions.AddUpdateNoteAction(updated, text="Toll rises to 5.").execute()
    ArticleUpdate.objects.filter(article=updated).update(kind="update")
    RelatedArticle.objects.create(article=world["global"]["articles"][0], sort_order=0,
                                  related=world["global"]["articles"][4])
    front = FrontPage.objects.create(edition=global_edition,
                                     top_story=world["global"]["articles"][2])
    FrontPageSlot.objects.create(front_page=front, article=world["global"]["articles"][5])
    world["columnist"], world["reporter"], world["now"] = columnist, reporter, now
    return world
