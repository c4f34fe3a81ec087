"""The demo newsroom's furniture: editions, sections, labels, tags, authors and pictures.

Everything an article refers to is made (or found from an earlier run, by name) before any
article is planned, so that a second run adds articles to the same furniture. The pictures
are drawn here with Pillow from the seed: no photo files ship with the demo.
"""

import hashlib
import io
import random
from dataclasses import dataclass

from django.core.files.images import ImageFile
from django.utils.text import slugify
from PIL import Image, ImageDraw, ImageFont

from dateline.newsroom.models import Author, AuthorName, Edition, Label, NewsImage, Section, Tag

from . import words

IMAGE_SIZE = (1200, 675)


@dataclass
class Newsroom:
    editions: dict  # code → Edition
    sections: dict  # code → {key: Section}
    labels: dict  # code → {key: Label}
    tags: dict  # code → [Tag], most used first
    staff: list  # [Author]
    columnists: list  # [(words.Columnist, Author)]
    images: list  # [(NewsImage, words.Picture)]


def furnish(seed=1):
    """Create, or find from an earlier run, everything articles refer to."""
    editions = {spec["code"]: _edition(spec) for spec in words.EDITIONS}
    return Newsroom(
        editions=editions,
        sections={code: _sections(edition) for code, edition in editions.items()},
        labels={code: _labels(edition) for code, edition in editions.items()},
        tags={code: _tags(edition) for code, edition in editions.items()},
        staff=[_author(editions, name, words.STAFF_UK[name], role) for name, role in words.STAFF],
        columnists=[(c, _author(editions, c.name, c.uk, c.role, columnist=True))
                    for c in words.COLUMNISTS],
        images=[(_picture(seed, picture), picture) for picture in words.PICTURES],
    )


def _edition(spec):
    defaults = {key: value for key, value in spec.items() if key != "code"}
    return Edition.objects.get_or_create(code=spec["code"], defaults=defaults)[0]


def _in_language(edition, pair):
    """Word pairs are (English, Ukrainian)."""
    return pair[0] if edition.language == "en" else pair[1]


def _sections(edition):
    return {key: Section.objects.get_or_create(edition=edition, name=_in_language(edition, names),
                                               defaults={"sort_order": position})[0]
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


def _author(editions, name, uk, role, columnist=False):
    """The author, with their name as each Ukrainian edition writes it."""
    bio = f"{role}; writes a column for Dateline." if columnist else f"{role} at Dateline."
    author = Author.objects.get_or_create(
        name=name, defaults={"role": role, "is_columnist": columnist, "bio": bio})[0]
    for edition in editions.values():
        if edition.language == "uk":
            AuthorName.objects.get_or_create(author=author, edition=edition,
                                             defaults={"name": uk})
    return author


def _picture(seed, picture):
    """A stand-in photo drawn locally: a gradient, a few shapes and what it shows."""
    existing = NewsImage.objects.filter(title=picture.en).first()
    if existing:
        return existing
    rng = random.Random(f"{seed}:{picture.en}")
    data = _draw(rng, picture)
    image = NewsImage(title=picture.en, caption=picture.en,
                      credit=f"Dateline / {rng.choice(words.PHOTOGRAPHERS)}",
                      width=IMAGE_SIZE[0], height=IMAGE_SIZE[1], file_size=len(data),
                      file_hash=hashlib.sha1(data, usedforsecurity=False).hexdigest())
    image.file = ImageFile(io.BytesIO(data), name=f"demo-{slugify(picture.en)}.jpg")
    image.save()
    return image


def _draw(rng, picture):
    width, height = IMAGE_SIZE
    canvas = Image.new("RGB", IMAGE_SIZE)
    draw = ImageDraw.Draw(canvas, "RGBA")
    top, bottom = _rgb(picture.top), _rgb(picture.bottom)
    for y in range(height):
        share = y / (height - 1)
        draw.line([(0, y), (width, y)],
                  fill=tuple(round(a + (b - a) * share) for a, b in zip(top, bottom, strict=True)))
    for _ in range(rng.randint(4, 9)):
        x, y, r = rng.randrange(width), rng.randrange(height), rng.randint(40, 260)
        shade = (255, 255, 255, rng.randint(20, 70)) if rng.random() < 0.5 else (0, 0, 0, 50)
        draw.ellipse([x - r, y - r, x + r, y + r], fill=shade)
    draw.rectangle([0, height - 110, width, height], fill=(0, 0, 0, 150))
    draw.text((40, height - 85), picture.en, fill="white", font=ImageFont.load_default(size=48))
    draw.text((40, 30), "DATELINE · DEMO", fill=(255, 255, 255, 200),
              font=ImageFont.load_default(size=28))
    buffer = io.BytesIO()
    canvas.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def _rgb(hex_colour):
    return tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
