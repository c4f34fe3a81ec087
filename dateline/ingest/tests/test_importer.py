import os
from datetime import UTC, datetime
from unittest import mock

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone
from wagtail.models import ModelLogEntry, Revision

from dateline.conftest import HOSTILE
from dateline.ingest.importer import Ingester
from dateline.ingest.models import IngestedItem, LabelMapping
from dateline.newsroom import actions
from dateline.newsroom.models import Article, Author, Label, NewsImage, Tag

from .conftest import jpeg_bytes
from .samples import FORMATS, hostile_story, story

pytestmark = pytest.mark.django_db


def ingest(edition, document, **options):
    return Ingester(edition, **options).ingest_bytes(document, origin="test")


def state():
    """Everything an ingest run could write, to prove that a run wrote nothing."""
    return {
        "articles": list(Article.objects.order_by("pk").values_list(
            "pk", "headline", "live", "latest_revision_id", "live_revision_id", "updated_at")),
        "revisions": Revision.objects.count(), "log": ModelLogEntry.objects.count(),
        "items": list(IngestedItem.objects.values_list("pk", "version", "changed_at")),
        "tags": Tag.objects.count(), "authors": Author.objects.count(),
        "images": NewsImage.objects.count(),
    }


@pytest.mark.parametrize("name", FORMATS)
def test_new_items_become_drafts_with_everything_the_source_carries(name, global_edition):
    """By default each item is a draft for an editor: text, body blocks, authors, tags."""
    report = ingest(global_edition, FORMATS[name]([story(1), story(2)]))
    assert (report.count("new"), report.rejected) == (2, [])
    article = Article.objects.get(headline="Story number 1")
    assert not article.live and article.first_published_at is None
    assert article.edition == global_edition and article.lead == "The lead of the story."
    assert [block.block_type for block in article.body] == ["paragraph", "paragraph"]
    assert article.body[1].value.source == "<p>Second <b>bold</b> paragraph.</p>"
    assert [author.name for author in article.ordered_authors()] == ["Jane Doe"]
    assert [link.tag.name for link in article.tag_links.all()] == ["Politics"]
    assert Tag.objects.get().edition == global_edition
    assert Author.objects.count() == 1  # matched by name for the second story
    assert article.latest_revision is not None
    assert "wagtail.create" in ModelLogEntry.objects.filter(
        object_id=str(article.pk)).values_list("action", flat=True)
    record = IngestedItem.objects.get(article=article)
    assert record.external_id.endswith("urn:newsml:example.com:2024:1")
    assert record.source_published_at == datetime(2024, 10, 15, 12, 52, tzinfo=UTC)
    assert "+03:00" in record.source_published or "+0300" in record.source_published


def test_publish_keeps_the_sources_first_published_time(global_edition, changes):
    """With --publish, items go live at the source's first-published time, with signals."""
    ingest(global_edition, FORMATS["ninjs-2"]([story(1)]), publish=True)
    article = Article.objects.get()
    assert article.live and article in Article.objects.published()
    assert article.first_published_at == datetime(2024, 10, 15, 12, 52, tzinfo=UTC)
    assert changes == [(article.pk, "publish")]


def test_a_future_publication_time_is_not_in_the_future(global_edition):
    """A source time ahead of our clock is clamped to now, so the item is visible."""
    ingest(global_edition, FORMATS["ninjs-3"]([story(1, published="2999-01-01T00:00:00Z",
                                                      updated="2999-01-01T00:00:00Z")]),
           publish=True)
    assert Article.objects.published().count() == 1


