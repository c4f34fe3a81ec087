"""Words as the index keeps them: one lemma per word, Ukrainian and English alike.

A Ukrainian word is reduced to its dictionary form by pymorphy3's Ukrainian dictionary
(«ракетного удару» → «ракетний удар»), a Latin-script word by the Snowball English stemmer
("strikes" → "strike"); the script decides, not the edition, since Ukrainian copy quotes
English names (NATO, F-16) and English copy quotes Ukrainian ones. Numbers stay as they are.
Snowball cannot reach an irregular English form from its dictionary form ("struck", "children",
"fled"), so a table of them gives those words their dictionary form as well.

A word can have several dictionary forms («Києві» is a form of «Київ» and of «кий»). The
index keeps the likeliest one in the word's place, so that phrases match, and all of them
in ``forms`` (the "other forms" column); a query word matches any of its own forms. So a
reader's word finds an article's word when their sets of forms meet, whichever form each
one's likeliest is. The Ukrainian dictionary has no word frequencies (every reading scores
the same), so "likeliest" is the dictionary's order with the readings news copy rarely means
put last: a first name or surname (Кий, the legendary founder, in «Києві»), an abbreviation,
a colloquial or rare word, an imperative, a vocative. docs/search.md has the measurements
behind these choices.
"""

import re
from functools import lru_cache

import pymorphy3
import snowballstemmer

# A word: letters and digits, with the apostrophes Ukrainian writes inside words (м'ясо,
# об’єкт: U+0027, U+2019, U+02BC) and hyphens inside compounds kept apart (F-16 → f, 16).
WORD = re.compile(r"[^\W_]+(?:['’ʼ][^\W_]+)*")
# Invisible inside a word and not a break in it: the soft hyphen, zero-width (non-)joiners, the
# word joiner and BOM, and the stress marks Ukrainian dictionaries and textbooks print (за́мок);
# gone, and the apostrophes made one, in one pass over a whole text (per word it cost more
# than lemmatizing).
_NORMAL = {**dict.fromkeys(map(ord, "\u00ad\u200c\u200d\u2060\ufeff\u0300\u0301")),
           ord("’"): "'", ord("ʼ"): "'"}
_CYRILLIC = re.compile("[\u0400-\u04ff]")
# Longer tokens are not words (hashes, pasted addresses); they are not indexed.
MAX_WORD_LENGTH = 40
# pymorphy3's grammemes for the readings a news text seldom means (see the module docstring).
_UNLIKELY = frozenset({"Name", "Surn", "Patr", "Abbr", "Infr", "Rare", "Slng", "Arch", "Fixd",
                       "impr", "voct"})


@lru_cache(maxsize=1)
def _morph():
    return pymorphy3.MorphAnalyzer(lang="uk")


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("english")


def tokens(text):
    """The words of ``text``, lower-cased, with their apostrophes made one."""
    return [word for word in WORD.findall(normalize(text or "")) if len(word) <= MAX_WORD_LENGTH]


def normalize(text):
    return text.translate(_NORMAL).lower()


@lru_cache(maxsize=200_000)
def forms(word):
    """Every dictionary form of one lower-cased word, the likeliest first."""
    if word.isdigit():
        return (word,)
    if _CYRILLIC.search(word):
        return _ukrainian_forms(word)
    base = _IRREGULAR.get(word.removesuffix("'s"))
    return tuple(dict.fromkeys(_strip(_stemmer().stemWord(one)) for one in (base, word) if one))


def _ukrainian_forms(word):
    # Each dictionary form ranked by its best reading: a usual one first, then pymorphy3's order.
    rank = {}
    for order, parse in enumerate(_morph().parse(word)):
        key = (bool(_UNLIKELY & parse.tag.grammemes), order)
        form = _strip(parse.normal_form)
        rank[form] = min(rank.get(form, key), key)
    return tuple(sorted(rank, key=rank.get)) or (_strip(word),)


