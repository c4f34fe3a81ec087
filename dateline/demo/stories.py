"""What an article says, drawn in no particular language: its kind, headline template and
the values the template names, section, labels, byline, tags, picture and body.

The draws come from the planner's own random sequence, in the planner's order, so the same
seed still gives the same stories; rendering them in a language is ``phrases``' job.

A newsroom does not tell one story twice: an edition tells each template at most once a day
(``Storyteller.fits``), and a headline it has run in the last ``HEADLINE_MEMORY`` days is
not drawn again while another can be (no "-2" slugs). What a story is tagged with and
illustrated by comes from its template: its own tags, the places it names and its section's;
a picture of its topic (``pictures.TOPICS``).
"""

import uuid
from collections import Counter, deque
from dataclasses import dataclass, field
from datetime import timedelta
from itertools import accumulate

from dateline.newsroom.models import Article, Author

from . import words
from .phrases import SlotForms, headline
from .pictures import VARIANTS

Kind = Article.Kind

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
IMAGE_RATE = 0.70
SECOND_AUTHOR_RATE = 0.20
TAG_COUNT_WEIGHTS = {1: 15, 2: 35, 3: 30, 4: 20}
HEADLINE_MEMORY = timedelta(days=30)
DRAWS = 24  # tries at a story the edition has not told yet, before telling one again
KIND_PATIENCE = 4  # tries at one kind before drawing another
# How an opinion headline names its columnist: "…. Column by X", "X: …", or not at all.
BYLINE_WEIGHTS = {"column by": 45, "name first": 20, "none": 35}


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
    image: tuple | None  # (topic, variant): a key of Newsroom.images and an index into it
    body: list  # [(block type, content)], see Storyteller.body
    lead: tuple  # (en, uk)
    byline: str  # key in BYLINE_WEIGHTS
    columnist: words.Columnist | None
    translation_key: uuid.UUID | None
    translated: bool = False
    columnist_author: Author | None = None
    _forms: dict = field(default_factory=dict)

    def forms(self, lang):
        if lang not in self._forms:
            self._forms[lang] = SlotForms(self.slots, lang)
        return self._forms[lang]


