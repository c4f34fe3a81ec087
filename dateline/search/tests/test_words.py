"""Words as the index keeps them, measured on the inflection test set (inflections.tsv).

A query word matches a document word when their sets of dictionary forms meet
(``set(forms(q)) & set(forms(d))``), which is how the index compares them. On the set,
recall must stay at or above 95% in each language (the issue's bar; measured 99.7% for
Ukrainian, 100% for English), and precision at or above the floors below, a little under
what was measured on 2026-12-07 (Ukrainian 99.1%, English 93.6%: Snowball gives derivations such
as "national"/"nation" one stem). Precision here is matches that were expected over all
matches, so it depends on how many negatives the set holds; docs/search.md also gives the
false matches per negative pair. The set needs no database and neither do these tests.
"""

import csv
import unicodedata
from pathlib import Path

import pytest

from dateline.search import words

INFLECTIONS = Path(__file__).with_name("inflections.tsv")
RECALL_FLOOR = 0.95
PRECISION_FLOOR = {"uk": 0.98, "en": 0.92}


def _rows():
    with INFLECTIONS.open(encoding="utf-8", newline="") as f:
        lines = (line for line in f if not line.startswith("#"))
        return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def _matches(query, document):
    (query_word,), (document_word,) = words.tokens(query), words.tokens(document)
    return bool(set(words.forms(query_word)) & set(words.forms(document_word)))


def _score(language):
    outcomes = [(row, _matches(row["query"], row["document"])) for row in _rows()
                if row["language"] == language]
    missed = [row for row, found in outcomes if row["expected"] == "yes" and not found]
    false = [row for row, found in outcomes if row["expected"] == "no" and found]
    found = sum(1 for row, match in outcomes if row["expected"] == "yes" and match)
    return found, missed, false


def test_inflection_set_has_enough_pairs_of_each_kind():
    """The set holds at least 400 Ukrainian and 200 English pairs, each with negatives."""
    rows = _rows()
    assert {tuple(row) for row in rows} == {("language", "query", "document", "expected",
                                              "class")}
    for language, least in (("uk", 400), ("en", 200)):
        mine = [row for row in rows if row["language"] == language]
        assert len(mine) >= least
        assert {row["expected"] for row in mine} == {"yes", "no"}
    # Every query and document is one word as tokens() reads it.
    assert all(len(words.tokens(row[side])) == 1 for row in rows
               for side in ("query", "document"))


@pytest.mark.parametrize("language", ["uk", "en"])
def test_recall_on_the_inflection_set(language):
    """At least 95% of a lexeme's inflected pairs find each other, in each language."""
    found, missed, _false = _score(language)
    recall = found / (found + len(missed))
    assert recall >= RECALL_FLOOR, [(row["query"], row["document"]) for row in missed]


@pytest.mark.parametrize("language", ["uk", "en"])
def test_precision_on_the_inflection_set(language):
    """Different lexemes that share letters seldom find each other (the floors above)."""
    found, _missed, false = _score(language)
    precision = found / (found + len(false))
    assert precision >= PRECISION_FLOOR[language], [(row["query"], row["document"])
                                                    for row in false]


def test_ukrainian_locative_finds_its_nominative():
    """A Ukrainian noun in the locative finds its nominative, alternation and all."""
    assert _matches("Києві", "Київ")
    assert _matches("Львові", "Львів")
    assert _matches("Розі", "Ріг")


def test_ukrainian_phrase_finds_other_cases_and_numbers():
    """«ракетний удар» finds «ракетного удару» and «ракетні удари», word for word."""
    for document in ("ракетного удару", "ракетні удари", "ракетним ударом"):
        assert words.lemmas(document) == words.lemmas("ракетний удар")


def test_english_plural_and_irregular_forms_find_the_dictionary_form():
    """"strikes" finds "strike", and so do "struck" and "children's" theirs."""
    assert words.lemmas("strikes struck children's") == ["strike", "strike", "child"]
    assert _matches("Russia’s", "Russia")


def test_kyiv_is_the_likeliest_form_of_kyievi_and_kyi_a_known_false_match():
    """«Києві» is taken for Kyiv first; the name Кий stays among its forms, so «кий» finds it."""
    assert words.lemma("києві") == "київ"
    assert "кий" in words.forms("києві")
    assert _matches("кий", "Києві")


def test_tokens_keep_apostrophes_inside_a_word_and_make_them_one():
    """The three apostrophes Ukrainian is typed with make one word, stored without it."""
    assert words.tokens("об’єкт обʼєкт об'єкт") == ["об'єкт"] * 3
    assert words.lemmas("Об’єкта") == ["обєкт"]
    assert words.tokens("'удар' ‘ракета’") == ["удар", "ракета"]


def test_tokens_split_hyphenated_words_and_numbers():
    """A hyphen separates words (F-16 is f and 16), digits are words, and underscores split."""
    assert words.tokens("F-16 над Івано-Франківськом") == ["f", "16", "над", "івано",
                                                           "франківськом"]
    assert words.tokens("1 140,5 грн, 10-й пакет") == ["1", "140", "5", "грн", "10", "й",
                                                       "пакет"]
    assert words.lemmas("2024") == ["2024"]
    assert words.tokens("snake_case") == ["snake", "case"]


def test_tokens_hold_no_control_or_invisible_characters():
    """Control characters break words; a soft hyphen or a stress mark leaves the word whole."""
    text = "удар\x00ракета\x07дрон\x1fППО\u200bобстріл ра\u00adкета за\u0301мок \ufeffКиїв"
    found = words.tokens(text)
    assert found == ["удар", "ракета", "дрон", "ппо", "обстріл", "ракета", "замок", "київ"]
    assert not any(unicodedata.category(char)[0] in "CZM" for word in found for char in word)


def test_over_long_tokens_are_dropped():
    """A token longer than 40 characters (a hash, a pasted address) is not a word."""
    assert words.tokens("a" * 41 + " дрон " + "б" * 40) == ["дрон", "б" * 40]
    assert words.tokens(None) == words.tokens("") == []


def test_lemmas_give_one_lemma_per_token_in_order():
    """lemmas() is aligned with tokens(): one lemma per word, in the text's order."""
    text = "Росіяни вдарили по Києву 12 ракетами й F-16 збили дрони, повідомили в ППО"
    tokens = words.tokens(text)
    lemmas = words.lemmas(text)
    assert len(lemmas) == len(tokens) == 14
    assert lemmas == [words.lemma(token) for token in tokens]
    assert lemmas[3:6] == ["київ", "12", "ракета"]
    assert lemmas[7:9] == ["f", "16"]


def test_mixed_script_text_is_lemmatized_word_by_word_by_script():
    """Ukrainian copy quoting NATO and English copy quoting «Київ» are each read by script."""
    assert words.lemmas("Генсек NATO's заявив у Києві") == ["генсек", "nato", "заявити", "у",
                                                             "київ"]
    assert words.lemmas("Strikes on «Києві» continued") == ["strike", "on", "київ", "continu"]


def test_other_forms_hold_the_forms_that_are_not_the_likeliest_once_each():
    """other_forms() lists every non-likeliest form once, in order of appearance."""
    assert words.other_forms("Києві, Києві і children") == ["кий", "children"]
    assert words.other_forms("дрон") == []
