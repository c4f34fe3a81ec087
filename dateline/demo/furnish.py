"""The demo newsroom's furniture: editions, sections, labels, tags, authors and pictures.

Everything an article refers to is made (or found from an earlier run, by name) before any
article is planned, so that a second run adds articles to the same furniture. The pictures
are drawn with Pillow (``pictures``): illustrations per topic and the authors' portraits; no
photo files ship with the demo.
"""

import hashlib
import io
from dataclasses import dataclass

from django.core.files.images import ImageFile
from django.utils.text import slugify
from PIL import Image as PILImage

from dateline.newsroom.models import Author, AuthorName, Edition, Label, NewsImage, Section, Tag

from . import pictures, words


@dataclass
class Newsroom:
    editions: dict  # code → Edition
    sections: dict  # code → {key: Section}
    labels: dict  # code → {key: Label}
    tags: dict  # code → [Tag], most used first
    staff: list  # [Author]
    columnists: list  # [(words.Columnist, Author)]
    images: dict  # topic → [(NewsImage, pictures.Picture)], a variant each


def furnish(seed=1):
    """Create, or find from an earlier run, everything articles refer to."""
    editions = {spec["code"]: _edition(spec) for spec in words.EDITIONS}
    return Newsroom(
        editions=editions,
        sections={code: _sections(edition) for code, edition in editions.items()},
        labels={code: _labels(edition) for code, edition in editions.items()},
        tags={code: _tags(edition) for code, edition in editions.items()},
        staff=[_author(editions, name, words.STAFF_UK[name], role) for name, role in words.STAFF],
        columnists=[(c, _author(editions, c.name, c.uk, c.role, columnist=True, beat=c.beat))
                    for c in words.COLUMNISTS],
        images=_pictures(seed),
    )


def _edition(spec):
    defaults = {key: value for key, value in spec.items() if key != "code"}
    return Edition.objects.get_or_create(code=spec["code"], defaults=defaults)[0]


def _in_language(edition, pair):
    """Word pairs are (English, Ukrainian)."""
    return pair[0] if edition.language == "en" else pair[1]


# The home page shows these otherwise: the news in the feed beside it, opinion in the columns.
NO_HOME_RAIL = ("news", "opinion")


def _sections(edition):
    return {key: Section.objects.get_or_create(
        edition=edition, name=_in_language(edition, names),
        defaults={"sort_order": position, "home_rail": key not in NO_HOME_RAIL})[0]
        for position, (key, names) in enumerate(words.SECTIONS.items())}


def _labels(edition):
    return {key: Label.objects.get_or_create(edition=edition,
                                             name=_in_language(edition, names))[0]
            for key, names in words.LABELS.items()}


def _tags(edition):
    """The edition's tags, most used first; in three queries rather than three hundred."""
    names = [_in_language(edition, pair) for pair in words.TAGS]
    existing = set(Tag.objects.filter(edition=edition).values_list("name", flat=True))
    # bulk_create skips Tag.save(), which would make the slug.
    Tag.objects.bulk_create([Tag(edition=edition, name=name,
                                 slug=slugify(name, allow_unicode=True)[:100])
                             for name in names if name not in existing])
    by_name = {tag.name: tag for tag in Tag.objects.filter(edition=edition, name__in=names)}
    return [by_name[name] for name in names]


def _author(editions, name, uk, role, columnist=False, beat=None):
    """The author, with their photo, and their name, role and bio as each Ukrainian edition
    writes them."""
    feminine = uk.split()[0][-1] in "ая"
    beat = beat or (words.STAFF_BEATS.get(name) or ("news",))[0]
    en_bio, *uk_bios = (words.COLUMNIST_BIO if columnist else
                        words.STAFF_BIOS[sum(map(ord, name)) % len(words.STAFF_BIOS)])
    uk_role = ((feminine and words.STAFF_ROLES_UK_FEMININE.get(role))
               or words.STAFF_ROLES_UK[role])
    values = {"role": role, "beat": words.BEATS[beat][0], "beat_uk": words.BEATS[beat][1]}
    author, created = Author.objects.get_or_create(
        name=name, defaults={"role": role, "is_columnist": columnist,
                             "bio": en_bio.format(**values)})
    if created or not author.photo_id:
        author.photo = _image(f"Portrait of {name}", pictures.portrait(name, feminine),
                              f"demo-author-{slugify(name)}.jpg", caption=name)
        author.save(update_fields=["photo"])
    uk_values = {**values, "role": uk_role}
    for edition in editions.values():
        if edition.language == "uk":
            AuthorName.objects.get_or_create(
                author=author, edition=edition,
                defaults={"name": uk, "role": uk_role,
                          "bio": uk_bios[feminine].format(**uk_values)})
    return author


def _pictures(seed):
    """{topic: [(NewsImage, pictures.Picture)]}: each variant of each topic's illustration,
    drawn once (found by title on later runs)."""
    return {topic: [(_picture(seed, topic, variant, caption), caption)
                    for variant, caption in enumerate(spec.captions[:pictures.VARIANTS])]
            for topic, spec in pictures.TOPICS.items()}


def _picture(seed, topic, variant, caption):
    title = f"{caption.en} (illustration {variant + 1})"
    existing = NewsImage.objects.filter(title=title).first()
    if existing:
        return existing
    return _image(title, pictures.draw(topic, variant, seed), f"demo-{topic}-{variant + 1}.jpg",
                  caption=caption.en)


def _image(title, data, name, caption):
    with PILImage.open(io.BytesIO(data)) as opened:
        width, height = opened.size
    image = NewsImage(title=title, caption=caption, credit=words.CREDITS["en"],
                      width=width, height=height, file_size=len(data),
                      file_hash=hashlib.sha1(data, usedforsecurity=False).hexdigest())
    image.file = ImageFile(io.BytesIO(data), name=name)
    image.save()
    return image
