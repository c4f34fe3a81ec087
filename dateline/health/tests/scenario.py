"""Newsroom content made inside another process's `dateline shell` (see fault.dateline_python).

The fault tests run `dateline` subprocesses on databases of their own; these helpers make
the content there and print what the test needs as one line of JSON.
"""

import hashlib
import io
import json
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.models import Revision

from dateline.newsroom import actions
from dateline.newsroom.models import Article, Edition, NewsImage


def _edition():
    edition = Edition.objects.filter(code="global").first()
    return edition or Edition.objects.create(
        name="Dateline Global", code="global", language="en", path_prefix="global",
        publication_name="Dateline Global", is_default=True)


def _draft(headline, **fields):
    article = Article(edition=_edition(), headline=headline, lead=f"Lead of {headline}",
                      live=False, **fields)
    article.save()
    article.save_revision()
    return article


def _out(value):
    print(json.dumps(value))


def schedule(headline, seconds):
    """An article scheduled ``seconds`` from now: its id and address."""
    article = _draft(headline, go_live_at=timezone.now() + timedelta(seconds=seconds))
    article.latest_revision.publish()
    _out({"id": article.pk, "url": article.get_absolute_url()})


def newsroom(articles=3, revisions=3):
    """Published articles with several revisions each and a main image (a real file)."""
    buffer = io.BytesIO()
    PILImage.new("RGB", (640, 360), (200, 30, 30)).save(buffer, "JPEG")
    image = NewsImage.objects.create(title="Backup picture", credit="Dateline / Test",
                                     file=ImageFile(buffer, name="backup-picture.jpg"))
    for n in range(articles):
        article = _draft(f"Story {n} & <backup>", main_image=image)
        for version in range(1, revisions):
            article.lead = f"Version {version} of story {n}"
            article.save_revision()
        actions.PublishAction(article).execute()
    _out(inventory())


def inventory():
    """What a restore must bring back: articles, revisions, images and their files."""
    from django.core.files.storage import default_storage

    return {
        "articles": sorted(Article.objects.values_list("headline", "lead", "live")),
        "revisions": sorted((r.object_id, r.content["lead"]) for r in Revision.objects.filter(
            base_content_type=ContentType.objects.get_for_model(Article))),
        "images": sorted((image.title, image.file.name, default_storage.exists(image.file.name),
                          _sha256(image.file.name)) for image in NewsImage.objects.all()),
    }


def _sha256(name):
    from django.core.files.storage import default_storage

    if not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as file:
        return hashlib.sha256(file.read()).hexdigest()


def show_inventory():
    _out(inventory())
