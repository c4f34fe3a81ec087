"""The demo newsroom: two editions and a month of news, stored as Wagtail would have stored it.

``generate()`` first *plans* every article in plain Python from one seeded ``random.Random``
(so the same seed and the same ``now`` give the same newsroom on the same database) and then
*writes* the plan: one article at a time through Wagtail's revision and publishing machinery
(normal mode), or in batches straight into the tables for sizing tests (``articles=N``).

A story is planned once, in no particular language, and rendered in Ukrainian for the main
edition or in English for Dateline Global; a Global translation renders its source's story,
so the two say the same thing, and it shares the source's ``translation_key``.
"""

import hashlib
import html
import io
import random
import time
import uuid
from collections import Counter, deque
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from datetime import time as clock
from itertools import islice

from django.core.management.color import no_style
from django.db import connection, connections, models, transaction
from django.db.models import Max
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.text import slugify
from modelcluster.models import get_serializable_data_for_fields
import time_machine
from wagtail.models import ModelLogEntry, ReferenceIndex, Revision, WorkflowState
from wagtail.search import signal_handlers as search_signals
from wagtail.search.backends import get_search_backends
from wagtail.signal_handlers import disable_reference_index_auto_update

from dateline.newsroom import edits
from dateline.newsroom.actions import AddUpdateNoteAction, CreateArticleAction, UnpublishAction
from dateline.newsroom.models import (
    Article,
    ArticleAuthor,
    ArticleTag,
    ArticleUpdate,
    RelatedArticle,
)

from . import words
from .furnish import furnish

Kind = Article.Kind
ArticleLabel = Article.labels.through

# What share of the output is which kind, how long its body runs (in blocks) and where its
# headlines and (when the headline has none) its leads come from.
KIND_WEIGHTS = {Kind.NEWS: 72, Kind.ANALYSIS: 9, Kind.OPINION: 7, Kind.INTERVIEW: 5,
                Kind.REVIEW: 4, Kind.ARTICLE: 3}
BODY_BLOCKS = {Kind.NEWS: (3, 5), Kind.ANALYSIS: (5, 8), Kind.OPINION: (3, 7),
               Kind.INTERVIEW: (4, 8), Kind.REVIEW: (5, 8), Kind.ARTICLE: (5, 8)}
TEMPLATES = {Kind.NEWS: words.NEWS, Kind.ANALYSIS: words.ANALYSIS, Kind.OPINION: words.OPINIONS,
             Kind.INTERVIEW: words.INTERVIEWS, Kind.REVIEW: words.REVIEWS,
             Kind.ARTICLE: words.FEATURES}
LEADS = {Kind.INTERVIEW: words.INTERVIEW_LEADS, Kind.OPINION: words.OPINION_LEADS,
         Kind.REVIEW: words.REVIEW_LEADS}
# The Opinion, Review and Interview labels go with their kind; these come on top, by kind,
# for about 12 % exclusives and 3 % breaking news overall.
EXCLUSIVE_RATE = {Kind.NEWS: 0.10, Kind.ANALYSIS: 0.25, Kind.INTERVIEW: 0.6}
BREAKING_RATE = {Kind.NEWS: 0.04}
UPDATE_RATE, CORRECTION_RATE = 0.05, 0.01
RELATED_RATE = 0.20
TRANSLATION_RATE = 0.30
IMAGE_RATE = 0.70
SECOND_AUTHOR_RATE = 0.20
TAG_COUNT_WEIGHTS = {1: 25, 2: 35, 3: 25, 4: 15}
ZIPF_EXPONENT = 1.07
# How an opinion headline names its columnist: "…. Column by X", "X: …", or not at all.
BYLINE_WEIGHTS = {"column by": 45, "name first": 20, "none": 35}

# Articles per hour of the edition's day: a quiet night, a busy day from 07:00 to 22:00.
HOUR_WEIGHTS = [1.0, 0.6, 0.4, 0.3, 0.3, 0.5, 1.2, 3.0, 4.5, 5.0, 5.0, 5.0,
                5.0, 5.0, 5.0, 5.0, 5.0, 4.5, 4.5, 4.0, 3.5, 3.0, 2.0, 1.5]
WEEKEND_FACTOR = 0.8
DAILY_JITTER = 0.1

TRANSLATION_DELAY = (timedelta(minutes=10), timedelta(hours=12))  # after the source
RELATED_WINDOW = 200  # "read also" picks among this many earlier items of the edition

