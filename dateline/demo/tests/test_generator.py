import io
import json
import stat
from collections import Counter
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import F
from django.utils import timezone
from wagtail.models import ModelLogEntry, Revision

from dateline.demo import phrases, setup, stories, words
from dateline.demo.furnish import furnish
from dateline.demo.generator import flush_articles, generate
from dateline.demo.plan import Planner
from dateline.newsroom.models import Article, ArticleAuthor, ArticleTag, ArticleUpdate, Edition
from dateline.newsroom.roles import ROLE_ADMIN, ROLES

SMALL = {"days": 3, "per_day_main": 16, "per_day_global": 10}


@pytest.fixture
def now():
    return timezone.now().replace(second=0, microsecond=0)


@pytest.fixture
def newsroom(db, now):
    return generate(seed=3, now=now, **SMALL)


def fingerprint():
    return list(Article.objects.order_by("edition__code", "created_at", "headline").values_list(
        "edition__code", "headline", "slug", "first_published_at", "created_at",
        "translation_key", "kind"))


def published_live(**filters):
    """The published articles of the plan (the live coverage comes on top of it)."""
    return Article.objects.published().exclude(kind=Article.Kind.LIVE).filter(**filters)


def test_same_seed_same_newsroom(db, now):
    """Same seed, same newsroom: headlines, times, slugs and keys; another seed differs."""
    generate(seed=7, now=now, days=2, per_day_main=8, per_day_global=4)
    first = fingerprint()
    flush_articles()
    generate(seed=7, now=now, days=2, per_day_main=8, per_day_global=4)
    assert fingerprint() == first
    flush_articles()
    generate(seed=8, now=now, days=2, per_day_main=8, per_day_global=4)
    assert [row[1] for row in fingerprint()] != [row[1] for row in first]


def test_each_day_has_about_its_daily_rate(newsroom, now):
    """Each full day has the daily rate give or take jitter and weekends; today only its
    share so far."""
    days = Counter((a.edition.code, a.first_published_at.astimezone(a.edition.tz).date())
                   for a in published_live().select_related("edition"))
    today = now.astimezone(Article.objects.first().edition.tz).date()
    for (code, day), count in days.items():
        rate = SMALL[f"per_day_{code}"]
        if day != today:
            assert int(rate * 0.7) <= count <= round(rate * 1.1) + 1, (code, day, count)
        else:
            assert count <= round(rate * 1.1) + 1
    assert len({day for _code, day in days}) in (SMALL["days"], SMALL["days"] - 1)
    assert sum(newsroom["published"].values()) == published_live().count()


def test_nothing_is_published_in_the_future(newsroom, now):
    """Published items lie at or before ``now``; scheduled ones wait for the worker."""
    assert not published_live(first_published_at__gt=now).exists()
    assert not Article.objects.filter(live=True, first_published_at__gt=now).exists()
    scheduled = Revision.objects.filter(approved_go_live_at__isnull=False)
    assert scheduled.count() == sum(newsroom["scheduled"].values()) == 6
    assert all(now < revision.approved_go_live_at < now + timedelta(hours=11)
               for revision in scheduled)


def test_drafts_scheduled_and_expired_items_stay_off_the_site(newsroom):
    """Drafts, scheduled and expired items exist at the desk but readers never see them."""
    off_site = Article.objects.exclude(pk__in=Article.objects.published())
    drafts = off_site.filter(live=False, expired=False, go_live_at__isnull=True)
    assert drafts.count() == 20
    assert not drafts.filter(first_published_at__isnull=False).exists()
    assert all(draft.latest_revision and draft.has_unpublished_changes for draft in drafts)
    assert off_site.filter(go_live_at__isnull=False, live=False).count() == 6
    expired = off_site.filter(expired=True, live=False)
    assert expired.count() == 2
    assert all(article.expire_at < timezone.now() for article in expired)
    embargoed = off_site.filter(live=True, embargo_until__gt=timezone.now())
    assert embargoed.count() == 2  # one per edition, published under embargo
    assert off_site.count() == 30


def test_published_items_are_stored_as_wagtail_publishes_them(newsroom):
    """A live revision that is also the latest, no pending changes, history at the item's
    time, and link tables carrying the publication time."""
    for article in published_live().select_related("live_revision"):
        assert article.live_revision_id == article.latest_revision_id
        assert not article.has_unpublished_changes
        assert article.live_revision.created_at == article.last_published_at
        if article.updated_at:
            assert article.last_published_at == article.updated_at > article.first_published_at
        else:
            assert article.last_published_at == article.first_published_at
    first_publications = ModelLogEntry.objects.filter(action="wagtail.publish")
    assert {entry.timestamp for entry in first_publications} >= set(
        published_live().values_list("first_published_at", flat=True))
    for links in (ArticleAuthor, ArticleTag):
        assert not links.objects.filter(article__live=True).exclude(
            published_at=F("article__first_published_at")).exists()


