"""Search finds words in all their forms, phrases and exclusions, on either engine, and
ranks the better and the newer match first."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from dateline.newsroom.models import Article
from dateline.search.reading import find

pytestmark = pytest.mark.django_db


def _found(text, **options):
    return list(find(Article.objects.published(), text, **options)
                .values_list("headline", flat=True))


def test_a_ukrainian_phrase_finds_its_other_cases_and_numbers(write):
    """«ракетний удар» finds «ракетного удару» and «ракетні удари»; «Києві» finds «Київ»."""
    write("Наслідки ракетного удару по Одесі", "Рятувальники працюють на місці.", edition="main")
    write("Ракетні удари по енергетиці", "Уночі ворог атакував.", edition="main")
    write("Київ готується до зими", "У місті відкрили пункти незламності.", edition="main")
    write("Погода на вихідні", "Без опадів.", edition="main")

    assert set(_found("ракетний удар")) == {"Наслідки ракетного удару по Одесі",
                                           "Ракетні удари по енергетиці"}
    assert _found("Києві") == ["Київ готується до зими"]
    assert _found("незламність") == ["Київ готується до зими"]


def test_an_english_word_finds_its_other_forms(write):
    """"strikes" finds "strike" and "striking"; "missile" finds "missiles"."""
    write("Missile strike hits Odesa port", "Rescuers are at the scene.")
    write("Drones striking energy sites", "The attack lasted all night.")
    write("Weather for the weekend", "No rain.")

    assert set(_found("strikes")) == {"Missile strike hits Odesa port",
                                      "Drones striking energy sites"}
    assert _found("missiles") == ["Missile strike hits Odesa port"]


def test_every_word_must_occur_and_a_minus_leaves_one_out(write):
    """Words are all required; -word excludes articles that have it in any form."""
    write("Missile strike hits Odesa port", "Rescuers are at the scene.")
    write("Missile strike hits Kharkiv", "Rescuers are at the scene.")

    assert set(_found("missile rescuers")) == {"Missile strike hits Odesa port",
                                               "Missile strike hits Kharkiv"}
    assert _found("missile -Odesa") == ["Missile strike hits Kharkiv"]
    assert _found("missile Lviv") == []


def test_a_phrase_in_quotes_matches_its_words_in_order(write):
    """"energy sites" matches those words side by side (in any of their forms), not apart."""
    write("Drones hit energy sites overnight", "Power is out.")
    write("Sites of energy research reopen", "Labs are back.")

    assert _found('"energy site"') == ["Drones hit energy sites overnight"]
    assert set(_found("energy sites")) == {"Drones hit energy sites overnight",
                                           "Sites of energy research reopen"}
    assert _found('-"energy sites" energy') == ["Sites of energy research reopen"]


def test_a_word_in_the_headline_ranks_above_one_in_the_body(write):
    """Relevance: the headline weighs most, then the lead, then the body."""
    write("Power returns to Kherson", "Engineers worked all week.", lead="Crews restored lines.")
    write("Engineers at work", "They say power may return to Kherson by Friday.",
          lead="A week of repairs.")

    assert _found("Kherson power", by_relevance=True) == ["Power returns to Kherson",
                                                          "Engineers at work"]


def test_of_two_equally_relevant_articles_the_newer_comes_first(write):
    """News decays: at equal relevance, the article published later ranks higher."""
    older = write("Grain corridor talks resume", "Delegations meet.")
    newer = write("Grain corridor talks resume again", "Delegations meet.")
    Article.objects.filter(pk=older.pk).update(
        first_published_at=timezone.now() - timedelta(days=10))
    Article.objects.filter(pk=newer.pk).update(headline=older.headline)

    found = list(find(Article.objects.published(), "grain corridor").values_list("pk", flat=True))
    assert found == [newer.pk, older.pk]


def test_text_with_no_word_finds_nothing_and_syntax_is_only_words(write):
    """Punctuation, quotes, operators of either engine and a lone minus are not syntax."""
    write("Missile strike hits Odesa port", "Rescuers are at the scene.")

    for text in ("", "   ", '"', "-", "***", "NEAR(", "strike:*", "' OR 1=1 --", "!()&|<->"):
        assert _found(text) == [] or text in ("strike:*",), text
    assert _found("strike:*") == ["Missile strike hits Odesa port"]
    assert _found('"missile') == ["Missile strike hits Odesa port"]


def test_highlight_keeps_every_character_and_escapes_it():
    """The whole text comes back, escaped, with the words found in <mark>."""
    from dateline.search.reading import highlight

    assert str(highlight("«Strikes» on <Kyiv> & more!", "strike kyiv")) == (
        "«<mark>Strikes</mark>» on &lt;<mark>Kyiv</mark>&gt; &amp; more!")
    assert str(highlight("<>", "strike")) == "&lt;&gt;"


@pytest.mark.parametrize("common_share", [0.0, 1.1], ids=["read-by-date", "read-from-index"])
def test_best_reads_the_newest_first_and_finds_what_ranking_them_all_finds(
        write, monkeypatch, common_share):
    """``best`` (the reader's relevance pages) ranks a common word's newest matches only,
    widening while an older one could still beat them: its answer is ranking every match's,
    for every length, including an old story that outranks new ones; on PostgreSQL both
    when the word is read from the index and when it is too common and read by date."""
    from dateline.search import engines, indexing
    from dateline.search.reading import best, count

    monkeypatch.setattr(engines, "COMMON_SHARE", common_share)
    monkeypatch.setattr(engines, "FEW", 0)
    monkeypatch.setattr(engines, "WINDOWS_BY_DATE", (5, 50, 500))
    monkeypatch.setattr(engines, "WINDOWS_FROM_INDEX", (5, 50, 500))
    stories = [  # (days ago, headline, body)
        (0, "Harbour cranes idle", "Kherson is mentioned once."),
        (1, "Kherson ferry resumes", "Passengers cross the river."),
        (3, "Weather for the week", "Rain in Kherson, sun elsewhere."),
        (40, "Kherson, Kherson: the city after liberation", "Kherson rebuilds; Kherson mourns."),
        (300, "Kherson bridge history", "The Antonivskyi bridge of Kherson."),
        (2000, "Kherson archive", "Kherson in old photographs."),
    ]
    now = timezone.now()
    for days, headline, text in stories:
        article = write(headline, text)
        Article.objects.filter(pk=article.pk).update(first_published_at=now - timedelta(days=days))
        assert indexing.index_articles([article.pk]) == 1  # a new time is written again

    published = Article.objects.published()
    everything = list(find(published, "kherson").values_list("pk", flat=True))
    assert len(everything) == len(stories)
    # The 40-day-old story, the word five times, outranks a newer mention in a body.
    position = {article.headline: everything.index(article.pk) for article in published}
    assert position["Kherson, Kherson: the city after liberation"] < position["Weather for the week"]
    for wanted in range(1, len(stories) + 2):
        for public in (False, True):  # by the index's dates, or the articles' own
            assert best(published, "kherson", wanted, public=public) == everything[:wanted], \
                (wanted, public)
    assert best(published, "***", 3) == []
    assert best(published, "kherson -ferry", 9) == [
        pk for pk in everything if pk != Article.objects.get(headline="Kherson ferry resumes").pk]
    # Counted up to one more than asked; a word too common to count quickly is not.
    by_date = connection.vendor == "postgresql" and common_share == 0.0
    assert count(published, "kherson", 3) == (None if by_date else 4)
    assert count(published, "kherson", 10) == (None if by_date else len(stories))


def test_how_common_a_query_word_is_comes_from_its_forms_and_what_it_begins():
    """A word is as common as its forms together; a word being typed adds the lemmas it
    begins; a phrase is as rare as its rarest word; one the statistics lack is rare."""
    from dateline.search.engines import _share
    from dateline.search.query import Phrase, Prefix, Term

    shares = {"ракетний": 0.04, "ракетниця": 0.02, "удар": 0.3, "ударити": 0.1}
    assert _share(Term(("удар", "ударити")), shares) == pytest.approx(0.4)
    assert _share(Prefix("ракетн", ()), shares) == pytest.approx(0.06)
    assert _share(Prefix("удар", ("удар",)), shares) == pytest.approx(0.4)
    assert _share(Phrase(("ракетний", "удар")), shares) == pytest.approx(0.04)
    assert _share(Term(("шахед",)), shares) == 0.0