DRAFTS, SCHEDULED, EXPIRED = 10, 3, 1  # per edition
BATCH_SIZE = 5000


def generate(seed=1, days=30, per_day_main=40, per_day_global=20, now=None, articles=None,
             stdout=None):
    """Build the demo newsroom; return a summary of what was made.

    Normal mode publishes ``days`` days of news up to ``now`` through Wagtail. ``articles=N``
    (bulk mode) writes N published articles instead, over as many days as the daily rates
    need, straight into the tables: with revisions, without search index and history log.
    Both modes add a few drafts, scheduled items and an expired item per edition.
    """
    now = now or timezone.now().replace(second=0, microsecond=0)
    out = stdout or io.StringIO()
    newsroom = furnish(seed)
    planner = Planner(seed, newsroom, now)
    schedule = planner.schedule({"main": per_day_main, "global": per_day_global},
                                days=days, total=articles)
    if articles:
        BulkWriter(newsroom, out).write(planner.published(schedule), total=articles)
        with transaction.atomic():
            _write_desk(planner)
    else:
        with _indexing_deferred(), transaction.atomic():
            _write_one_by_one(planner, schedule, out)
            _write_desk(planner)
        _index(out)
    return planner.summary(bulk=bool(articles))


def flush_articles():
    """Delete every article and what hangs off it: revisions, history, links, index entries.

    Rows go in bulk, without Django's collector, which would load and signal each of a
    million rows; what signals would have cleaned up is deleted explicitly.
    """
    content_type = Article.get_content_type()
    with transaction.atomic():
        WorkflowState.objects.filter(base_content_type=content_type).delete()
        ModelLogEntry.objects.filter(content_type=content_type).delete()
        ReferenceIndex.objects.filter(base_content_type=content_type).delete()
        ReferenceIndex.objects.filter(to_content_type=content_type).delete()
        _let_go_of_articles()
        _delete_rows(Article.objects.all())
        _delete_rows(Revision.objects.filter(base_content_type=content_type))
        for backend in get_search_backends():
            # The database search backends (the project's) drop entries of deleted objects.
            backend.get_index_for_model(Article).delete_stale_model_entries(Article)


def _let_go_of_articles():
    """Whatever points at an article (links, front page slots, ...) goes, or forgets it."""
    for relation in Article._meta.get_fields(include_hidden=True):
        if relation.concrete or not relation.auto_created or relation.many_to_many:
            continue  # fields of the article's own, not foreign keys pointing at it
        pointing = relation.related_model._base_manager.filter(
            **{f"{relation.field.name}__isnull": False})
        if relation.on_delete is models.SET_NULL:
            pointing.update(**{relation.field.name: None})
        else:
            _delete_rows(pointing)


def _delete_rows(queryset):
    # One DELETE statement: no collector, no signals (see flush_articles).
    queryset._raw_delete(queryset.db)


# -- planning -----------------------------------------------------------------------------

@dataclass
class Story:
    """What an article says, in no particular language."""

    kind: str
    template: dict
    slots: dict  # slot name → entity from words, or a number
    section: str  # key in words.SECTIONS
    labels: list  # keys in words.LABELS
    authors: list
    tags: list  # indices into words.TAGS
    image: int | None  # index into Newsroom.images
    body: list  # [(block type, content)], see Planner.body
    lead: tuple  # (en, uk)
    byline: str  # key in BYLINE_WEIGHTS
    columnist: words.Columnist | None
    translation_key: uuid.UUID
    translated: bool = False
    _forms: dict = field(default_factory=dict)

    def forms(self, lang):
        if lang not in self._forms:
            self._forms[lang] = SlotForms(self.slots, lang)
        return self._forms[lang]


class SlotForms(dict):
    """{"place": "Харків", "place_loc": "у Харкові", "drones": "87 дронів", ...}: the slots
    as one language's templates name them; a template uses few, so each is made when asked."""

    def __init__(self, slots, lang):
        super().__init__()
        self.slots, self.lang = slots, lang

    def __missing__(self, key):
        name, form = (key, None) if key in self.slots else key.rsplit("_", 1)
        self[key] = _slot_form(name, self.slots[name], form, self.lang)
        return self[key]


@dataclass
class Note:
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


