"""The desk's shortcuts (issue 17) through real admin requests: the news in brief, "On the
home page" with its slots moved, and overdue articles marked in the Scheduled list. The
same journeys in Chromium, counted and timed, are in ``test_desk_journeys.py``."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry, Revision

from dateline.newsroom import actions
from dateline.newsroom.models import (
    Article,
    Author,
    FrontPage,
    FrontPageSlot,
    Label,
    Tag,
)
from dateline.newsroom.signals import furniture_changed

pytestmark = pytest.mark.django_db

BRIEF = "wagtailsnippets_newsroom_article:brief"


@pytest.fixture
def furniture():
    seen = []

    def receiver(sender, instance, action, **kwargs):
        seen.append((type(instance).__name__, action))

    furniture_changed.connect(receiver)
    yield seen
    furniture_changed.disconnect(receiver)


def test_a_news_in_brief_is_published_with_its_label_tag_and_author(
        client, editor, global_edition, main_edition, changes):
    label = Label.objects.create(edition=global_edition, name="Breaking")
    Label.objects.create(edition=main_edition, name="Терміново")
    Author.objects.create(name="Eddie Tor", user=editor)
    client.force_login(editor)
    page = client.get(reverse(BRIEF, args=[global_edition.pk])).content.decode()
    assert "Терміново" not in page  # only the edition's labels
    response = client.post(reverse(BRIEF, args=[global_edition.pk]), {
        "headline": "Night train to Lviv", "label": label.pk, "tag": "Railways",
        "text": "The first train leaves\non Friday.\r\n\r\nTickets <b>are</b> on sale.\n"})
    assert response.status_code == 302
    assert response["Location"] == reverse(BRIEF, args=[global_edition.pk])
    article = Article.objects.get(headline="Night train to Lviv")
    assert article.live and article.owner == editor and article.kind == Article.Kind.NEWS
    assert [block.value.source for block in article.body] == [
        "<p>The first train leaves on Friday.</p>",
        "<p>Tickets &lt;b&gt;are&lt;/b&gt; on sale.</p>"]
    assert list(article.labels.all()) == [label]
    tag = Tag.objects.get(name="Railways")  # made on the spot, in the article's edition
    assert tag.edition == global_edition
    assert [link.tag for link in article.tag_links.all()] == [tag]
    assert [author.name for author in article.ordered_authors()] == ["Eddie Tor"]
    assert changes == [(article.pk, "publish")]
    assert ModelLogEntry.objects.filter(object_id=str(article.pk), action="wagtail.publish",
                                        user=editor).exists()
    assert client.get(article.get_absolute_url()).status_code == 200


def test_a_news_in_brief_refuses_another_editions_label_and_an_empty_text(
        client, editor, global_edition, main_edition):
    other = Label.objects.create(edition=main_edition, name="Терміново")
    client.force_login(editor)
    response = client.post(reverse(BRIEF, args=[global_edition.pk]),
                           {"headline": "Nothing", "label": other.pk, "text": " \n ", "tag": ""})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"label", "text"}
    assert not Article.objects.exists()


def test_a_reporter_has_no_news_in_brief(client, reporter, global_edition):
    client.force_login(reporter)
    refused = client.post(reverse(BRIEF, args=[global_edition.pk]),
                          {"headline": "Mine", "text": "One.", "label": "", "tag": ""})
    # The admin's answer to PermissionDenied: back to the dashboard, "no permission".
    assert (refused.status_code, refused["Location"]) == (302, reverse("wagtailadmin_home"))
    assert not Article.objects.exists()
    assert "data-brief" not in client.get(reverse("wagtailadmin_home")).content.decode()


def _front(edition, make_published, count=3):
    front = FrontPage.objects.create(edition=edition)
    articles = [make_published(f"Slot {n}", edition=edition) for n in range(count)]
    slots = [FrontPageSlot.objects.create(front_page=front, article=article, sort_order=n)
             for n, article in enumerate(articles)]
    return front, slots


def _order(front):
    return list(front.slots.order_by("sort_order").values_list("article__headline", flat=True))


def test_moving_a_slot_reorders_the_front_page_and_announces_it(
        client, editor, global_edition, make_published, furniture):
    front, slots = _front(global_edition, make_published)
    client.force_login(editor)
    furniture.clear()
    response = client.post(reverse("wagtailsnippets_newsroom_frontpage:move_slot",
                                   args=[slots[2].pk]) + "?position=0")
    assert response.status_code == 200
    assert _order(front) == ["Slot 2", "Slot 0", "Slot 1"]
    assert furniture and set(furniture) == {("FrontPageSlot", "change")}
    assert ModelLogEntry.objects.filter(object_id=str(front.pk), user=editor).exists()
    html = client.get("/global/").content.decode()
    assert html.index("Slot 2") < html.index("Slot 0") < html.index("Slot 1")


def test_only_who_may_change_front_pages_moves_a_slot(reporter, global_edition,
                                                      make_published, main_edition):
    front, slots = _front(global_edition, make_published, count=2)
    with pytest.raises(PermissionDenied):
        actions.MoveFrontPageSlotAction(front, slots[1], 0, user=reporter).execute()
    other = FrontPage.objects.create(edition=main_edition)
    with pytest.raises(ValidationError):
        actions.MoveFrontPageSlotAction(other, slots[1], 0).execute()
    assert _order(front) == ["Slot 0", "Slot 1"]


def test_on_the_home_page_says_which_slots_readers_see(client, editor, global_edition,
                                                       make_published, make_draft):
    front, slots = _front(global_edition, make_published, count=2)
    FrontPageSlot.objects.create(front_page=front, article=make_draft("Not yet out"),
                                 sort_order=2)
    client.force_login(editor)
    html = client.get(reverse("wagtailsnippets_newsroom_frontpage:now")).content.decode()
    assert 'data-controller="w-orderable"' in html
    assert html.index("Slot 0") < html.index("Slot 1") < html.index("Not yet out")
    row = html[html.index("Not yet out"):]
    assert row.index("Not published: skipped") < row.index("</tr>")


def test_the_scheduled_list_marks_overdue_articles(client, editor, make_draft):
    soon = make_draft("Later today", go_live_at=timezone.now() + timedelta(hours=3))
    soon.latest_revision.publish()
    late = make_draft("Should be out", go_live_at=timezone.now() + timedelta(hours=3))
    late.latest_revision.publish()
    Revision.objects.filter(pk=late.latest_revision_id).update(
        approved_go_live_at=timezone.now() - timedelta(minutes=5))
    client.force_login(editor)
    html = client.get(reverse("wagtailsnippets_newsroom_article:scheduled")).content.decode()
    rows = {headline: html[html.index(headline):].split("</tr>")[0]
            for headline in ("Later today", "Should be out")}
    assert "data-overdue" in rows["Should be out"] and "Overdue" in rows["Should be out"]
    assert "data-overdue" not in rows["Later today"]


def test_on_the_home_page_says_which_slots_find_no_place(client, editor, global_edition,
                                                         make_published):
    """The home page has a top story and six featured places: an eighth slot is not shown."""
    _front(global_edition, make_published, count=8)
    client.force_login(editor)
    html = client.get(reverse("wagtailsnippets_newsroom_frontpage:now")).content.decode()
    assert html.count("No place left: not shown") == 1
    assert html[html.index("Slot 7"):].index("No place left") < html[
        html.index("Slot 7"):].index("</tr>")
    home = client.get("/global/").content.decode()
    featured = home[home.index('class="featured"'):].split("</section>")[0]
    assert "Slot 6" in featured and "Slot 7" not in featured
