"""A planned story in words of one language: headlines, slot values, numbers and cases.

Templates in ``words`` come in pairs, (English, Ukrainian), and name slots such as
``{place}`` or ``{place_loc}`` (the place in the locative case: "у Харкові"). A story holds
the values of its slots, in no language; this module puts them into one, with what each
language asks for: Ukrainian nouns in the form their number takes, "1,140.5" in English and
"1 140,5" in Ukrainian, ordinals, and how a column or a review names its author.
"""

from dateline.newsroom.models import Article

from . import words

Kind = Article.Kind


def headline(story, lang):
    """The story's headline; a column's and a review's name their author."""
    text = render((story.template["en"], story.template["uk"]), story, lang)
    columnist = story.columnist
    if story.kind == Kind.OPINION:
        return _column_headline(text, story, lang)
    if story.kind == Kind.REVIEW and lang == "en":
        return f"{text}. {_possessive(columnist.name)} review"
    if story.kind == Kind.REVIEW:
        return f"{text}. Огляд {columnist.uk_gen}"
    return text


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


def render(pair, story, lang):
    """One (English, Ukrainian) template filled with the story's slots, in ``lang``."""
    text = pair[0] if lang == "en" else pair[1]
    return capfirst(text.format_map(story.forms(lang)))


def capfirst(text):
    return text[:1].upper() + text[1:]


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


def _slot_form(name, value, form, lang):
    """One slot in one language: ``form`` None is the plain form (the nominative), else a
    case ("loc") or, in English, "ref"."""
    if name in words.COUNTED:
        return counted(words.COUNTED[name], value, lang)
    if name in words.NUMBERS:
        return _number(value, words.NUMBERS[name][2], lang)
    if name in words.ORDINALS:
        return _ordinal(value, lang)
    return getattr(value, f"{lang}_{form}" if form else lang)


def counted(noun, n, lang):
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