class Planner:
    """Decides every article: when, in which edition, what it says and how it is filed."""

    def __init__(self, seed, newsroom, now):
        self.rng, self.newsroom, self.now = random.Random(seed), newsroom, now
        # Translation keys are unique per locale, so a run on top of earlier articles draws
        # them from another sequence; on an empty database they follow the seed alone.
        existing = Article.objects.aggregate(top=Max("pk"))["top"] or 0
        self.key_rng = random.Random(f"{seed}:{existing}")
        self.lang = {code: edition.language for code, edition in newsroom.editions.items()}
        self.slugs = {code: SlugBook(edition) for code, edition in newsroom.editions.items()}
        self.seq = 0
        self.stats = Counter()
        self.recent_main = deque(maxlen=100)  # (time, story): what Global may translate
        self.recent = {code: deque(maxlen=RELATED_WINDOW) for code in newsroom.editions}
        self._hour_weights = _cumulative(HOUR_WEIGHTS)
        self._tag_weights = _cumulative(1 / (rank + 1) ** ZIPF_EXPONENT
                                        for rank in range(len(words.TAGS)))
        self._staff_weights = _cumulative(1 / (rank + 1) ** 0.5
                                          for rank in range(len(newsroom.staff)))
        self._tag_index = {en: i for i, (en, _uk) in enumerate(words.TAGS)}
        self._templates = {}  # (kind, month, hour) → (fitting templates, cumulative weights)
        # The templates used last, by headline: a redraw avoids back-to-back repeats. A long
        # memory would push the draw towards the rare templates.
        self.recent_templates = deque(maxlen=8)

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
        story = source or self.story(moment)
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
                      if earliest <= at <= latest and not story.translated]
        if not candidates:
            return None
        story = self.rng.choice(candidates)
        story.translated = True
        return story

    def story(self, moment):
        rng = self.rng
        kind = rng.choices(list(KIND_WEIGHTS), list(KIND_WEIGHTS.values()))[0]
        template = self._template(kind, moment)
        columnist = self._columnist(template) if kind in (Kind.OPINION, Kind.REVIEW) else None
        slots = self._slots(template["section"])
        return Story(
            kind=kind, template=template, slots=slots,
            section="opinion" if kind == Kind.OPINION else template["section"],
            labels=self._labels(kind),
            authors=[columnist[1]] if columnist else self._staff(),
            tags=self._tags(template, slots),
            image=rng.randrange(len(self.newsroom.images)) if rng.random() < IMAGE_RATE else None,
            body=self.body(kind, template["section"], slots),
            lead=template["lead"] or rng.choice(LEADS[kind]),
            byline=rng.choices(list(BYLINE_WEIGHTS), list(BYLINE_WEIGHTS.values()))[0],
            columnist=columnist[0] if columnist else None,
            translation_key=uuid.UUID(int=self.key_rng.getrandbits(128), version=4),
        )

    def _template(self, kind, moment):
        """A template in season and at its time of day, preferably not one used lately."""
        local = moment.astimezone(self.newsroom.editions["main"].tz)
        key = (kind, local.month, local.hour)
        if key not in self._templates:
            fitting = [t for t in TEMPLATES[kind] if (not t["months"] or local.month in t["months"])
                       and (not t["hours"] or local.hour in t["hours"])]
            self._templates[key] = fitting, _cumulative(t["weight"] for t in fitting)
        templates, weights = self._templates[key]
        for _ in range(3):
            template = self.rng.choices(templates, cum_weights=weights)[0]
            if template["en"] not in self.recent_templates:
                break
        self.recent_templates.append(template["en"])
        return template

    def _slots(self, section):
        """A value for every slot any template of ``section`` might name."""
        rng = self.rng
        place, place2 = rng.sample(words.PLACES, 2)
        role, surname = rng.choice(words.EXPERT_ROLES[section]), rng.choice(words.SURNAMES)
        slots = {
            "place": place, "place2": place2, "region": rng.choice(words.REGIONS),
            "front": rng.choice(words.FRONTS), "country": rng.choice(words.COUNTRIES),
            "ru_region": rng.choice(words.RU_REGIONS),
            "source": rng.choice(words.SOURCES[section]),
            "expert": words.Named(f"{role[0]} {surname[0]}", f"{role[1]} {surname[1]}"),
            "law": rng.choice(words.LAWS), "area": rng.choice(words.AREAS),
            "purpose": rng.choice(words.PURPOSES), "official": rng.choice(words.OFFICIALS),
            "weekday": rng.choice(words.WEEKDAYS), "quarter": rng.choice(words.QUARTERS),
            "film": rng.choice(words.FILMS), "festival": rng.choice(words.FESTIVALS),
            "band": rng.choice(words.BANDS), "sport": rng.choice(words.SPORTS),
        }
        for name, noun in words.COUNTED.items():
            slots[name] = rng.randint(noun.lo, noun.hi)
        for name, (low, high, step) in words.NUMBERS.items():
            slots[name] = round(low + step * rng.randint(0, round((high - low) / step)), 2)
        for name, (low, high) in words.ORDINALS.items():
            slots[name] = rng.randint(low, high)
        return slots

    def _columnist(self, template):
        on_beat = [c for c in self.newsroom.columnists if c[0].beat == template["section"]]
        return self.rng.choice(on_beat or self.newsroom.columnists)

    def _labels(self, kind):
        labels = [key for key in ("opinion", "review", "interview") if key == kind]
        if self.rng.random() < EXCLUSIVE_RATE.get(kind, 0):
            labels.append("exclusive")
        if self.rng.random() < BREAKING_RATE.get(kind, 0):
            labels.append("breaking")
        return labels

    def _staff(self):
        count = 2 if self.rng.random() < SECOND_AUTHOR_RATE else 1
        authors = []
        while len(authors) < count:
            author = self.rng.choices(self.newsroom.staff, cum_weights=self._staff_weights)[0]
            if author not in authors:
                authors.append(author)
        return authors

    def _tags(self, template, slots):
        """The template's own tags and the places it names first, then the long tail."""
        count = self.rng.choices(list(TAG_COUNT_WEIGHTS), list(TAG_COUNT_WEIGHTS.values()))[0]
        named = [getattr(slots[slot], "town", None) or slots[slot].en
                 for slot in ("place", "place2", "region", "country", "front")
                 if slot in template["slots"]]
        tags = list(dict.fromkeys(self._tag_index[name] for name in template["tags"] + named
                                  if name in self._tag_index))[:count]
        while len(tags) < count:
            tag = self.rng.choices(range(len(words.TAGS)), cum_weights=self._tag_weights)[0]
            if tag not in tags:
                tags.append(tag)
        return tags

    def body(self, kind, section, slots):
        """[(block type, content)]: paragraphs of sentence pairs, subheadings and quotes.

        No sentence comes twice in one article, so a long body on a small pool ends early.
        """
        rng = self.rng
        if kind == Kind.OPINION:
            pool = words.SENTENCES["opinion"] + words.SENTENCES[section]
        else:
            pool = words.SENTENCES[section] + words.GENERAL_SENTENCES
        sentences = rng.sample(pool, len(pool))
        subheadings = rng.sample(words.SUBHEADINGS, 3)
        quote_rate = 0.45 if kind == Kind.INTERVIEW else 0.15
        speaker = slots["expert"] if kind == Kind.INTERVIEW else slots["source"]
        blocks = [("paragraph", self._take(sentences))]
        for _ in range(rng.randint(*BODY_BLOCKS[kind]) - 1):
            roll = rng.random()
            if roll < quote_rate:
                blocks.append(("quote", (rng.choice(words.QUOTES), speaker)))
            elif roll < quote_rate + 0.2 and blocks[-1][0] != "subheading" and subheadings:
                blocks.append(("subheading", subheadings.pop()))
            elif len(sentences) >= 2:
                blocks.append(("paragraph", self._take(sentences)))
        if blocks[-1][0] == "subheading":
            blocks.pop()
        return blocks

    def _take(self, sentences):
        count = min(len(sentences), self.rng.randint(2, 3))
        taken, sentences[:count] = sentences[:count], []
        return taken

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
        text = _render(self.rng.choice(texts), item.story, self.lang[item.edition])
        return Note(kind, at, text) if at <= self.now else None

    def _item(self, code, story, **times):
        """The story in the edition's language."""
        lang = self.lang[code]
        headline = _headline(story, lang)
        item = Item(seq=self.seq, edition=code, story=story, headline=headline,
                    slug=self.slugs[code].claim(headline), lead=_render(story.lead, story, lang),
                    body=self._blocks(story, lang), **times)
        self.seq += 1
        return item

    def _blocks(self, story, lang):
        """The StreamField value of the story's body."""
        blocks = []
        for block_type, content in story.body:
            if block_type == "paragraph":
                text = " ".join(_render(pair, story, lang) for pair in content)
                value = f"<p>{html.escape(text, quote=False)}</p>"
            elif block_type == "subheading":
                value = _render(content, story, lang)
            else:
                quote, speaker = content
                value = {"text": _render(quote, story, lang),
                         "attribution": _capfirst(getattr(speaker, lang))}
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
        return state, self._item(code, self.story(times["created_at"]), **times)

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


