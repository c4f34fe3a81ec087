"""The plan: every article the demo writes, decided in plain Python before anything is written.

``Planner`` decides when each article appears and in which edition (days back from ``now``,
busier by day than by night, fewer at weekends), whether a Global item translates a recent
main-edition story, what it links to ("Read also"), whether it gets an update note or a
correction, and which drafts, scheduled and expired items wait at the desk. What a story says
is drawn by the ``Storyteller`` (``stories``); ``phrases`` puts it into the edition's
language. Every draw comes from one ``random.Random(seed)``, in a fixed order: the same seed
and the same ``now`` give the same plan on the same database.
"""

import hashlib
import html
import random
import uuid
from collections import Counter, deque
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from datetime import time as clock
from itertools import accumulate

from django.db.models import Max
from django.utils.text import slugify

from dateline.newsroom.models import Article, ArticleUpdate

from . import phrases, words
from .stories import Story, Storyteller

UPDATE_RATE, CORRECTION_RATE = 0.05, 0.01
RELATED_RATE = 0.20
TRANSLATION_RATE = 0.30

# Articles per hour of the edition's day: a quiet night, a busy day from 07:00 to 22:00.
HOUR_WEIGHTS = [1.0, 0.6, 0.4, 0.3, 0.3, 0.5, 1.2, 3.0, 4.5, 5.0, 5.0, 5.0,
                5.0, 5.0, 5.0, 5.0, 5.0, 4.5, 4.5, 4.0, 3.5, 3.0, 2.0, 1.5]
WEEKEND_FACTOR = 0.8
DAILY_JITTER = 0.1

TRANSLATION_DELAY = (timedelta(minutes=10), timedelta(hours=12))  # after the source
RELATED_WINDOW = 200  # "read also" picks among this many earlier items of the edition

DRAFTS, SCHEDULED, EXPIRED = 10, 3, 1  # per edition


@dataclass
class Note:
    """An update note or a correction, added to a published item later."""

    kind: str
    at: datetime
    text: str


@dataclass
class Item:
    """One article to write, in one edition."""

    seq: int  # position in the plan; published items come first, oldest first
    edition: str
    story: Story
    headline: str
    slug: str
    lead: str
    body: list
    created_at: datetime
    published_at: datetime | None = None  # first publication
    edited_at: datetime | None = None  # last saved, for drafts and scheduled items
    go_live_at: datetime | None = None
    expire_at: datetime | None = None
    related: list = field(default_factory=list)  # seqs of earlier items
    note: Note | None = None

    @property
    def last_published_at(self):
        return self.note.at if self.note else self.published_at


def article_fields(newsroom, item):
    """The item as Article fields, with the newsroom's furniture: what the desk would have
    entered in the article's form (both writers start from these)."""
    story, edition = item.story, newsroom.editions[item.edition]
    image, picture = (None, None)
    if story.image is not None:
        topic, variant = story.image
        image, picture = newsroom.images[topic][variant]
    return {
        "edition": edition, "locale_id": edition.locale_id, "headline": item.headline,
        "slug": item.slug, "lead": item.lead, "body": item.body, "kind": story.kind,
        "section": newsroom.sections[item.edition][story.section], "main_image": image,
        "main_image_caption": getattr(picture, edition.language, ""),
        "main_image_credit": words.CREDITS[edition.language] if image else "",
        "translation_key": story.translation_key, "created_at": item.created_at,
        "first_published_at": item.published_at, "go_live_at": item.go_live_at,
        "expire_at": item.expire_at,
    }


