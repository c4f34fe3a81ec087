"""The live composer on the desk, through real admin requests: every write goes through the
live actions (their permissions, history and one purge), refusals come back as form errors
or messages, never a 500, and nothing changes after a refusal."""

import zoneinfo
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry
from wagtail.users.models import UserProfile

from dateline.conftest import HOSTILE
from dateline.live.actions import EntryChanges, PostEntryAction
from dateline.live.models import Entry

pytestmark = pytest.mark.django_db

KYIV = zoneinfo.ZoneInfo("Europe/Kyiv")


def composer(article):
    return reverse("live_composer:composer", args=[article.pk])


def entry_url(entry, operation):
    return reverse("live_composer:entry", args=[entry.article_id, entry.pk, operation])


def logged(article, action=None):
    entries = ModelLogEntry.objects.filter(object_id=str(article.pk),
                                           action__startswith="dateline.live.")
    return entries.filter(action=action).count() if action else entries.count()


def state(article):
    """Everything a composer request could change."""
    article.refresh_from_db()
    return (list(Entry.objects.values_list("pk", "status", "title", "pinned", "key_event",
                                           "posted_at", "changed_at")),
            logged(article), article.coverage_ended_at)


def post(client, article, text="Explosions heard in Kyiv.", **fields):
    return client.post(composer(article), {"text": text, **fields})


def given(article, user, text="Air raid alert.", publish=True, **fields):
    return PostEntryAction(article, EntryChanges(text=text, **fields), user=user,
                           publish=publish).execute()


@pytest.fixture
def desk(client, editor):
    client.force_login(editor)
    return client


def test_an_editor_posts_an_entry_readers_see_with_history_and_one_purge(
        desk, make_live, changes):
    """Post adds a published entry, logs it on the article and purges the article's key
    once; the composer lists it after the redirect."""
    article = make_live()
    changes.clear()
    response = post(desk, article, "Air raid alert.\n\nExplosions heard.", title=HOSTILE,
                    key_event="on")
    assert response.status_code == 302 and response.url == composer(article)
    entry = Entry.objects.get()
    assert entry.is_public and entry.key_event and entry.title == HOSTILE
    assert changes == [(article.pk, "entry")]
    assert logged(article, "dateline.live.post") == 1
    page = desk.get(composer(article)).content.decode()
    assert "Entry posted." in page and "Explosions heard." in page
    assert "A &amp; B &lt; C &gt; D" in page and HOSTILE not in page


def test_the_post_goes_by_fetch_and_answers_with_the_fresh_list(desk, make_live):
    """Asked for JSON, Post answers with the message and the list holding the new entry;
    a refusal answers 400 with the field's error."""
    article = make_live()
    answer = desk.post(composer(article), {"text": "Sirens in Lviv."},
                       HTTP_ACCEPT="application/json")
    assert answer.status_code == 200
    body = answer.json()
    assert "Sirens in Lviv." in body["entries"] and body["message"] == "Entry posted."
    refused = desk.post(composer(article), {"text": "  "}, HTTP_ACCEPT="application/json")
    assert refused.status_code == 400
    assert refused.json()["errors"]["text"][0]["message"] == "Write what happened."
    assert Entry.objects.count() == 1
    listed = desk.get(composer(article) + "?part=entries").json()["entries"]
    assert "Sirens in Lviv." in listed


def test_an_editor_posts_while_another_holds_the_articles_lock(
        desk, make_live, other_editor):
    """The article's lock is for its form: entries go in while another editor holds it."""
    article = make_live()
    article.locked, article.locked_by, article.locked_at = True, other_editor, timezone.now()
    article.save()
    assert post(desk, article).status_code == 302
    assert Entry.objects.get().is_public


def test_two_entries_in_the_same_second_are_listed_newest_first(
        desk, make_live, editor, other_editor):
    article = make_live()
    moment = timezone.now().replace(microsecond=0)
    given(article, editor, "First of the second.", posted_at=moment)
    given(article, other_editor, "Second of the second.", posted_at=moment)
    page = desk.get(composer(article)).content.decode()
    assert page.index("Second of the second.") < page.index("First of the second.")


def test_a_reporter_keeps_drafts_on_their_own_coverage(client, reporter, make_live):
    """A reporter may not publish: Post is refused on the form and stores nothing; "Save
    as draft" keeps a draft, marked as such, that readers do not see."""
    article = make_live(owner=reporter)
    client.force_login(reporter)
    before = state(article)
    refused = post(client, article)
    assert refused.status_code == 200
    assert "You may not publish entries here" in refused.content.decode()
    assert state(article) == before
    assert post(client, article, draft="on").status_code == 302
    entry = Entry.objects.get()
    assert entry.status == Entry.Status.DRAFT and not Entry.objects.public().exists()
    page = client.get(composer(article)).content.decode()
    assert "live-entry--draft" in page and "Entry saved as a draft." in page


