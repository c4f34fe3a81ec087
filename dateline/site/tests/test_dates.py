from datetime import UTC, datetime

import pytest

from dateline.newsroom import dates
from dateline.newsroom.models import Edition

REFERENCE = datetime(2024, 10, 15, 12, 52, tzinfo=UTC)  # 15:52 in Kyiv
FEED_DAY = datetime(2025, 2, 5, 12, 43, tzinfo=UTC)  # 14:43 in Kyiv, winter


def edition(language):
    return Edition(language=language, time_zone="Europe/Kyiv")


def test_english_date_line_reads_as_the_reference():
    """English: ``15 October, 2024 Tuesday`` and ``15:52``, Kyiv time."""
    assert dates.local_date(REFERENCE, edition("en")) == "15 October, 2024 Tuesday"
    assert dates.local_time(REFERENCE, edition("en")) == "15:52"


def test_ukrainian_date_line_uses_the_genitive_and_a_lowercase_weekday():
    """Ukrainian: ``15 жовтня 2024, вівторок``."""
    assert dates.local_date(REFERENCE, edition("uk")) == "15 жовтня 2024, вівторок"


@pytest.mark.parametrize("language, year_weekday, day_month", [
    ("en", "2025, Wednesday", "5 February"),
    ("uk", "2025, середа", "5 лютого"),
])
def test_feed_day_headers(language, year_weekday, day_month):
    """Feed days are headed ``2025, Wednesday`` over ``5 February`` (and in Ukrainian)."""
    assert dates.local_date(FEED_DAY, edition(language), "year_weekday") == year_weekday
    assert dates.local_date(FEED_DAY, edition(language), "day_month") == day_month
    assert dates.local_time(FEED_DAY, edition(language)) == "14:43"


def test_iso_time_carries_the_local_offset_through_daylight_saving():
    """``<time datetime>`` has Kyiv's offset: +03:00 in October, +02:00 in February."""
    assert dates.iso(REFERENCE, edition("en")) == "2024-10-15T15:52:00+03:00"
    assert dates.iso(FEED_DAY, edition("en")) == "2025-02-05T14:43:00+02:00"


def test_local_day_is_the_editions_day_not_utcs():
    """23:30 UTC on 4 February is already 5 February in Kyiv."""
    late = datetime(2025, 2, 4, 23, 30, tzinfo=UTC)
    assert dates.local_date(late, edition("en"), "day_month") == "5 February"