class Planner:
    """Decides every article: when, in which edition and how it is filed; what it says, through
    its ``Storyteller``."""

    def __init__(self, seed, newsroom, now):
        self.rng, self.newsroom, self.now = random.Random(seed), newsroom, now
        # Translation keys are unique per locale, so a run on top of earlier articles draws
        # them from another sequence; on an empty database they follow the seed alone.
        existing = Article.objects.aggregate(top=Max("pk"))["top"] or 0
        self.stories = Storyteller(self.rng, random.Random(f"{seed}:{existing}"), newsroom)
        self.live_keys = random.Random(f"live:{seed}:{existing}")
        self.lang = {code: edition.language for code, edition in newsroom.editions.items()}
        self.slugs = {code: SlugBook(edition) for code, edition in newsroom.editions.items()}
        self.seq = 0
        self.stats = Counter()
        self.recent_main = deque(maxlen=100)  # (time, story): what Global may translate
        self.recent = {code: deque(maxlen=RELATED_WINDOW) for code in newsroom.editions}
        self._hour_weights = list(accumulate(HOUR_WEIGHTS))

    # -- when ------------------------------------------------------------------------------

    def schedule(self, per_day, days=30, total=None):
        """[(date, {edition: count})], oldest first: ``days`` days up to today, or as many
        days as ``total`` articles take (the oldest day then gets what is left over)."""
        if total and not any(per_day.values()):
            raise ValueError("Bulk generation needs a daily rate above zero.")
        today = self.now.astimezone(self.newsroom.editions["main"].tz).date()
        schedule, made = [], 0
        while (made < total) if total else (len(schedule) < days):
            day = today - timedelta(days=len(schedule))
            counts = {code: self._daily_count(n, day, today) for code, n in per_day.items()}
            schedule.append((day, counts))
            made += sum(counts.values())
        if total:
            _trim(schedule[-1][1], made - total)
        return schedule[::-1]

    def _daily_count(self, per_day, day, today):
        factor = WEEKEND_FACTOR if day.weekday() >= 5 else 1.0
        factor *= self.rng.uniform(1 - DAILY_JITTER, 1 + DAILY_JITTER)
        if day == today:
            factor *= self._share_of_day_gone()
        return round(per_day * factor)

    def _share_of_day_gone(self):
        local = self.now.astimezone(self.newsroom.editions["main"].tz)
        gone = sum(HOUR_WEIGHTS[:local.hour]) + HOUR_WEIGHTS[local.hour] * local.minute / 60
        return gone / sum(HOUR_WEIGHTS)

    def _times(self, day, count, tz):
        """``count`` publication times on ``day``, by the hourly profile, none after now."""
        times = []
        while len(times) < count:
            hour = self.rng.choices(range(24), cum_weights=self._hour_weights)[0]
            local = clock(hour, self.rng.randrange(60), self.rng.randrange(60))
            moment = datetime.combine(day, local, tzinfo=tz).astimezone(UTC)
            if moment <= self.now:
                times.append(moment)
        return sorted(times)

    # -- what ------------------------------------------------------------------------------

    def published(self, schedule):
        """The published items of the schedule, oldest first."""
        for day, counts in schedule:
            slots = sorted((moment, code) for code, count in counts.items()
                           for moment in self._times(day, count,
                                                     self.newsroom.editions[code].tz))
            for moment, code in slots:
                yield self._published(code, moment)

    def _published(self, code, moment):
        source = None
        if code == "global" and self.rng.random() < TRANSLATION_RATE:
            source = self._source_to_translate(moment)
        story = source or self.stories.story(moment, code)
        item = self._item(code, story, created_at=moment - self._minutes(4, 90),
                          published_at=moment)
        item.related = self._related(code, story.section)
        item.note = self._note(item)
        if code == "main":
            self.recent_main.append((moment, story))
        self.recent[code].append((item.seq, story.section))
        self.stats[f"published:{code}"] += 1
        self.stats["translations"] += source is not None
        if item.note:
            self.stats[item.note.kind] += 1
        return item

    def _source_to_translate(self, moment):
        earliest, latest = moment - TRANSLATION_DELAY[1], moment - TRANSLATION_DELAY[0]
        candidates = [story for at, story in self.recent_main
                      if earliest <= at <= latest and not story.translated
                      and self.stories.fits(story, moment, "global")]
        if not candidates:
            return None
        story = self.rng.choice(candidates)
        story.translated = True
        self.stories.tell(story, moment, "global")
        return story

    def _related(self, code, section):
        if self.rng.random() >= RELATED_RATE or not self.recent[code]:
            return []
        earlier = list(self.recent[code])
        choices = [seq for seq, sec in earlier if sec == section] or [seq for seq, _ in earlier]
        return self.rng.sample(choices, min(len(choices), self.rng.randint(1, 3)))

    def _note(self, item):
        roll = self.rng.random()
        if roll >= UPDATE_RATE + CORRECTION_RATE:
            return None
        kind, texts = ((ArticleUpdate.Kind.UPDATE, words.UPDATE_NOTES) if roll < UPDATE_RATE
                       else (ArticleUpdate.Kind.CORRECTION, words.CORRECTION_NOTES))
        at = item.published_at + self._minutes(10, 180)
        text = phrases.render(self.rng.choice(texts), item.story, self.lang[item.edition])
        return Note(kind, at, text) if at <= self.now else None

    def _item(self, code, story, **times):
        """The story in the edition's language."""
        lang = self.lang[code]
        headline = phrases.headline(story, lang)
        item = Item(seq=self.seq, edition=code, story=story, headline=headline,
                    slug=self.slugs[code].claim(headline),
                    lead=phrases.render(story.lead, story, lang),
                    body=self._blocks(story, lang), **times)
        self.seq += 1
        return item

    def _blocks(self, story, lang):
        """The StreamField value of the story's body."""
        blocks = []
        for block_type, content in story.body:
            if block_type == "paragraph":
                text = " ".join(phrases.render(pair, story, lang) for pair in content)
                value = f"<p>{html.escape(text, quote=False)}</p>"
            elif block_type == "subheading":
                value = phrases.render(content, story, lang)
            else:
                quote, speaker = content
                value = {"text": phrases.render(quote, story, lang),
                         "attribution": phrases.capfirst(getattr(speaker, lang))}
            blocks.append({"type": block_type, "value": value,
                           "id": str(uuid.UUID(int=self.rng.getrandbits(128), version=4))})
        return blocks

    # -- the desk: drafts, scheduled and expired items ---------------------------------------

    def desk_items(self):
        """Per edition: drafts in progress, items scheduled for the coming hours, one expired.

        Yields (state, item); state is "drafts", "scheduled" or "expired".
        """
        for code in self.newsroom.editions:
            for _ in range(DRAFTS):
                created = self.now - self._minutes(5, 36 * 60)
                yield self._desk_item("drafts", code, created_at=created,
                                      edited_at=min(self.now, created + self._minutes(1, 120)))
            for _ in range(SCHEDULED):
                go_live = self.now + self._minutes(40, 600)
                go_live -= timedelta(minutes=go_live.minute % 5)  # editors pick round times
                yield self._desk_item("scheduled", code, edited_at=self.now, go_live_at=go_live,
                                      created_at=self.now - self._minutes(30, 300))
            for _ in range(EXPIRED):
                published = self.now - self._minutes(2 * 24 * 60, 6 * 24 * 60)
                yield self._desk_item("expired", code, published_at=published,
                                      created_at=published - self._minutes(5, 60),
                                      expire_at=published + self._minutes(6 * 60, 24 * 60))

    def _desk_item(self, state, code, **times):
        self.stats[f"{state}:{code}"] += 1
        return state, self._item(code, self.stories.story(times["created_at"], code), **times)

    def _minutes(self, low, high):
        return timedelta(minutes=self.rng.randint(low, high))

    def summary(self, bulk):
        per_edition = {state: {code: self.stats[f"{state}:{code}"]
                               for code in self.newsroom.editions}
                       for state in ("published", "drafts", "scheduled", "expired")}
        return {"mode": "bulk" if bulk else "normal", **per_edition,
                "translations": self.stats["translations"],
                "update notes": self.stats[ArticleUpdate.Kind.UPDATE],
                "corrections": self.stats[ArticleUpdate.Kind.CORRECTION]}


class SlugBook:
    """Hands out slugs as ``Article._free_slug`` would ("base", "base-2", ...) without asking
    the database each time; keeps 8-byte digests rather than slugs, to stay small."""

    def __init__(self, edition):
        taken = Article.objects.filter(edition=edition).values_list("slug", flat=True)
        self.taken = {_digest(slug) for slug in taken.iterator(chunk_size=10_000)}
        self.last_number = {}  # digest of a base → the last number it was given

    def claim(self, headline):
        base = slugify(headline, allow_unicode=True)[:240] or "article"
        number = self.last_number.get(_digest(base), 1)
        slug = base if number == 1 else f"{base}-{number}"
        while _digest(slug) in self.taken:
            number += 1
            slug = f"{base}-{number}"
        self.taken.add(_digest(slug))
        self.last_number[_digest(base)] = number
        return slug


def _digest(text):
    return hashlib.blake2b(text.encode(), digest_size=8).digest()


def _trim(counts, excess):
    """Take ``excess`` articles off one day's {edition: count}, in proportion."""
    total = sum(counts.values())
    keep = total - excess
    for code in counts:
        counts[code] = counts[code] * keep // total
    counts[next(iter(counts))] += keep - sum(counts.values())