def test_a_time_is_typed_in_the_desks_zone(desk, make_live, global_edition):
    """15:49 typed tomorrow on a Kyiv desk is stored as 15:49 in Kyiv, in UTC; the
    entry is scheduled: listed as such, unseen by readers."""
    global_edition.time_zone = "Europe/Kyiv"
    global_edition.save()
    article = make_live()
    day = (timezone.now().astimezone(KYIV) + timedelta(days=1)).date()
    response = post(desk, article, posted_at=f"{day:%Y-%m-%d} 15:49")
    assert response.status_code == 302
    entry = Entry.objects.get()
    expected = datetime(day.year, day.month, day.day, 15, 49, tzinfo=KYIV).astimezone(UTC)
    assert entry.posted_at == expected and not entry.is_public
    page = desk.get(composer(article)).content.decode()
    assert "live-entry--scheduled" in page and f"{day:%Y-%m-%d} 15:49" in page


def test_the_editors_own_zone_wins_over_the_editions(desk, editor, make_live):
    UserProfile.get_for_user(editor).__class__.objects.filter(user=editor).update(
        current_time_zone="America/New_York")
    article = make_live()
    day = timezone.now().date() + timedelta(days=2)
    post(desk, article, posted_at=f"{day:%Y-%m-%d} 09:00")
    expected = datetime(day.year, day.month, day.day, 9, 0,
                        tzinfo=zoneinfo.ZoneInfo("America/New_York"))
    assert Entry.objects.get().posted_at == expected


def test_a_wall_time_that_does_not_exist_is_refused(desk, make_live):
    """The hour skipped in March in Kyiv is refused on the form, not guessed."""
    article = make_live()
    year = timezone.now().year + 1
    march = datetime(year, 3, 31, tzinfo=UTC)
    last_sunday = march - timedelta(days=(march.weekday() + 1) % 7)
    response = post(desk, article, posted_at=f"{last_sunday:%Y-%m-%d} 03:30")
    assert response.status_code == 200 and not Entry.objects.exists()
    assert "help-critical" in response.content.decode()


def test_empty_text_is_a_form_error_and_changes_nothing(desk, make_live):
    article = make_live()
    before = state(article)
    response = post(desk, article, "  \n\n  ")
    assert response.status_code == 200
    assert "Write what happened." in response.content.decode()
    assert state(article) == before


def test_an_entry_is_edited_through_its_form(desk, make_live, editor, changes):
    """The edit form changes the text (the entry says "Updated"); a form sent back
    unchanged keeps the entry as it was."""
    article = make_live()
    entry = given(article, editor, "Two explosions.")
    prefix = f"entry-{entry.pk}-"
    form = {prefix + "text": "Two explosions.", prefix + "title": "",
            prefix + "posted_at": timezone.localtime(entry.posted_at, KYIV).strftime(
                "%Y-%m-%d %H:%M")}
    changes.clear()
    assert desk.post(entry_url(entry, "edit"), form).status_code == 302
    entry.refresh_from_db()
    assert entry.edited_at is None and changes == []
    form[prefix + "text"] = "Three explosions.\r\n\r\nNo casualties."
    assert desk.post(entry_url(entry, "edit"), form).status_code == 302
    entry.refresh_from_db()
    assert entry.edited_at and [b.block_type for b in entry.body] == ["paragraph"] * 2
    assert changes == [(article.pk, "entry")]
    assert logged(article, "dateline.live.edit") == 1


def test_an_edit_emptying_the_entry_comes_back_with_the_error(desk, make_live, editor):
    article = make_live()
    entry = given(article, editor)
    before = state(article)
    prefix = f"entry-{entry.pk}-"
    response = desk.post(entry_url(entry, "edit"), {prefix + "text": " "})
    assert response.status_code == 200
    assert "Write what happened." in response.content.decode()
    assert state(article) == before