def _cumulative(weights):
    total, result = 0, []
    for weight in weights:
        total += weight
        result.append(total)
    return result


def _trim(counts, excess):
    """Take ``excess`` articles off one day's {edition: count}, in proportion."""
    total = sum(counts.values())
    keep = total - excess
    for code in counts:
        counts[code] = counts[code] * keep // total
    counts[next(iter(counts))] += keep - sum(counts.values())


# -- rendering words in one language ------------------------------------------------------

def _headline(story, lang):
    headline = _render((story.template["en"], story.template["uk"]), story, lang)
    columnist = story.columnist
    if story.kind == Kind.OPINION:
        return _column_headline(headline, story, lang)
    if story.kind == Kind.REVIEW and lang == "en":
        return f"{headline}. {_possessive(columnist.name)} review"
    if story.kind == Kind.REVIEW:
        return f"{headline}. Огляд {columnist.uk_gen}"
    return headline


def _column_headline(thesis, story, lang):
    columnist, en = story.columnist, lang == "en"
    if story.byline == "column by":
        stop = "" if thesis.endswith("?") else "."
        return (f"{thesis}{stop} Column by {columnist.name}" if en
                else f"{thesis}{stop} Колонка {columnist.uk_gen}")
    if story.byline == "name first" and ":" not in thesis:
        return f"{columnist.name if en else columnist.uk}: {thesis}"
    return thesis