def test_translations_share_the_key_of_their_source(newsroom):
    """A Global translation has its main-edition source's translation key and its own locale,
    and comes after it."""
    planned = Article.objects.exclude(kind=Article.Kind.LIVE)
    main = {a.translation_key: a for a in planned.filter(edition__code="main")}
    translations = [(main[a.translation_key], a)
                    for a in planned.filter(edition__code="global")
                    if a.translation_key in main]
    assert len(translations) == newsroom["translations"] > 0
    for source, translation in translations:
        assert (source.locale.language_code, translation.locale.language_code) == ("uk", "en")
        assert translation.first_published_at > source.first_published_at
        assert translation.headline != source.headline
        assert translation.kind == source.kind


def test_each_edition_has_an_open_and_an_ended_live_coverage(newsroom, now):
    """Entries posted over hours by several editors; the two editions' coverages are
    translations of each other."""
    for code in ("main", "global"):
        live = list(Article.objects.published().filter(edition__code=code,
                                                        kind=Article.Kind.LIVE))
        assert sorted(article.coverage_open(now) for article in live) == [False, True]
        for article in live:
            entries = list(article.live_entries.public(now).order_by("posted_at"))
            assert len(entries) >= 6
            assert len({entry.author_id for entry in entries}) > 1
            assert entries[-1].posted_at - entries[0].posted_at > timedelta(hours=2)
            assert any(entry.key_event for entry in entries)
            assert article.published_translations
            if not article.coverage_open(now):
                assert entries[-1].posted_at <= article.coverage_ended_at < now


def test_kinds_labels_and_notes_are_filed_like_a_newsroom_files_them(newsroom):
    """Columns carry the Opinion label and a columnist; update notes and corrections are
    dated after publication and mark the article as updated."""
    opinion_label = {"main": "Думка", "global": "OPINION"}
    for column in published_live(kind=Article.Kind.OPINION).select_related("edition"):
        assert opinion_label[column.edition.code] in {label.name for label in column.labels.all()}
        assert [author.is_columnist for author in column.ordered_authors()] == [True]
    notes = ArticleUpdate.objects.select_related("article")
    assert notes.count() == newsroom["update notes"] + newsroom["corrections"]
    latest = {}
    for note in notes:
        assert note.article.first_published_at < note.noted_at <= note.article.updated_at
        latest[note.article] = max(latest.get(note.article, note.noted_at), note.noted_at)
    # An article may have several notes (a source that drifted from its translation had
    # one before): its "Updated" time is its latest.
    assert all(article.updated_at == noted for article, noted in latest.items())
    assert published_live(main_image__isnull=False).count() > published_live().count() / 2


def test_bulk_mode_writes_exactly_n_published_articles(db, now):
    """Bulk mode: N published articles, all visible, with revisions holding their content
    and link tables carrying the publication time."""
    summary = generate(seed=5, now=now, articles=3000)
    assert published_live().count() == sum(summary["published"].values()) == 3000
    live = Article.objects.filter(live=True)
    assert not live.filter(live_revision__isnull=True).exists()
    assert not live.exclude(latest_revision=F("live_revision")).exists()
    for links in (ArticleAuthor, ArticleTag):
        assert links.objects.filter(article__live=True).exists()
        assert not links.objects.filter(article__live=True).exclude(
            published_at=F("article__first_published_at")).exists()
    for article in live.filter(updates__isnull=False)[:3]:
        assert_revision_holds(article)
    article = live.filter(related_links__isnull=False, labels__isnull=False).first()
    assert_revision_holds(article)
    article.full_clean()


def assert_revision_holds(article):
    """The revision's content is what Wagtail's serializable_data() gives for the article,
    apart from the fields publishing changes afterwards."""
    content = article.live_revision.content
    expected = json.loads(json.dumps(article.serializable_data(), cls=DjangoJSONEncoder))
    for key in ("live", "live_revision", "latest_revision", "last_published_at"):
        expected[key] = content[key]
    assert json.loads(expected.pop("body")) == json.loads(content.pop("body"))
    assert expected == content


def test_bulk_mode_goes_on_top_of_existing_articles(db, now):
    """Bulk mode adds to what is there: fresh slugs and translation keys, and the database's
    own key sequences continue after the rows written."""
    generate(seed=5, now=now, articles=300)
    generate(seed=5, now=now, articles=300)
    assert published_live().count() == 600
    assert Article.objects.values("slug", "edition").distinct().count() == Article.objects.count()
    article = Article.objects.filter(live=True).first()
    assert Article.objects.create(edition=article.edition, headline="After the bulk").pk > max(
        Article.objects.exclude(headline="After the bulk").values_list("pk", flat=True))