def test_an_embargo_becomes_a_schedule(global_edition):
    """An embargoed ninjs item is scheduled for the embargo time, not published before."""
    import json

    from .samples import ninjs_v2

    item = ninjs_v2(story(1))
    item["embargoed"] = "2999-01-01T00:00:00+00:00"
    ingest(global_edition, json.dumps(item).encode(), publish=True)
    article = Article.objects.get()
    assert not article.live and article not in Article.objects.published()
    assert article.latest_revision.approved_go_live_at == datetime(2999, 1, 1,
                                                                   tzinfo=UTC)
    # Held by the embargo too, should an editor publish it sooner by mistake.
    assert article.embargo_until == datetime(2999, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize("name", FORMATS)
@pytest.mark.parametrize("publish", [False, True])
def test_ingesting_the_same_document_twice_changes_nothing(name, publish, global_edition,
                                                          changes):
    """The second run of an unchanged document writes nothing and announces nothing."""
    document = FORMATS[name]([story(1), story(2), hostile_story()])
    assert ingest(global_edition, document, publish=publish).count("new") == 3
    before, changes_before = state(), list(changes)
    report = ingest(global_edition, document, publish=publish)
    assert report.count("unchanged") == 3 and report.count("new") == 0
    assert state() == before and changes == changes_before


def test_hostile_text_is_stored_as_text(global_edition):
    """Headline, lead, author and tag keep the hostile string; the body loses the script."""
    ingest(global_edition, FORMATS["rss"]([hostile_story()]))
    article = Article.objects.get()
    assert article.headline == HOSTILE and article.lead == HOSTILE
    assert Tag.objects.get().name == HOSTILE
    body = "".join(str(block.value.source) for block in article.body)
    assert "<script" not in body and "javascript:" not in body and "onclick" not in body


def test_newer_version_updates_a_draft_without_a_note(global_edition):
    """A newer version of a draft makes a new draft revision; there is nothing to note."""
    ingest(global_edition, FORMATS["ninjs-2"]([story(1)]))
    report = ingest(global_edition, FORMATS["ninjs-2"]([story(1).newer(headline="New headline")]))
    assert report.count("updated") == 1
    article = Article.objects.get()
    assert article.headline == "New headline" and not article.live
    assert article.revisions.count() == 2 and not article.updates.exists()
    assert IngestedItem.objects.get().version == "2"


@pytest.mark.parametrize("name", FORMATS)
def test_newer_version_of_a_live_article_is_published_with_an_update_note(name, global_edition,
                                                                         changes):
    """When the run publishes, a live article gets the new text and a public update note."""
    ingest(global_edition, FORMATS[name]([story(1)]), publish=True)
    article = Article.objects.get()
    changes.clear()
    newer = story(1).newer(body="<p>New facts.</p>")
    report = ingest(global_edition, FORMATS[name]([newer]), publish=True)
    assert report.count("updated") == 1, report.outcomes
    article.refresh_from_db()
    assert article.live and [block.value.source for block in article.body] == ["<p>New facts.</p>"]
    note = article.updates.get()
    assert article.updated_at == note.noted_at
    assert "dateline.update" in ModelLogEntry.objects.filter(
        object_id=str(article.pk)).values_list("action", flat=True)
    assert changes == [(article.pk, "publish"), (article.pk, "update")]


def test_newer_version_of_a_live_article_waits_as_a_draft_without_publish(global_edition):
    """Without --publish, what readers see does not change: the update is a draft revision."""
    ingest(global_edition, FORMATS["atom"]([story(1)]), publish=True)
    ingest(global_edition, FORMATS["atom"]([story(1).newer(headline="Changed")]))
    article = Article.objects.get()
    assert article.headline == "Story number 1" and article.has_unpublished_changes
    assert article.get_latest_revision_as_object().headline == "Changed"
    assert not article.updates.exists()


@pytest.mark.parametrize("name", FORMATS)
def test_older_version_is_ignored(name, global_edition):
    """A copy older than the one taken changes nothing."""
    current = story(1).newer(headline="Current")
    ingest(global_edition, FORMATS[name]([current]))
    before = state()
    older = story(1, headline="Outdated", updated="2024-10-15T16:00:00+03:00")
    report = ingest(global_edition, FORMATS[name]([older]))
    assert report.count("older") == 1 and state() == before


def test_a_version_bump_without_new_content_touches_only_the_record(global_edition):
    """The same content under a new version number is recorded; the article is not edited."""
    ingest(global_edition, FORMATS["ninjs-2"]([story(1)]))
    revisions = Revision.objects.count()
    assert ingest(global_edition, FORMATS["ninjs-2"]([story(1).newer()])).count("unchanged") == 1
    assert Revision.objects.count() == revisions
    assert IngestedItem.objects.get().version == "2"


def test_labels_follow_the_editable_mapping_and_unmapped_categories_become_tags(global_edition):
    """Genres and categories that map to a label give that label; others become tags."""
    opinion = Label.objects.create(edition=global_edition, name="OPINION")
    LabelMapping.objects.create(edition=global_edition, source_term="opinion", label=opinion)
    LabelMapping.objects.create(edition=global_edition, label=opinion,
                                source_term="http://cv.iptc.org/newscodes/genre/Comment")
    ingest(global_edition, FORMATS["rss"]([story(1, subjects=["Politics", "Opinion"])]))
    ingest(global_edition, FORMATS["ninjs-2"]([story(2, genres=["Comment", "Unknown"])]))
    first, second = Article.objects.order_by("pk")
    assert list(first.labels.all()) == [opinion]
    assert [link.tag.name for link in first.tag_links.all()] == ["Politics"]
    assert list(second.labels.all()) == [opinion]
    assert not Tag.objects.filter(name__in=["Unknown", "Comment", "Opinion"]).exists()


def test_tags_belong_to_the_edition_and_authors_are_shared(main_edition, global_edition):
    """The same subject in two editions gives two tags; the same author is one author."""
    ingest(global_edition, FORMATS["jsonfeed"]([story(1)]))
    ingest(main_edition, FORMATS["jsonfeed"]([story(1)]))
    assert Tag.objects.filter(name="Politics").count() == 2
    assert Author.objects.count() == 1
    assert IngestedItem.objects.count() == 2 and Article.objects.count() == 2


def test_a_subject_named_as_another_edition_names_it_files_under_its_counterpart(
        main_edition, global_edition):
    """A wire writing «Війна» for the English edition: the story goes under "War", the
    tag paired with «Війна» on the desk, not under a new Ukrainian tag."""
    from dateline.translations.models import TagCounterpart

    war = Tag.objects.create(edition=global_edition, name="War")
    TagCounterpart.objects.create(one=Tag.objects.create(edition=main_edition, name="Війна"),
                                  other=war)
    ingest(global_edition, FORMATS["rss"]([story(1, subjects=["війна", "Drones"])]))
    article = Article.objects.get()
    assert sorted(link.tag.name for link in article.tag_links.all()) == ["Drones", "War"]
    assert list(Tag.objects.filter(edition=global_edition).order_by("name")
                .values_list("name", flat=True)) == ["Drones", "War"]


def test_existing_authors_are_matched_by_name(global_edition):
    """An author already on file is used, whatever the letter case in the byline."""
    columnist = Author.objects.create(name="Jane Doe", role="Columnist")
    ingest(global_edition, FORMATS["ninjs-1"]([story(1, authors=["JANE DOE", "New Person"])]))
    assert Article.objects.get().ordered_authors()[0] == columnist
    assert Author.objects.filter(name="New Person").exists()


def test_main_image_is_fetched_and_stored_with_its_credit(global_edition, server):
    """The linked picture is fetched through the guard and kept as a NewsImage with credit."""
    url = server.serve("/a.jpg", jpeg_bytes(), headers={"Content-Type": "image/jpeg"})
    source = story(1, image=url, credit="Reuters / Jane Doe", caption="At the front")
    ingest(global_edition, FORMATS["ninjs-3"]([source]), allow_loopback=True)
    article = Article.objects.get()
    image = article.main_image
    assert (image.credit, image.caption, image.width, image.height) == (
        "Reuters / Jane Doe", "At the front", 64, 48)
    assert article.credit == "Reuters / Jane Doe"
    # The same picture again (another story) is not stored twice; an unchanged item is
    # not fetched again.
    ingest(global_edition, FORMATS["ninjs-3"]([source, story(2, image=url)]), allow_loopback=True)
    assert NewsImage.objects.count() == 1
    assert len(server.requests) == 2


def test_images_are_refused_on_loopback_by_default(global_edition, server):
    """Without the test switch, an image address on loopback rejects the item."""
    url = server.serve("/a.jpg", jpeg_bytes())
    report = ingest(global_edition, FORMATS["rss"]([story(1, image=url), story(2)]))
    assert "loopback" in report.rejected[0].reason
    assert list(Article.objects.values_list("headline", flat=True)) == ["Story number 2"]
    assert server.requests == []


@pytest.mark.parametrize("body, headers, reason", [
    (b"not a picture", {"Content-Type": "image/jpeg"}, "not a readable picture"),
    (jpeg_bytes()[:100], {"Content-Type": "image/jpeg"}, "not a readable picture"),
    (b"", {}, "not a readable picture"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'/>", {"Content-Type": "image/svg+xml"},
     "not a readable picture"),
])
def test_a_broken_image_rejects_its_item_only(global_edition, server, body, headers, reason):
    """A broken picture is reported with its item; the good items of the source go in."""
    broken = server.serve("/broken", body, headers=headers)
    report = ingest(global_edition, FORMATS["atom"]([story(1, image=broken), story(2)]),
                    allow_loopback=True)
    assert reason in report.rejected[0].reason
    assert list(Article.objects.values_list("headline", flat=True)) == ["Story number 2"]
    assert not NewsImage.objects.exists()


def test_a_missing_image_rejects_the_item(global_edition, server):
    """An image address that answers 404 is a broken image."""
    report = ingest(global_edition, FORMATS["rss"]([story(1, image=server.url("/gone.jpg"))]),
                    allow_loopback=True)
    assert "HTTP 404" in report.rejected[0].reason and not Article.objects.exists()


def test_nothing_half_written_stays_when_an_item_fails_midway(global_edition, server):
    """A failure after the image, tags and author were written rolls all of them back."""
    url = server.serve("/a.jpg", jpeg_bytes())
    files_before = _stored_files()
    with mock.patch.object(actions.CreateAction, "execute",
                           side_effect=RuntimeError("disk on fire")):
        report = ingest(global_edition, FORMATS["ninjs-2"]([story(1, image=url)]),
                        allow_loopback=True)
    assert report.rejected[0].reason == "internal error: disk on fire"
    assert (Article.objects.count(), Tag.objects.count(), Author.objects.count(),
            NewsImage.objects.count(), IngestedItem.objects.count()) == (0, 0, 0, 0, 0)
    assert _stored_files() == files_before
    # The next run takes the item normally.
    report = ingest(global_edition, FORMATS["ninjs-2"]([story(1, image=url)]), allow_loopback=True)
    assert report.count("new") == 1 and Tag.objects.count() == 1


def _stored_files():
    folder = default_storage.path("original_images")
    return set(os.listdir(folder)) if os.path.isdir(folder) else set()


def test_a_duplicate_id_in_one_document_is_taken_once(global_edition):
    """Two copies of one item in a document make one article."""
    report = ingest(global_edition, FORMATS["rss"]([story(1), story(1)]))
    assert (report.count("new"), report.count("unchanged")) == (1, 1)
    assert Article.objects.count() == 1


def test_an_article_deleted_at_the_desk_is_not_brought_back(global_edition):
    """Deleting an ingested draft keeps its record, so later runs skip the item."""
    ingest(global_edition, FORMATS["rss"]([story(1)]))
    Article.objects.get().delete()
    assert ingest(global_edition, FORMATS["rss"]([story(1)])).count("unchanged") == 1
    report = ingest(global_edition, FORMATS["rss"]([story(1).newer(headline="Again")]))
    assert report.count("skipped") == 1 and "deleted" in report.outcomes[0].reason
    assert not Article.objects.exists()


def test_retracted_and_locked_articles_are_not_updated(global_edition, editor):
    """A retracted article stays retracted; a locked one waits until it is unlocked."""
    ingest(global_edition, FORMATS["ninjs-2"]([story(1), story(2)]), publish=True)
    retracted, locked = Article.objects.order_by("pk")
    actions.RetractAction(retracted, note="Wrong", user=None).execute()
    Article.objects.filter(pk=locked.pk).update(locked=True, locked_by=editor,
                                                locked_at=timezone.now())
    newer = [story(1).newer(headline="X"), story(2).newer(headline="Y")]
    report = ingest(global_edition, FORMATS["ninjs-2"](newer), publish=True)
    assert [outcome.action for outcome in report.outcomes] == ["skipped", "skipped"]
    assert "retracted" in report.outcomes[0].reason and "locked" in report.outcomes[1].reason
    Article.objects.filter(pk=locked.pk).update(locked=False)
    assert ingest(global_edition, FORMATS["ninjs-2"](newer), publish=True).count("updated") == 1


def test_dry_run_reports_and_changes_nothing(global_edition, server):
    """A dry run says what would be new or updated, and writes and fetches nothing."""
    ingest(global_edition, FORMATS["atom"]([story(1)]))
    before = state()
    url = server.serve("/a.jpg", jpeg_bytes())
    report = ingest(global_edition, FORMATS["atom"]([story(1).newer(headline="New"),
                                                     story(2, image=url), story(3, headline="")]),
                    dry_run=True, publish=True, allow_loopback=True)
    assert [outcome.action for outcome in report.outcomes] == ["updated", "new", "rejected"]
    assert report.summary().startswith("test (atom): dry run, would be: 1 new, 1 updated")
    assert state() == before and server.requests == []


def test_permissions_of_the_acting_user_are_checked(global_edition, reporter, editor):
    """A reporter may ingest drafts but not publish; a denied item leaves nothing behind."""
    report = ingest(global_edition, FORMATS["rss"]([story(1)]), publish=True, user=reporter)
    assert "permission denied" in report.rejected[0].reason
    assert (Article.objects.count(), Tag.objects.count(), IngestedItem.objects.count()) == (0, 0, 0)
    # As on the desk, a reporter may not make an author: the byline must exist already.
    report = ingest(global_edition, FORMATS["rss"]([story(1)]), user=reporter)
    assert "may not create authors" in report.rejected[0].reason
    Author.objects.create(name="Jane Doe")
    assert ingest(global_edition, FORMATS["rss"]([story(1)]), user=reporter).count("new") == 1
    assert Article.objects.get().owner == reporter
    report = ingest(global_edition, FORMATS["rss"]([story(2)]), publish=True, user=editor)
    assert report.count("new") == 1 and Article.objects.get(headline="Story number 2").live


def test_headline_longer_than_the_field_is_rejected(global_edition):
    """A headline over 255 characters is refused rather than cut."""
    report = ingest(global_edition, FORMATS["jsonfeed"]([story(1, headline="x" * 300), story(2)]))
    assert "headline longer" in report.rejected[0].reason and report.count("new") == 1


def test_source_level_errors_are_reported_not_raised(global_edition):
    """A document that is not a feed fails the run with the reason and writes nothing."""
    report = ingest(global_edition, b"<html>nope</html>")
    assert "unknown kind" in report.error and report.outcomes == []
    assert report.summary().startswith("test: failed")