def _possessive(name):
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def _render(pair, story, lang):
    text = pair[0] if lang == "en" else pair[1]
    return _capfirst(text.format_map(story.forms(lang)))


def _capfirst(text):
    return text[:1].upper() + text[1:]


def _slot_form(name, value, form, lang):
    """One slot in one language: ``form`` None is the plain form (the nominative), else a
    case ("loc") or, in English, "ref"."""
    if name in words.COUNTED:
        return _counted(words.COUNTED[name], value, lang)
    if name in words.NUMBERS:
        return _number(value, words.NUMBERS[name][2], lang)
    if name in words.ORDINALS:
        return _ordinal(value, lang)
    return getattr(value, f"{lang}_{form}" if form else lang)


def _counted(noun, n, lang):
    """"87 drones"; in Ukrainian the noun's form follows the number's last digits."""
    number = _number(n, 1, lang)
    if lang == "en":
        return f"{number} {noun.en_one if n == 1 else noun.en_many}"
    if n % 10 == 1 and n % 100 != 11:
        return f"{number} {noun.uk_one}"
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return f"{number} {noun.uk_few}"
    return f"{number} {noun.uk_many}"


def _number(value, step, lang):
    """1,140.5 in English, 1 140,5 in Ukrainian; as many decimals as the step has."""
    decimals = 0 if step >= 1 else len(f"{step:g}".split(".")[1])
    if decimals == 1 and value == int(value):
        decimals = 0  # "14%", not "14.0%"
    text = f"{value:,.{decimals}f}"
    return text if lang == "en" else text.replace(",", "\u00a0").replace(".", ",")


def _ordinal(n, lang):
    if lang != "en":
        return f"{n}-й"
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# -- writing, normal mode: through the editorial actions ---------------------------------

def _write_one_by_one(planner, schedule, out):
    ids = {}  # item seq → article pk, for "read also" links
    started = time.monotonic()
    for item in planner.published(schedule):
        ids[item.seq] = _publish(planner.newsroom, item, ids).pk
        if len(ids) % 500 == 0:
            out.write(f"  {len(ids):,} articles ({time.monotonic() - started:.0f} s)\n")


@contextmanager
def _at(moment):
    """The clock stands at ``moment`` inside the block: the actions stamp revisions,
    history and publication as if an editor had acted then (to the microsecond, so the
    same plan makes the same newsroom)."""
    with time_machine.travel(moment, tick=False):
        yield