def test_flush_articles_leaves_nothing_behind(newsroom):
    """Flushing deletes articles with their revisions, history and links."""
    flush_articles()
    assert not Article.objects.exists()
    assert not Revision.objects.filter(base_content_type=Article.get_content_type()).exists()
    assert not ModelLogEntry.objects.filter(content_type=Article.get_content_type()).exists()
    assert not ArticleTag.objects.exists() and not ArticleAuthor.objects.exists()


def test_numbers_agree_with_their_nouns():
    """Ukrainian nouns take the form their number asks for; English counts singular and
    plural."""
    drones = words.COUNTED["drones"]
    assert [phrases.counted(drones, n, "uk") for n in (1, 3, 5, 11, 21, 1140)] == [
        "1 дрон", "3 дрони", "5 дронів", "11 дронів", "21 дрон", "1\u00a0140 дронів"]
    assert [phrases.counted(drones, n, "en") for n in (1, 1140)] == [
        "1 drone", "1,140 drones"]


def test_demo_newsroom_command_reports_what_it_made(db):
    """The command prints the summary and the time it took."""
    out = io.StringIO()
    call_command("demo_newsroom", "--articles", "200", "--flush-articles", stdout=out)
    assert "published      main" in out.getvalue()
    assert "Done in" in out.getvalue()
    assert published_live().count() == 200


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


def test_prepare_demo_generates_once_and_keeps_one_password(db, data_dir, monkeypatch):
    """The newsroom is made only when there are no articles; every role gets a login, all
    with one password kept (owner-only) in the data directory, the same on every start."""
    calls = []
    monkeypatch.setattr(setup, "generate", lambda seed, **kwargs: calls.append(seed))
    logins = setup.prepare_demo(stdout=io.StringIO())
    assert calls == [1]
    assert [role for role, _user, _password in logins] == ROLES
    assert [user for _role, user, _password in logins] == ["reporter", "editor", "chief",
                                                           "admin"]
    password = logins[0][2]
    path = data_dir / "demo-password"
    assert path.read_text().strip() == password
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    users = get_user_model().objects
    for role, username, _password in logins:
        user = users.get(username=username)
        assert user.check_password(password)
        assert list(user.groups.values_list("name", flat=True)) == [role]
        assert user.is_superuser == (role == ROLE_ADMIN)

    generate(seed=2, days=1, per_day_main=2, per_day_global=1)
    assert setup.prepare_demo(stdout=io.StringIO()) == logins
    assert calls == [1]


def test_every_template_and_sentence_renders_in_both_languages(db, now):
    """Every headline, lead, body sentence and note finds the slot forms it names, in English
    and in Ukrainian."""
    planner = Planner(1, furnish(), now)
    shared = [*words.GENERAL_SENTENCES, *words.SENTENCES["opinion"], *words.UPDATE_NOTES,
              *words.CORRECTION_NOTES, *words.INTERVIEW_LEADS, *words.OPINION_LEADS,
              *words.REVIEW_LEADS]
    for templates in stories.TEMPLATES.values():
        for template in templates:
            section = template["section"]
            texts = [(template["en"], template["uk"]), *words.SENTENCES[section], *shared]
            texts += [template["lead"]] if template["lead"] else []
            for lang in ("en", "uk"):
                forms = phrases.SlotForms(planner.stories._slots(section), lang)
                for pair in texts:
                    assert "{" not in pair[0 if lang == "en" else 1].format_map(forms)


def test_the_desk_has_translations_behind_their_sources(newsroom):
    """A newcomer's first desk shows translations out of date (their sources got an update
    note in the last hour) and a queue of untranslated stories."""
    from dateline.translations.models import TranslationSync
    from dateline.translations.queue import untranslated

    behind = TranslationSync.objects.filter(out_of_date_since__isnull=False)
    assert behind.count() == 3
    assert all(state.source.updates.exists() for state in behind)
    assert TranslationSync.objects.filter(out_of_date_since__isnull=True).exists()
    assert untranslated(Edition.objects.get(code="global")).exists()


def test_the_ukrainian_edition_writes_the_authors_names_in_ukrainian(db):
    """Each demo author has a Ukrainian name on the main edition (one author, a name per
    edition); the English edition uses the author's own."""
    from dateline.newsroom.models import Author

    room = furnish()
    main, other = room.editions["main"], room.editions["global"]
    iryna = Author.objects.named_in(main).get(name="Iryna Kovalchuk")
    assert iryna.shown_name == "Ірина Ковальчук"
    assert Author.objects.named_in(other).get(pk=iryna.pk).shown_name == "Iryna Kovalchuk"
    columnist = Author.objects.named_in(main).get(name=words.COLUMNISTS[0].name)
    assert columnist.shown_name == words.COLUMNISTS[0].uk
    assert not Author.objects.named_in(main).filter(shown_name__regex=r"^[A-Za-z ]+$").exists()
    furnish()  # again: found, not doubled
    assert iryna.edition_names.count() == 1