def test_pin_key_event_publish_and_delete_through_the_buttons(
        desk, make_live, editor, reporter):
    article = make_live(owner=reporter)
    entry = given(article, reporter, "Reporter's draft.", publish=False)
    for operation in ("pin", "key", "publish"):
        assert desk.post(entry_url(entry, operation)).status_code == 302
    entry.refresh_from_db()
    assert entry.pinned and entry.key_event and entry.is_public
    for operation in ("unpin", "unkey"):
        desk.post(entry_url(entry, operation))
    entry.refresh_from_db()
    assert not entry.pinned and not entry.key_event
    assert desk.post(entry_url(entry, "delete")).status_code == 302
    entry.refresh_from_db()
    assert entry.status == Entry.Status.DELETED
    page = desk.get(composer(article)).content.decode()
    assert "Reporter&#x27;s draft." not in page and "Reporter's draft." not in page
    assert "Entry deleted." in page
    assert logged(article) == 7  # post, pin, key, publish, unpin, unkey, delete


def test_refused_buttons_say_why_and_change_nothing(client, reporter, make_live, editor):
    """A reporter may not publish or delete an editor's entry: a message, no change; a
    deleted entry cannot be touched again."""
    article = make_live(owner=reporter)
    entry = given(article, editor)
    client.force_login(reporter)
    before = state(article)
    for operation in ("publish", "delete", "pin"):
        response = client.post(entry_url(entry, operation), follow=True)
        assert response.status_code == 200
        assert "You may not do this to this live coverage." in response.content.decode()
        assert state(article) == before


def test_unknown_buttons_and_other_articles_entries_are_404(desk, make_live, editor):
    article, other = make_live(), make_live("Another live story")
    entry = given(other, editor)
    assert desk.post(entry_url(entry, "explode")).status_code == 404
    wrong = reverse("live_composer:entry", args=[article.pk, entry.pk, "delete"])
    assert desk.post(wrong).status_code == 404
    assert desk.get(entry_url(entry, "delete")).status_code == 405
    assert Entry.objects.get().status == Entry.Status.PUBLISHED


def test_coverage_is_ended_and_reopened(desk, make_live):
    article = make_live()
    assert desk.post(reverse("live_composer:coverage", args=[article.pk])).status_code == 302
    article.refresh_from_db()
    assert not article.coverage_open()
    assert "Reopen coverage" in desk.get(composer(article)).content.decode()
    desk.post(reverse("live_composer:coverage", args=[article.pk]), {"reopen": "1"})
    article.refresh_from_db()
    assert article.coverage_open()


def test_ending_unpublished_coverage_is_refused_with_a_message(desk, make_draft):
    from dateline.newsroom.models import Article

    article = make_draft("Live draft", kind=Article.Kind.LIVE)
    response = desk.post(reverse("live_composer:coverage", args=[article.pk]), follow=True)
    assert "Only published coverage can end." in response.content.decode()
    article.refresh_from_db()
    assert article.coverage_ended_at is None


def test_who_may_not_change_the_article_gets_403_and_changes_nothing(
        client, other_reporter, reporter, make_live, editor):
    article = make_live(owner=reporter)
    entry = given(article, editor)
    client.force_login(other_reporter)
    before = state(article)
    assert client.get(composer(article)).status_code == 403
    assert post(client, article).status_code == 403
    assert client.post(entry_url(entry, "delete")).status_code == 403
    assert client.post(reverse("live_composer:coverage", args=[article.pk])).status_code == 403
    assert state(article) == before


def test_anonymous_visitors_are_sent_to_sign_in(client, make_live):
    article = make_live()
    response = post(client, article)
    assert response.status_code == 302 and "/login/" in response.url
    assert not Entry.objects.exists()


def test_an_ordinary_article_has_no_composer(desk, make_published):
    article = make_published("Ordinary news")
    assert desk.get(composer(article)).status_code == 404
    assert post(desk, article).status_code == 404


def test_a_post_without_the_csrf_token_is_refused(editor, make_live):
    article = make_live()
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert post(client, article).status_code == 403
    assert not Entry.objects.exists()
    page = client.get(composer(article)).content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    assert post(client, article, csrfmiddlewaretoken=token).status_code == 302


def test_the_composer_is_reached_from_the_editor_and_the_list(desk, make_live,
                                                              make_published):
    """A live article's editor header and list row link to its composer; an ordinary
    article's do not; the composer links back to the editor and the public page."""
    live, ordinary = make_live(), make_published("Ordinary news")
    edit = reverse("wagtailsnippets_newsroom_article:edit", args=[live.pk])
    assert composer(live) in desk.get(edit).content.decode()
    other_edit = reverse("wagtailsnippets_newsroom_article:edit", args=[ordinary.pk])
    assert "/admin/live/" not in desk.get(other_edit).content.decode()
    listing = desk.get(reverse("wagtailsnippets_newsroom_article:list")).content.decode()
    assert listing.count("/admin/live/") == 1 and composer(live) in listing
    page = desk.get(composer(live)).content.decode()
    assert edit in page and live.get_absolute_url() in page
