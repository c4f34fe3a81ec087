"""The dashboard's desk panels: each lists what its reader may open, and nothing else."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Revision

from dateline.newsroom import actions

pytestmark = pytest.mark.django_db

PANELS = ("dateline_my_drafts", "dateline_in_review", "dateline_scheduled_next",
          "dateline_recently_published", "dateline-schedule")


def panels(client):
    """{panel id: its HTML}, from the dashboard."""
    html = client.get("/admin/").content.decode()
    found = {}
    for panel in PANELS:
        start = html.find(f'id="{panel}')
        assert start >= 0, panel
        end = html.find("</section>", start)
        found[panel] = html[start:end]
    return found


def headlines(html):
    return re.findall(r"Zq[a-z]+ \w+", html)


@pytest.fixture
def desk(make_draft, reporter, other_reporter):
    """Each reporter's article in each state the panels show."""
    now = timezone.now()
    made = {}
    for owner, who in ((reporter, "mine"), (other_reporter, "theirs")):
        made[f"{who} draft"] = make_draft(f"Zqdraft {who}", owner=owner)
        review = made[f"{who} review"] = make_draft(f"Zqreview {who}", owner=owner)
        review.get_workflow().start(review, owner)
        soon = made[f"{who} soon"] = make_draft(f"Zqsoon {who}", owner=owner,
                                                go_live_at=now + timedelta(hours=1))
        soon.latest_revision.publish()
        later = made[f"{who} later"] = make_draft(f"Zqlater {who}", owner=owner,
                                                  go_live_at=now + timedelta(days=1))
        later.latest_revision.publish()
        made[f"{who} live"] = actions.PublishAction(make_draft(f"Zqlive {who}", owner=owner)).execute()
        late = made[f"{who} late"] = make_draft(f"Zqlate {who}", owner=owner,
                                                go_live_at=now + timedelta(hours=2))
        late.latest_revision.publish()
        Revision.objects.filter(pk=late.latest_revision.pk).update(
            approved_go_live_at=now - timedelta(hours=1))
    return made


def test_a_reporter_sees_only_their_own_articles_in_every_panel(client, reporter, desk):
    """My drafts, In review, Scheduled next, Recently published and the overdue warning show
    a reporter their own articles only: another reporter's headlines appear nowhere."""
    client.force_login(reporter)
    found = panels(client)
    assert headlines(found["dateline_my_drafts"]) == ["Zqdraft mine"]
    assert headlines(found["dateline_in_review"]) == ["Zqreview mine"]
    assert headlines(found["dateline_scheduled_next"]) == ["Zqlate mine", "Zqsoon mine",
                                                           "Zqlater mine"]
    assert headlines(found["dateline_recently_published"]) == ["Zqlive mine"]
    assert headlines(found["dateline-schedule"]) == ["Zqlate mine"]
    dashboard = client.get("/admin/").content.decode()
    assert "theirs" not in dashboard


def test_an_editor_sees_the_whole_desk(client, editor, desk):
    """An editor has no drafts of their own, sees every article in review marked as awaiting
    their review, what goes live next (the soonest first, overdue ones at the top) and what
    went live last."""
    client.force_login(editor)
    found = panels(client)
    assert "You have no drafts." in found["dateline_my_drafts"]
    assert headlines(found["dateline_in_review"]) == ["Zqreview mine", "Zqreview theirs"]
    assert found["dateline_in_review"].count("awaits your review") == 2
    assert headlines(found["dateline_scheduled_next"]) == [
        "Zqlate mine", "Zqlate theirs", "Zqsoon mine", "Zqsoon theirs", "Zqlater mine",
        "Zqlater theirs"]
    assert headlines(found["dateline_recently_published"]) == ["Zqlive theirs", "Zqlive mine"]
    assert set(headlines(found["dateline-schedule"])) == {"Zqlate mine", "Zqlate theirs"}


def test_review_requests_name_their_requester_to_those_who_cannot_approve(client, reporter,
                                                                        desk):
    """A reporter's own article in review says who asked for the review, not "awaits your
    review" (they cannot approve it)."""
    reporter.first_name, reporter.last_name = "Rita", "Zqrequester"
    reporter.save()
    client.force_login(reporter)
    review = panels(client)["dateline_in_review"]
    assert "by Rita Zqrequester" in review and "awaits your review" not in review


def test_panels_show_times_in_the_editions_time_zone(client, editor, make_draft,
                                                     global_edition):
    """A scheduled article's time on the dashboard is its edition's local time."""
    global_edition.time_zone = "Asia/Tokyo"
    global_edition.save()
    at = timezone.now() + timedelta(days=2)
    make_draft("Zqtokyo story", go_live_at=at).latest_revision.publish()
    client.force_login(editor)
    local = at.astimezone(global_edition.tz)
    assert f"{local:%H:%M} JST" in panels(client)["dateline_scheduled_next"]


def test_the_panels_cost_the_same_however_full(client, editor, make_draft, desk):
    """The dashboard's queries do not grow with the number of articles in the panels."""
    client.force_login(editor)
    client.get("/admin/")
    with CaptureQueriesContext(connection) as few:
        client.get("/admin/")
    now = timezone.now()
    for n in range(12):
        article = make_draft(f"Zqmore {n}", go_live_at=now + timedelta(hours=3 + n))
        article.latest_revision.publish()
        actions.PublishAction(make_draft(f"Zqmore live {n}")).execute()
        review = make_draft(f"Zqmore review {n}")
        review.get_workflow().start(review, editor)
    with CaptureQueriesContext(connection) as many:
        client.get("/admin/")
    assert len(many) == len(few), (len(few), len(many))