def lemma(word):
    return forms(word)[0]


def _strip(word):
    # Both engines split words at an apostrophe; the index keeps a word whole without it.
    return word.replace("'", "")


def lemmas(text):
    """``text`` as the index keeps it: one lemma per word, in order."""
    return [lemma(word) for word in tokens(text)]


def other_forms(text):
    """The forms of ``text``'s words that are not their likeliest one, each once."""
    return forms_beyond_the_first(tokens(text))


def forms_beyond_the_first(found):
    """The forms of the words ``found`` (``tokens``) that are not their likeliest, once."""
    return list(dict.fromkeys(form for word in dict.fromkeys(found) for form in forms(word)[1:]))


def _irregular(table):
    return {form: line.split()[0] for line in table.strip().splitlines()
            for form in line.split()[1:]}


# English forms whose stem is not their dictionary form's: the dictionary form, then its
# irregular forms. Left out where the form is a common word of its own in the news ("bit",
# "fed", "ground", "bound", "wound", "lay", "slew"), which would make "bite" find "a bit".
_IRREGULAR = _irregular("""
arise arose arisen
awake awoke awoken
beat beaten
become became
begin began begun
bend bent
bite bitten
bleed bled
blow blew blown
break broke broken
bring brought
build built
burn burnt
buy bought
catch caught
choose chose chosen
cling clung
come came
creep crept
deal dealt
dig dug
draw drew drawn
dream dreamt
drink drank drunk
drive drove driven
eat ate eaten
fall fell fallen
feel felt
fight fought
find found
flee fled
fly flew flown
forbid forbade forbidden
foresee foresaw foreseen
forget forgot forgotten
forgive forgave forgiven
freeze froze frozen
get got gotten
give gave given
go went gone
grow grew grown
hang hung
hear heard
hide hid hidden
hold held
keep kept
kneel knelt
know knew known
lead led
lean leant
leap leapt
learn learnt
leave left
lend lent
lie lain
light lit
lose lost
make made
mean meant
meet met
mislead misled
mistake mistook mistaken
overcome overcame
overrun overran
overtake overtook overtaken
overthrow overthrew overthrown
pay paid
prove proven
rebuild rebuilt
ride rode ridden
ring rang rung
rise rose risen
run ran
say said
see saw seen
seek sought
sell sold
send sent
shake shook shaken
shine shone
shoot shot
show shown
shrink shrank shrunk
sing sang sung
sink sank sunk
sit sat
slay slain
sleep slept
slide slid
speak spoke spoken
speed sped
spend spent
spin spun
spring sprang sprung
stand stood
steal stole stolen
stick stuck
sting stung
strike struck stricken
strive strove striven
swear swore sworn
sweep swept
swim swam swum
swing swung
take took taken
teach taught
tear tore torn
tell told
think thought
throw threw thrown
undergo underwent undergone
understand understood
undertake undertook undertaken
uphold upheld
wake woke woken
wear wore worn
weep wept
win won
withdraw withdrew withdrawn
withhold withheld
withstand withstood
write wrote written
child children
man men
woman women
person people
life lives
wife wives
knife knives
half halves
thief thieves
leaf leaves
shelf shelves
wolf wolves
foot feet
tooth teeth
mouse mice
goose geese
crisis crises
analysis analyses
thesis theses
hypothesis hypotheses
diagnosis diagnoses
criterion criteria
phenomenon phenomena
serviceman servicemen
servicewoman servicewomen
spokesman spokesmen
spokeswoman spokeswomen
chairman chairmen
chairwoman chairwomen
gunman gunmen
policeman policemen
policewoman policewomen
fireman firemen
congressman congressmen
congresswoman congresswomen
countryman countrymen
fisherman fishermen
businessman businessmen
businesswoman businesswomen
militiaman militiamen
rifleman riflemen
airman airmen
seaman seamen
marksman marksmen
statesman statesmen
craftsman craftsmen
workman workmen
""")
