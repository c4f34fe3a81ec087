"""Dates and times as each edition writes them, in its language and time zone: for pages,
feeds, structured data and the API alike.

English (the reference page): ``15 October, 2024 Tuesday`` and ``15:52``; feed day headers
``2025, Wednesday`` over ``5 February``. Ukrainian uses the genitive month and a lowercase
weekday: ``15 жовтня 2024, вівторок``; ``2025, середа`` over ``5 лютого``.
"""

from functools import lru_cache

from django.utils import dateformat, translation

PATTERNS = {
    "en": {"date": "j F, Y l", "year_weekday": "Y, l", "day_month": "j F"},
    "uk": {"date": "j E Y, l", "year_weekday": "Y, l", "day_month": "j E"},
}
# Languages that write weekday names in lower case (Django's catalogs capitalize them).
LOWERCASE_WEEKDAYS = {"uk"}


def local(value, edition):
    return value.astimezone(edition.tz)


def local_date(value, edition, kind="date"):
    """``value`` (an aware datetime) as the edition's readers expect it, by ``kind``."""
    return _formatted(local(value, edition).date(), edition.language, kind)


@lru_cache(maxsize=4096)
def _formatted(day, language, kind):
    # Every pattern names the day only, so a list of 40 items formats each day once.
    with translation.override(language):
        text = dateformat.format(day, PATTERNS.get(language, PATTERNS["en"])[kind])
        if language in LOWERCASE_WEEKDAYS and "l" in PATTERNS[language][kind]:
            weekday = dateformat.format(day, "l")
            text = text.replace(weekday, weekday.lower())
    return text


def local_time(value, edition):
    return local(value, edition).strftime("%H:%M")


def iso(value, edition):
    """ISO 8601 with the edition's UTC offset, for ``<time datetime>`` and structured data."""
    return local(value, edition).isoformat(timespec="seconds")