class Storyteller:
    """Decides what articles say. Shares the planner's ``rng`` (one sequence of draws for the
    whole plan); translation keys come from ``key_rng``, a sequence of their own."""

    def __init__(self, rng, key_rng, newsroom):
        self.rng, self.key_rng, self.newsroom = rng, key_rng, newsroom
        self._staff_weights = list(accumulate(1 / (rank + 1) ** 0.5
                                              for rank in range(len(newsroom.staff))))
        self._tag_index = {en: i for i, (en, _uk) in enumerate(words.TAGS)}
        self._templates = {}  # (kind, month, hour) → templates in season and at that hour
        self._told = {code: Told() for code in newsroom.editions}
        self._next_variant = Counter()  # (edition, topic) → draws: variants take turns

    def story(self, moment, code):
        """A new story for edition ``code``, as its desk would commission it at ``moment``
        (which picks the templates in season and at their time of day): not one the edition
        told today or ran the headline of lately, while there is another to tell."""
        rng, told, day = self.rng, self._told[code], self._day(moment, code)
        kind, today = self._kind(), told.templates_on(day)
        avoid = set(today)
        for draw in range(DRAWS):
            if draw % KIND_PATIENCE == KIND_PATIENCE - 1:
                kind = self._kind()  # a kind with nothing new left gives way
            template = self._template(kind, moment, avoid)
            if template is None:  # every fitting template of the kind is told today
                kind = self._kind()
                continue
            story = self._draft(kind, template)
            if headline(story, "en") not in told.headlines:
                break
            avoid.add(template["en"])
        else:
            # Nothing new to tell: news not told today, even under a headline run before.
            kind = Kind.NEWS
            template = (self._template(kind, moment, today)
                        or self._template(kind, moment, set()))
            story = self._draft(kind, template)
        slots = story.slots
        story.labels = self._labels(kind)
        story.authors = [story.columnist_author] if story.columnist else self._staff(
            story.section)
        story.tags = self._tags(template, slots)
        story.image = self._image(code, template) if rng.random() < IMAGE_RATE else None
        story.body = self.body(kind, template["section"], slots)
        story.lead = template["lead"] or rng.choice(LEADS[kind])
        story.translation_key = uuid.UUID(int=self.key_rng.getrandbits(128), version=4)
        self.tell(story, moment, code)
        return story

    def fits(self, story, moment, code):
        """Whether edition ``code`` may still tell ``story`` at ``moment`` (a translation of
        another edition's story): not a template it told that day, nor a headline it ran."""
        told = self._told[code]
        return (story.template["en"] not in told.templates_on(self._day(moment, code))
                and headline(story, "en") not in told.headlines)

    def tell(self, story, moment, code):
        """Edition ``code`` tells ``story`` at ``moment``: remembered for ``fits``."""
        self._told[code].add(self._day(moment, code), story.template["en"],
                             headline(story, "en"))

    def _day(self, moment, code):
        return moment.astimezone(self.newsroom.editions[code].tz).date()

    def _kind(self):
        return self.rng.choices(list(KIND_WEIGHTS), list(KIND_WEIGHTS.values()))[0]

    def _draft(self, kind, template):
        """What names the story in its headline: template, slots, columnist and byline; the
        rest comes once the headline is one to tell."""
        columnist = self._columnist(template) if kind in (Kind.OPINION, Kind.REVIEW) else None
        story = Story(
            kind=kind, template=template, slots=self._slots(template["section"]),
            section="opinion" if kind == Kind.OPINION else template["section"],
            labels=[], authors=[], tags=[], image=None, body=[], lead=None,
            byline=self.rng.choices(list(BYLINE_WEIGHTS), list(BYLINE_WEIGHTS.values()))[0],
            columnist=columnist[0] if columnist else None, translation_key=None,
            columnist_author=columnist[1] if columnist else None)
        return story

    def _template(self, kind, moment, avoid):
        """A template in season and at its time of day, not one in ``avoid``; None if every
        fitting one is."""
        local = moment.astimezone(self.newsroom.editions["main"].tz)
        key = (kind, local.month, local.hour)
        if key not in self._templates:
            self._templates[key] = [
                t for t in TEMPLATES[kind] if (not t["months"] or local.month in t["months"])
                and (not t["hours"] or local.hour in t["hours"])]
        templates = [t for t in self._templates[key] if t["en"] not in avoid]
        if not templates:
            return None
        return self.rng.choices(templates, [t["weight"] for t in templates])[0]

    def _image(self, code, template):
        """The template's picture topic; its variants take turns within the edition, so
        stories of one topic side by side show different pictures."""
        topic = template["picture"]
        turn = self._next_variant[code, topic]
        self._next_variant[code, topic] += 1
        return topic, turn % VARIANTS

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

    def _staff(self, section):
        """One or two staff writers whose beat the section is (or who cover any)."""
        count = 2 if self.rng.random() < SECOND_AUTHOR_RATE else 1
        on_beat = [(author, weight) for author, weight in
                   zip(self.newsroom.staff, self._staff_weights, strict=True)
                   if section in words.STAFF_BEATS.get(author.name, (section,))]
        cumulative = list(accumulate(weight for _author, weight in on_beat))
        authors = []
        while len(authors) < min(count, len(on_beat)):
            author = self.rng.choices(on_beat, cum_weights=cumulative)[0][0]
            if author not in authors:
                authors.append(author)
        return authors

    def _tags(self, template, slots):
        """What the story is about: the template's own tags, the places it names, then its
        section's; as many as the desk would add."""
        count = self.rng.choices(list(TAG_COUNT_WEIGHTS), list(TAG_COUNT_WEIGHTS.values()))[0]
        return [self._tag_index[name] for name in topic_tags(template, slots)][:count]

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


def topic_tags(template, slots):
    """The English names of every tag a story of ``template`` with ``slots`` may carry, in
    the order it takes them: the template's own, the places it names, its section's."""
    named = [getattr(slots[slot], "town", None) or slots[slot].en
             for slot in ("place", "place2", "region", "country", "front")
             if slot in template["slots"]]
    names = template["tags"] + named + words.SECTION_TAGS[template["section"]]
    return [name for name in dict.fromkeys(names) if name in TAG_NAMES]


TAG_NAMES = {en for en, _uk in words.TAGS}


class Told:
    """What an edition has told: the templates of each day, and its headlines of the last
    ``HEADLINE_MEMORY`` (bounded, so a million articles take no more memory than thirty
    days of them)."""

    def __init__(self):
        self.day, self.today = None, set()
        self.headlines = Counter()
        self._by_day = deque()  # (day, headline), oldest first

    def templates_on(self, day):
        return self.today if day == self.day else set()

    def add(self, day, template, text):
        if day != self.day:
            if self.day is None or day > self.day:
                self.day, self.today = day, set()
            else:
                return self._remember(day, text)  # an earlier day (a desk item): no rule
        self.today.add(template)
        self._remember(day, text)

    def _remember(self, day, text):
        self.headlines[text] += 1
        self._by_day.append((day, text))
        while self._by_day and self._by_day[0][0] < self.day - HEADLINE_MEMORY:
            _day, old = self._by_day.popleft()
            self.headlines[old] -= 1
            if not self.headlines[old]:
                del self.headlines[old]