def _publish(newsroom, item, ids):
    """Create and publish the article at its time, as the desk's "Publish" does; then its
    update note or correction at the note's time."""
    with _at(item.published_at):
        article = CreateArticleAction(newsroom.editions[item.edition],
                                      _changes(newsroom, item, ids), publish=True).execute()
    if item.note:
        with _at(item.note.at):
            AddUpdateNoteAction(article, text=item.note.text, kind=item.note.kind).execute()
    return article


def _save_draft(newsroom, item):
    with _at(item.edited_at):
        CreateArticleAction(newsroom.editions[item.edition], _changes(newsroom, item, {})).execute()


def _schedule(newsroom, item):
    """Publishing an article whose go-live time is ahead schedules it."""
    with _at(item.edited_at):
        CreateArticleAction(newsroom.editions[item.edition], _changes(newsroom, item, {}),
                            publish=True).execute()


def _expire(article, expire_at):
    """Unpublish the way the worker does once an article's expiry time has passed."""
    with _at(expire_at):
        UnpublishAction(article, kind="expire", log_action="wagtail.unpublish.scheduled").execute()


def _write_desk(planner):
    for state, item in planner.desk_items():
        if state == "expired":
            _expire(_publish(planner.newsroom, item, {}), item.expire_at)
        elif state == "scheduled":
            _schedule(planner.newsroom, item)
        else:
            _save_draft(planner.newsroom, item)


def _changes(newsroom, item, ids):
    """The item as the desk would have entered it: fields, byline, tags, labels, "Read also"."""
    story, code = item.story, item.edition
    fields = _article_fields(newsroom, item)
    fields["related_links"] = [RelatedArticle(related_id=ids[seq], sort_order=position)
                               for position, seq in enumerate(item.related)]
    return edits.Changes(fields=fields, section=fields.pop("section"),
                         authors=list(story.authors),
                         tags=[newsroom.tags[code][tag] for tag in story.tags],
                         labels=[newsroom.labels[code][key] for key in story.labels])


def _article_fields(newsroom, item):
    story, edition = item.story, newsroom.editions[item.edition]
    image, picture = newsroom.images[story.image] if story.image is not None else (None, None)
    return {
        "edition": edition, "locale_id": edition.locale_id, "headline": item.headline,
        "slug": item.slug, "lead": item.lead, "body": item.body, "kind": story.kind,
        "section": newsroom.sections[item.edition][story.section], "main_image": image,
        "main_image_caption": getattr(picture, edition.language, ""),
        "main_image_credit": image.credit if image else "",
        "translation_key": story.translation_key, "created_at": item.created_at,
        "first_published_at": item.published_at, "go_live_at": item.go_live_at,
        "expire_at": item.expire_at,
    }


@contextmanager
def _indexing_deferred():
    """Wagtail updates the search and reference indexes on every save, and an article is
    saved several times on its way to publication (its links too): index once, at the end."""
    disconnected = post_save.disconnect(search_signals.post_save_signal_handler, sender=Article)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        if disconnected:
            post_save.connect(search_signals.post_save_signal_handler, sender=Article)


def _index(out):
    started = time.monotonic()
    articles = Article.objects.all()
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(Article, articles)
    with transaction.atomic():
        for article in articles.prefetch_related("author_links", "tag_links", "related_links",
                                                 "updates", "labels"):
            ReferenceIndex.create_or_update_for_object(article)
    out.write(f"  search and reference indexes ({time.monotonic() - started:.0f} s)\n")


# -- writing, bulk mode: straight into the tables -----------------------------------------

