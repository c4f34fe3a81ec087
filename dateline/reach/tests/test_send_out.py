"""Send out: from a published (or scheduled) article, an editor who may publish it chooses
where it goes, confirms, and each place gets it once; the article's history says who sent
it where."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from wagtail.models import ModelLogEntry

from dateline.newsroom import actions
from dateline.newsroom.edits import Conflict
from dateline.reach import outbox
from dateline.reach.actions import SEND_OUT, SendOutAction
from dateline.reach.admin_views import send_out_url
from dateline.reach.models import OutboxMessage

pytestmark = pytest.mark.django_db

EDIT = "/admin/snippets/newsroom/article/edit/{}/"


@pytest.fixture(autouse=True)
def channels():
    """The channels Send out offers, as installed; any missing one stands in as a channel
    that is never asked to deliver here (nothing below runs the worker)."""
    added = []
    for name in ("newsletter", "push", "telegram"):
        if name not in outbox.CHANNELS:
            channel = outbox.Channel()
            channel.name = channel.label = name
            outbox.register(channel)
            added.append(name)
    yield
    for name in added:
        del outbox.CHANNELS[name]


def queued(article):
    return sorted(OutboxMessage.objects.filter(article=article).exclude(channel="websub")
                  .values_list("channel", "action", "key"))


def test_an_editor_chooses_confirms_and_the_article_is_queued_once_for_each_place(
        client, editor, make_published):
    article = make_published("Missiles over Kyiv")
    client.force_login(editor)
    assert send_out_url(article.pk) in client.get(EDIT.format(article.pk)).content.decode()
    choices = {"choices": ["newsletter:breaking", "push:breaking", "telegram:post"]}
    confirm = client.post(send_out_url(article.pk), choices)
    assert confirm.status_code == 200 and "Yes, send it" in confirm.content.decode()
    assert queued(article) == []  # nothing before the editor confirms
    done = client.post(send_out_url(article.pk), {**choices, "confirm": "1"})
    assert done.status_code == 302
    assert queued(article) == [("newsletter", "breaking", f"breaking:{article.pk}"),
                               ("push", "breaking", f"push:{article.pk}"),
                               ("telegram", "post", f"post:{article.pk}")]
    log = ModelLogEntry.objects.get(object_id=str(article.pk), action=SEND_OUT)
    assert log.user == editor and sorted(log.data["sent_to"]) == [
        "newsletter:breaking", "push:breaking", "telegram:post"]
    # Pressed again (a double click, a second editor): nothing more is queued.
    client.post(send_out_url(article.pk), {**choices, "confirm": "1"})
    assert len(queued(article)) == 3
    assert ModelLogEntry.objects.filter(object_id=str(article.pk), action=SEND_OUT).count() == 1
    page = client.get(send_out_url(article.pk)).content.decode()
    assert "sent everywhere it can go" in page


def test_an_article_is_pushed_once_either_as_breaking_or_as_top_story(editor, make_published):
    article = make_published()
    with pytest.raises(ValidationError):
        SendOutAction(article, ["push:breaking", "push:top"], user=editor).execute()
    SendOutAction(article, ["push:top"], user=editor).execute()
    assert SendOutAction(article, ["push:breaking"], user=editor).execute() == []
    assert queued(article) == [("push", "top", f"push:{article.pk}")]


def test_a_scheduled_articles_sends_wait_for_its_time(editor, make_draft):
    go_live = timezone.now() + timedelta(hours=1)
    article = actions.PublishAction(make_draft(go_live_at=go_live)).execute()
    [message] = SendOutAction(article, ["telegram:post"], user=editor).execute()
    assert message.due_at == go_live


@pytest.mark.parametrize("state", ["draft", "retracted", "unpublished"])
def test_only_what_readers_can_see_is_sent(editor, make_draft, make_published, state):
    article = make_draft() if state == "draft" else make_published()
    if state == "retracted":
        actions.RetractAction(article, "Not verified.").execute()
    elif state == "unpublished":
        actions.UnpublishAction(article).execute()
    with pytest.raises(Conflict):
        SendOutAction(article, ["telegram:post"], user=editor).execute()
    assert queued(article) == []


def test_a_reporter_may_not_send_out_and_nothing_is_queued(client, reporter, make_published):
    article = make_published(owner=reporter)
    with pytest.raises(PermissionDenied):
        SendOutAction(article, ["telegram:post"], user=reporter).execute()
    client.force_login(reporter)
    response = client.post(send_out_url(article.pk), {"choices": ["telegram:post"],
                                                      "confirm": "1"})
    assert response.status_code == 403 and queued(article) == []
    assert send_out_url(article.pk) not in client.get(EDIT.format(article.pk)).content.decode()


def test_an_unknown_or_empty_choice_is_refused_with_nothing_queued(
        client, editor, make_published):
    article = make_published()
    client.force_login(editor)
    for bad in ({}, {"choices": ["fax:now"]}, {"choices": ["<script>", "telegram:post"]}):
        response = client.post(send_out_url(article.pk), {**bad, "confirm": "1"})
        assert response.status_code == 200 and "<script>" not in response.content.decode()
        assert queued(article) == []


def test_the_outbox_lists_what_went_where_for_editors_only(
        client, editor, reporter, make_published):
    article = make_published("Air raid alert <b>")
    SendOutAction(article, ["telegram:post"], user=editor).execute()
    client.force_login(reporter)
    assert client.get("/admin/reach/outbox/").status_code == 403
    client.force_login(editor)
    page = client.get("/admin/reach/outbox/?channel=telegram").content.decode()
    assert "Outbox</h1>" in " ".join(page.split()).replace(" </h1>", "</h1>")  # its header
    assert "Air raid alert &lt;b&gt;" in page and "Waiting" in page
    assert "Nothing has been sent yet" in client.get(
        "/admin/reach/outbox/?state=failed").content.decode()


def test_the_confirmation_says_how_many_readers_the_breaking_newsletter_reaches(
        client, editor, make_published, global_edition):
    from dateline.reach.newsletters.models import NewsletterList, Subscriber, Subscription

    breaking = NewsletterList.objects.create(edition=global_edition, name="Breaking",
                                             kind=NewsletterList.Kind.BREAKING)
    for n, state in enumerate(["confirmed", "confirmed", "pending", "unsubscribed"]):
        Subscription.objects.create(newsletter=breaking, state=state,
                                    subscriber=Subscriber.objects.create(
                                        email=f"reader{n}@example.org"))
    client.force_login(editor)
    page = client.post(send_out_url(make_published().pk),
                       {"choices": ["newsletter:breaking"]}).content.decode()
    assert "Breaking-news newsletter — 2 readers" in page
