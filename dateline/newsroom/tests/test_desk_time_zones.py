"""The desk reads and writes times in the newsroom's zone, exactly across daylight saving.

The zone is the editor's chosen one, else the article's edition's, else Europe/Kyiv (see
``dateline/newsroom/zones.py``). Times are typed as the date picker writes them
(``YYYY-MM-DD HH:MM``). The dates are taken around the next daylight-saving changes after
today, so the tests hold whatever year they run in; the browser version, which also reads
the public page, is in ``test_desk_browser.py``.
"""

import zoneinfo
from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import formats, timezone
from wagtail.admin import auth
from wagtail.users.models import UserProfile

from dateline.newsroom import zones
from dateline.newsroom.models import Article, Edition

from .desk import form_data, url

pytestmark = pytest.mark.django_db

KYIV = zoneinfo.ZoneInfo("Europe/Kyiv")
UTC = UTC


def _offset(day, zone=KYIV):
    return datetime(day.year, day.month, day.day, 12, tzinfo=zone).utcoffset()


def dst_changes(zone=KYIV, after=None):
    """The first local days on the new offset, for the next two changes after ``after``."""
    day = (after or timezone.now()).astimezone(zone).date() + timedelta(days=1)
    changes = []
    while len(changes) < 2:
        if _offset(day, zone) != _offset(day - timedelta(days=1), zone):
            changes.append(day)
        day += timedelta(days=1)
    return changes


def next_change(month):
    return next(day for day in dst_changes() if day.month == month)


def typed(day, clock="15:49"):
    return f"{day:%Y-%m-%d} {clock}"


def _save_schedule(client, article, **fields):
    edit = url("edit", article.pk)
    return client.post(edit, form_data(client, edit, **fields))


def _stored(article):
    article.refresh_from_db()
    return article.go_live_at.astimezone(UTC), article.expire_at.astimezone(UTC)


@pytest.mark.parametrize("month", [3, 10], ids=["march", "october"])
def test_times_typed_either_side_of_a_change_get_that_days_offset(client, editor, make_draft,
                                                                   month):
    """15:49 typed the day before and the day of Kyiv's change is stored as 13:49 UTC on
    the winter day and 12:49 UTC on the summer day: 23 hours apart in March, 25 in
    October. The form shows both back as typed."""
    change = next_change(month)
    before, after = change - timedelta(days=1), change
    article = make_draft("Scheduled story")
    client.force_login(editor)
    response = _save_schedule(client, article, go_live_at=typed(before),
                              expire_at=typed(after))
    assert response.status_code == 302, response.content.decode()[:500]

    go_live, expiry = _stored(article)
    winter, summer = (before, after) if month == 3 else (after, before)
    assert {go_live, expiry} == {
        datetime(winter.year, winter.month, winter.day, 13, 49, tzinfo=UTC),
        datetime(summer.year, summer.month, summer.day, 12, 49, tzinfo=UTC)}
    assert expiry - go_live == timedelta(hours=23 if month == 3 else 25)

    html = client.get(url("edit", article.pk)).content.decode()
    assert f'value="{typed(before)}"' in html and f'value="{typed(after)}"' in html


def test_the_zone_is_named_beside_go_live_and_expiry(client, editor, make_draft):
    """Both schedule fields say which clock they are typed in."""
    article = make_draft("Scheduled story")
    client.force_login(editor)
    html = client.get(url("edit", article.pk)).content.decode()
    assert html.count("Europe/Kyiv: UTC+02:00, UTC+03:00 in summer time") >= 2


@pytest.mark.parametrize("clock,month", [("03:30", 3), ("03:30", 10)],
                         ids=["skipped-hour", "repeated-hour"])
def test_a_wall_time_that_is_skipped_or_repeated_is_refused(client, editor, make_draft,
                                                           clock, month):
    """03:30 on the March change day does not exist in Kyiv, and on the October one it
    happens twice: the form says so instead of guessing, and nothing is stored."""
    article = make_draft("Scheduled story")
    client.force_login(editor)
    response = _save_schedule(client, article, go_live_at=typed(next_change(month), clock))
    assert response.status_code == 200
    assert "may be ambiguous or it may not exist" in response.content.decode()
    article.refresh_from_db()
    assert article.go_live_at is None


def test_the_editors_chosen_zone_wins(client, editor, make_draft):
    """An editor who chose New York in their account types New York time."""
    profile = UserProfile.get_for_user(editor)
    profile.current_time_zone = "America/New_York"
    profile.save()
    day = next_change(10) + timedelta(days=10)
    article = make_draft("Scheduled story")
    client.force_login(editor)
    html = client.get(url("edit", article.pk)).content.decode()
    assert "America/New_York: UTC-05:00, UTC-04:00 in summer time" in html
    assert _save_schedule(client, article, go_live_at=typed(day, "09:00"),
                          expire_at="").status_code == 302
    article.refresh_from_db()
    local = datetime(day.year, day.month, day.day, 9, 0,
                     tzinfo=zoneinfo.ZoneInfo("America/New_York"))
    assert article.go_live_at == local


def test_an_articles_edition_zone_is_used_when_the_editor_chose_none(client, editor,
                                                                      make_draft):
    """An article of a Tokyo edition is scheduled in Tokyo time (UTC+9, no summer time)."""
    tokyo = Edition.objects.create(name="Dateline Asia", code="asia", language="uk",
                                   path_prefix="asia", time_zone="Asia/Tokyo")
    article = make_draft("Tokyo story", edition=tokyo)
    client.force_login(editor)
    day = date.today() + timedelta(days=30)
    html = client.get(url("edit", article.pk)).content.decode()
    assert "Asia/Tokyo: UTC+09:00" in html
    assert _save_schedule(client, article, go_live_at=typed(day)).status_code == 302
    article.refresh_from_db()
    assert article.go_live_at == datetime(day.year, day.month, day.day, 6, 49, tzinfo=UTC)


def test_history_and_the_overdue_panel_name_their_zone(client, editor, make_draft):
    """The history's date column and the dashboard's overdue list say which zone their
    times are in, and the overdue time is written in it."""
    due = timezone.now().replace(second=0, microsecond=0) - timedelta(hours=1)
    article = make_draft("Late story", go_live_at=due)
    Article.objects.filter(pk=article.pk).update(go_live_at=due)
    article.revisions.update(approved_go_live_at=due)
    client.force_login(editor)
    dashboard = client.get("/admin/").content.decode()
    written = formats.date_format(due.astimezone(KYIV), "DATETIME_FORMAT")
    assert f"Late story</a> — Dateline Global, due {written} (Europe/Kyiv)" in dashboard
    saved = make_draft("Saved story")
    edit = url("edit", saved.pk)
    assert client.post(edit, form_data(client, edit)).status_code == 302
    history = client.get(url("history", saved.pk)).content.decode()
    assert "Date (Europe/Kyiv)" in history


def test_every_admin_view_goes_through_the_desk_zone():
    """Wagtail's admin enters the editor's zone through the function ``zones`` wraps: if a
    Wagtail upgrade renames it, this fails instead of the desk quietly reverting to UTC."""
    assert auth.get_localized_response is zones.localized_response


def test_describe_names_zones_with_and_without_summer_time():
    assert zones.describe("Europe/Kyiv", 2027) == \
        "Europe/Kyiv: UTC+02:00, UTC+03:00 in summer time"
    assert zones.describe("Asia/Kolkata", 2027) == "Asia/Kolkata: UTC+05:30"
    assert zones.describe("UTC", 2027) == "UTC: UTC+00:00"