class BulkWriter:
    """Writes published items in batches, each article as Wagtail would have left it after
    publishing: live, with its links and one revision holding what was published.

    Primary keys are handed out before inserting (see Keys), so that a batch is written
    without reading anything back.
    """

    MODELS = [Revision, Article, ArticleAuthor, ArticleTag, RelatedArticle, ArticleUpdate,
              ArticleLabel]  # in this order: articles point at their revisions

    def __init__(self, newsroom, out):
        self.newsroom, self.out = newsroom, out
        self.keys = Keys(self.MODELS)
        self.first_article = self.keys.next[Article]  # an item's article is first + its seq
        self.content_type = Article.get_content_type()

    def write(self, items, total):
        started, done = time.monotonic(), 0
        for batch in _batches(items, BATCH_SIZE):
            self._insert(batch)
            done += len(batch)
            self.out.write(_progress(done, total, started))
        _reset_sequences(self.MODELS)
        _analyze(self.MODELS)

    def _insert(self, items):
        rows = {model: [] for model in self.MODELS}
        for item in items:
            self._add_rows(rows, item)
        with transaction.atomic():
            for model in self.MODELS:
                _insert_rows(model, rows[model])

    def _add_rows(self, rows, item):
        article = Article(id=self._article_id(item.seq), live=False,
                          updated_at=item.note.at if item.note else None,
                          **_article_fields(self.newsroom, item))
        links = self._links(item, article.pk)
        revision = Revision(id=self.keys.take(Revision), content_type=self.content_type,
                            base_content_type=self.content_type, object_id=str(article.pk),
                            created_at=item.last_published_at, object_str=item.headline,
                            content=_revision_content(article, links))
        # The revision holds the article as saved before publishing, as in normal mode.
        article.live, article.last_published_at = True, item.last_published_at
        article.live_revision_id = article.latest_revision_id = revision.pk
        rows[Revision].append(revision)
        rows[Article].append(article)
        for model, objects in links.items():
            rows[model] += objects

    def _article_id(self, seq):
        return self.first_article + seq

    def _links(self, item, article_id):
        story, code, published = item.story, item.edition, item.published_at
        take, newsroom = self.keys.take, self.newsroom
        # serializable_data() lists labels in their model's order, by name.
        labels = sorted((newsroom.labels[code][key] for key in story.labels), key=str)
        notes = [item.note] if item.note else []
        return {
            ArticleAuthor: [ArticleAuthor(id=take(ArticleAuthor), article_id=article_id,
                                          author=author, sort_order=position,
                                          published_at=published)
                            for position, author in enumerate(story.authors)],
            ArticleTag: [ArticleTag(id=take(ArticleTag), article_id=article_id,
                                    tag=newsroom.tags[code][tag], published_at=published)
                         for tag in story.tags],
            RelatedArticle: [RelatedArticle(id=take(RelatedArticle), article_id=article_id,
                                            related_id=self._article_id(seq),
                                            sort_order=position)
                             for position, seq in enumerate(item.related)],
            ArticleUpdate: [ArticleUpdate(id=take(ArticleUpdate), article_id=article_id,
                                          kind=note.kind, noted_at=note.at, text=note.text)
                            for note in notes],
            ArticleLabel: [ArticleLabel(id=take(ArticleLabel), article_id=article_id,
                                        label=label) for label in labels],
        }


def _revision_content(article, links):
    """What ``article.serializable_data()`` gives, built from rows instead of a cluster."""
    content = get_serializable_data_for_fields(article)
    for name, model in (("author_links", ArticleAuthor), ("tag_links", ArticleTag),
                        ("related_links", RelatedArticle), ("updates", ArticleUpdate)):
        content[name] = [get_serializable_data_for_fields(link) for link in links[model]]
    content["labels"] = [link.label_id for link in links[ArticleLabel]]
    return content


class Keys:
    """Primary keys handed out before inserting: an article's revision and links know their
    ids when they are built, and nothing is read back.

    Safe while nothing else writes these tables, which holds for a set-up tool; the
    database's sequences are moved past the keys used afterwards (``_reset_sequences``).
    """

    def __init__(self, models):
        self.next = {model: (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
                     for model in models}

    def take(self, model):
        key = self.next[model]
        self.next[model] += 1
        return key


def _insert_rows(model, objects):
    if connection.vendor == "postgresql":
        _copy_rows(model, objects)
    else:
        model.objects.bulk_create(objects, batch_size=500)


def _copy_rows(model, objects):
    """COPY the rows in. On PostgreSQL bulk_create sends each column as one array literal,
    which psycopg escapes character by character in Python; with JSON full of escaped
    Cyrillic, that made inserting ten times slower than building the rows."""
    fields, db = model._meta.concrete_fields, connections[model.objects.db]
    quote = db.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    with db.cursor() as cursor, cursor.cursor.copy(
            f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN") as copy:
        for obj in objects:
            copy.write_row([f.get_db_prep_save(f.pre_save(obj, True), db) for f in fields])


def _reset_sequences(models):
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)


def _batches(iterable, size):
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


def _analyze(models):
    """Fresh planner statistics: before the next autovacuum, PostgreSQL would plan queries on
    the grown tables as if they were still small (the home page took seconds, not ms)."""
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _progress(done, total, started):
    elapsed = time.monotonic() - started
    return f"  {done:>11,} / {total:,} articles  {elapsed:7.1f} s  ({done / elapsed:,.0f}/s)\n"
