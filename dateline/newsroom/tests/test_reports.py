"""The desk's site history report, per role: every way of reading it (page, results,
spreadsheet export, the "User" filter) shows only what its reader may open."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from dateline.newsroom import actions

from .access import name_users

pytestmark = pytest.mark.django_db

REPORT = "wagtailadmin_reports:site_history"


@pytest.fixture
def history(make_draft, reporter, other_reporter, editor):
    """Each reporter's article scheduled by an editor; the other reporter's also in review."""
    name_users([reporter, other_reporter, editor])
    made = {}
    for owner, who in ((reporter, "mine"), (other_reporter, "theirs")):
        article = make_draft(f"Zqscheduled {who}", owner=owner,
                             go_live_at=timezone.now() + timedelta(days=1))
        article.latest_revision.publish(user=editor)
        made[who] = article
    review = make_draft("Zqreview theirs", owner=other_reporter)
    review.get_workflow().start(review, other_reporter)
    actions.PublishAction(make_draft("Zqlive theirs", owner=other_reporter), user=editor).execute()
    return made


def _readings(client):
    """The report as a page, as its results and as a CSV spreadsheet."""
    url = reverse(REPORT)
    pages = [client.get(url), client.get(reverse(f"{REPORT}_results")),
             client.get(url, {"export": "csv"})]
    assert [page.status_code for page in pages] == [200, 200, 200]
    return [b"".join(page.streaming_content).decode() if page.streaming else
            page.content.decode() for page in pages]


def test_a_reporter_reads_only_the_history_of_their_own_articles(client, reporter, history):
    """A reporter's site history names their own article and the editor who scheduled it,
    and nothing of the other reporter: no headline, no action, not their name in the
    "User" filter."""
    client.force_login(reporter)
    for text in _readings(client):
        assert "Zqscheduled mine" in text
        assert "theirs" not in text and "ZqReporter2son" not in text
    page = _readings(client)[0]
    assert "ZqEditorson" in page  # the editor scheduled the reporter's own article


def test_editors_read_the_whole_desks_history(client, editor, chief, history):
    """Editors and chief editors, who may open every article, read every entry."""
    for user in (editor, chief):
        client.force_login(user)
        page, results, spreadsheet = _readings(client)
        for headline in ("Zqscheduled mine", "Zqscheduled theirs", "Zqreview theirs",
                         "Zqlive theirs"):
            assert headline in results and headline in spreadsheet
        assert "ZqReporter2son" in page


def test_the_other_reports_are_refused_to_every_role(client, reporter, editor, chief,
                                                     administrator, history):
    """Locked pages, workflows, workflow tasks, aging pages and page types check page
    rights, which no newsroom role holds: each role is sent back to the dashboard."""
    for user in (reporter, editor, chief, administrator):
        client.force_login(user)
        for name in ("locked_pages", "workflow", "workflow_tasks", "aging_pages",
                     "page_types_usage"):
            response = client.get(reverse(f"wagtailadmin_reports:{name}"))
            assert response.status_code == 302 and response["Location"] == reverse(
                "wagtailadmin_home"), (user, name)
            assert "theirs" not in response.content.decode()
