"""What an article says, drawn in no particular language: its kind, headline template and
the values the template names, section, labels, byline, tags, picture and body.

The draws come from the planner's own random sequence, in the planner's order, so the same
seed still gives the same stories; rendering them in a language is ``phrases``' job.
"""

import uuid
from collections import deque
from dataclasses import dataclass, field
from itertools import accumulate

from dateline.newsroom.models import Article

from . import words
from .phrases import SlotForms

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
TAG_COUNT_WEIGHTS = {1: 25, 2: 35, 3: 25, 4: 15}
ZIPF_EXPONENT = 1.07
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
    image: int | None  # index into Newsroom.images
    body: list  # [(block type, content)], see Storyteller.body
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


class Storyteller:
    """Decides what articles say. Shares the planner's ``rng`` (one sequence of draws for the
    whole plan); translation keys come from ``key_rng``, a sequence of their own."""

    def __init__(self, rng, key_rng, newsroom):
        self.rng, self.key_rng, self.newsroom = rng, key_rng, newsroom
        self._tag_weights = list(accumulate(1 / (rank + 1) ** ZIPF_EXPONENT
                                            for rank in range(len(words.TAGS))))
        self._staff_weights = list(accumulate(1 / (rank + 1) ** 0.5
                                              for rank in range(len(newsroom.staff))))
        self._tag_index = {en: i for i, (en, _uk) in enumerate(words.TAGS)}
        self._templates = {}  # (kind, month, hour) → (fitting templates, cumulative weights)
        # The templates used last, by headline: a redraw avoids back-to-back repeats. A long
        # memory would push the draw towards the rare templates.
        self.recent_templates = deque(maxlen=8)

    def story(self, moment):
        """A new story, as the desk would commission it at ``moment`` (which picks the
        templates in season and at their time of day)."""
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
            self._templates[key] = fitting, list(accumulate(t["weight"] for t in fitting))
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
