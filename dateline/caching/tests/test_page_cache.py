"""The page cache: what it stores, what it never stores, and what a change purges."""

from datetime import UTC, datetime

import pytest
from django.core.cache import caches
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from dateline.caching import keys, store
from dateline.caching.middleware import PageCacheMiddleware
from dateline.caching.shows import shows
from dateline.newsroom import actions
from dateline.newsroom.models import Article, ArticleTag, Tag

pytestmark = pytest.mark.django_db


def hit(response):
    return response.get("X-Page-Cache") == "hit"


def warm(client, *urls):
    """Fetch each URL until it is served from the cache; the last responses."""
    for url in urls:
        client.get(url)
        assert hit(client.get(url)), url


# -- what is stored --------------------------------------------------------------------------

def test_a_second_anonymous_read_is_served_from_the_cache_without_queries(
        client, newsroom, django_assert_num_queries):
    """The second request for a page is a hit, the same bytes, and reads no database."""
    first = client.get("/global/")
    assert first.status_code == 200 and first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get("/global/")
    assert hit(second) and second.content == first.content
    assert second["ETag"] == first["ETag"]


class _CountingCalls:
    """The real pages cache, counting the calls made to it: each is one round trip to
    Redis (``get_many`` is one MGET)."""

    def __init__(self, cache):
        self._cache, self.calls = cache, []

    def __getattr__(self, name):
        method = getattr(self._cache, name)

        def counted(*args, **kwargs):
            self.calls.append(name)
            return method(*args, **kwargs)

        return counted


@pytest.mark.parametrize("path", ["/global/", "/global/news/", "/global/tag/war/"])
def test_a_hit_is_one_round_trip_to_the_cache(client, newsroom, monkeypatch, path):
    """A process that stored or served a page knows its keys: the next hit reads the entry
    and their purge times together."""
    warm(client, path)
    counting = _CountingCalls(caches["pages"])
    monkeypatch.setattr(store, "_cache", lambda: counting)
    assert hit(client.get(path))
    assert counting.calls == ["get_many"]


def test_a_new_release_renders_pages_anew(client, newsroom, monkeypatch):
    """Entries are keyed by the release that rendered them: after a deploy that changes a
    template or a view, the first read renders again instead of serving the old look."""
    warm(client, "/global/")
    monkeypatch.setenv("DATELINE_RELEASE", "next-release")
    store.release.cache_clear()
    try:
        assert client.get("/global/")["X-Page-Cache"] == "miss"
        assert hit(client.get("/global/"))
    finally:
        monkeypatch.delenv("DATELINE_RELEASE")
        store.release.cache_clear()


def test_public_responses_tell_shared_caches_to_keep_them_and_browsers_to_revalidate(
        client, newsroom):
    response = client.get("/global/news/")
    control = response["Cache-Control"]
    assert "public" in control and "max-age=0" in control and "s-maxage=" in control
    assert "stale-while-revalidate=" in control and "stale-if-error=" in control
    assert response["ETag"] and response["Last-Modified"]


@pytest.mark.parametrize("path", ["/global/", "/global/news/", "/feeds/global/rss.xml",
                                  "/api/v1/editions/global/articles", "/sitemap.xml"])
def test_a_reader_holding_the_current_version_gets_304(client, newsroom, path):
    """If-None-Match answers 304, from the cache and from a fresh render alike."""
    etag = client.get(path)["ETag"]
    for _ in range(2):  # the miss, then the hit
        caches["pages"].clear() if _ == 0 else None
        response = client.get(path, HTTP_IF_NONE_MATCH=etag)
        assert response.status_code == 304, path
        assert response["ETag"] == etag and not response.content


def test_if_modified_since_answers_304_from_the_cache(client, newsroom):
    client.get("/global/news/")
    stored = client.get("/global/news/")
    assert hit(stored)
    response = client.get("/global/news/", HTTP_IF_MODIFIED_SINCE=stored["Last-Modified"])
    assert response.status_code == 304


def test_the_surrogate_keys_name_every_article_and_list_a_page_shows(client, newsroom):
    """A tag page carries the tag's list and each article it shows; the edition's furniture."""
    tag = newsroom["global"]["tag"]
    response = client.get(f"/global/tag/{tag.slug}/")
    carried = set(response["xkey"].split())
    shown = {keys.article(a.pk) for a in newsroom["global"]["articles"]}
    assert shown <= carried
    assert {keys.SITE, keys.edition(tag.edition_id), keys.listing("tag", tag.pk)} <= carried
    assert not any(keys.article(a.pk) in carried for a in newsroom["main"]["articles"])


def test_pages_showing_the_edition_news_list_leave_out_its_articles_keys(client, newsroom):
    """Any change to one of the edition's articles purges the list's key: their own keys
    would only make a hit dearer. An article page keeps its own key, and its translations'
    (they are in another edition)."""
    article = newsroom["global"]["articles"][0]
    translation = newsroom["main"]["articles"][0]
    assert translation.translation_key == Article.objects.get(pk=article.pk).translation_key
    carried = set(client.get(article.get_absolute_url())["xkey"].split())
    assert keys.listing("edition", article.edition_id) in carried
    assert {key for key in carried if key.startswith("article-")} == {
        keys.article(article.pk), keys.article(translation.pk)}
    carried = set(client.get("/global/news/")["xkey"].split())
    assert not any(key.startswith("article-") for key in carried)


# -- what is never stored --------------------------------------------------------------------

def test_pages_for_signed_in_users_are_private_and_never_stored(client, newsroom, editor):
    client.force_login(editor)
    for _ in range(2):
        response = client.get("/global/")
        assert response["Cache-Control"] == "private, no-store"
        assert "X-Page-Cache" not in response and "xkey" not in response
    client.logout()
    assert client.get("/global/")["X-Page-Cache"] == "miss"


def test_a_signed_in_editor_never_gets_a_page_stored_for_readers(client, newsroom, editor):
    """Even when the anonymous version is cached, the editor's request renders afresh."""
    warm(client, "/global/news/")
    client.force_login(editor)
    assert "X-Page-Cache" not in client.get("/global/news/")


def test_requests_with_credentials_bypass_the_cache(client, newsroom):
    warm(client, "/api/v1/editions/global/articles")
    response = client.get("/api/v1/editions/global/articles", HTTP_AUTHORIZATION="Bearer nope")
    assert "X-Page-Cache" not in response


def test_the_desk_and_previews_are_never_cached(client, newsroom, editor):
    client.force_login(editor)
    article = newsroom["global"]["articles"][0]
    response = client.get(f"/admin/snippets/newsroom/article/preview/{article.pk}/")
    assert "no-store" in response["Cache-Control"] and "public" not in response["Cache-Control"]


def test_errors_are_never_stored(client, newsroom):
    for _ in range(2):
        response = client.get("/global/news/no-such-story/")
        assert response.status_code == 404
        assert "X-Page-Cache" not in response and response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("make_response", [
    lambda: _with_cookie(HttpResponse("hi")),
    lambda: _with_header(HttpResponse("hi"), "Cache-Control", "private"),
    lambda: _with_header(HttpResponse("hi"), "Vary", "User-Agent"),
    lambda: HttpResponse("hi", status=302),
], ids=["sets-a-cookie", "marked-private", "varies-on-user-agent", "redirect"])
def test_responses_that_are_not_for_everyone_are_never_stored(make_response):
    """A view that sets a cookie, marks itself private or varies on a header outside the
    key is passed through and never stored."""
    calls = []

    def view(request):
        calls.append(request)
        return make_response()

    middleware = PageCacheMiddleware(view)
    for _ in range(2):
        response = middleware(RequestFactory().get("/somewhere/"))
        assert "X-Page-Cache" not in response
    assert len(calls) == 2


def _with_cookie(response):
    response.set_cookie("tracking", "1")
    return response


def _with_header(response, name, value):
    response[name] = value
    return response


@override_settings(DATELINE_PAGE_CACHE=False)
def test_with_the_page_cache_off_every_request_renders_but_headers_stay(client, newsroom):
    """Off, nothing is stored, and the proxy still gets its cache headers and keys."""
    for _ in range(2):
        response = client.get("/global/")
        assert "X-Page-Cache" not in response
        assert "public" in response["Cache-Control"] and response["xkey"]


# -- what a change purges ----------------------------------------------------------------------

def _pages_of(article):
    edition = article.edition
    root = edition.root_path
    tag = article.tag_links.first().tag
    author = article.author_links.first().author
    local = article.first_published_at.astimezone(edition.tz)
    return [
        root, f"{root}news/", article.get_absolute_url(),
        f"{root}section/{article.section.slug}/", f"{root}tag/{tag.slug}/",
        f"{root}author/{author.slug}/", f"{root}{local:%Y/%m/%d}/",
        f"/feeds/{edition.code}/rss.xml", f"/feeds/{edition.code}/tag/{tag.slug}/atom.xml",
        f"/sitemaps/{edition.code}/news.xml", f"/sitemaps/{edition.code}/articles.xml?p=1",
        f"/api/v1/editions/{edition.code}/articles", f"/api/v1/articles/{article.pk}",
    ]


def test_an_update_purges_every_page_that_shows_the_article(client, newsroom):
    """Every page, feed, sitemap and API read showing the article serves the new version."""
    article = newsroom["global"]["articles"][1]
    pages = _pages_of(article)
    warm(client, *pages)
    article.headline = "A corrected headline"
    article.save_revision().publish()
    for url in pages:
        response = client.get(url)
        assert not hit(response), url
        if "articles.xml" not in url:  # an article sitemap shows addresses, not headlines
            assert b"A corrected headline" in response.content, url


def test_a_publish_shows_the_new_article_on_every_list_it_joins(client, newsroom, make_draft):
    existing = newsroom["global"]["articles"][0]
    pages = _pages_of(existing)
    warm(client, *pages)
    fresh = make_draft("Breaking: a new story", section=existing.section)
    ArticleTag.objects.create(article=fresh, tag=newsroom["global"]["tag"])
    fresh.save_revision()
    actions.PublishAction(fresh).execute()
    for url in pages[:2] + pages[3:5] + pages[7:10] + pages[11:12]:
        response = client.get(url)
        assert b"Breaking: a new story" in response.content, url


def test_an_unpublished_article_disappears_from_every_cached_page(client, newsroom):
    article = newsroom["global"]["articles"][2]
    pages = _pages_of(article)
    warm(client, *pages)
    actions.UnpublishAction(article).execute()
    assert client.get(article.get_absolute_url()).status_code == 404
    assert client.get(f"/api/v1/articles/{article.pk}").status_code == 404
    for url in pages[:2] + pages[3:]:
        if "/api/v1/articles/" in url:
            continue
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert article.slug.encode() not in response.content, url


def test_a_translation_published_updates_the_language_switch_of_its_original(
        client, newsroom):
    original = newsroom["main"]["articles"][1]
    warm(client, original.get_absolute_url())
    translation = Article.objects.get(pk=newsroom["global"]["articles"][4].pk)
    Article.objects.filter(pk=translation.pk).update(translation_key=original.translation_key)
    translation.refresh_from_db()
    translation.save_revision().publish()
    response = client.get(original.get_absolute_url())
    assert not hit(response)
    assert translation.get_absolute_url().encode() in response.content


def test_a_change_leaves_unrelated_pages_cached(client, newsroom):
    """Another edition's pages and a tag the article does not carry stay served from cache."""
    other_tag = Tag.objects.create(edition=newsroom["global"]["tag"].edition, name="Energy")
    untouched = newsroom["global"]["articles"][5]
    ArticleTag.objects.create(article=untouched, tag=other_tag)
    untouched.save()
    unrelated = ["/", newsroom["main"]["articles"][3].get_absolute_url(),
                 "/feeds/main/rss.xml", f"/global/tag/{other_tag.slug}/",
                 "/api/v1/editions/main/articles"]
    warm(client, *unrelated)
    changed = newsroom["global"]["articles"][1]
    changed.headline = "Only this changed"
    changed.save_revision().publish()
    for url in unrelated:
        assert hit(client.get(url)), url


def test_renaming_a_tag_purges_its_edition_and_creating_one_purges_nothing(client, newsroom):
    tag = newsroom["global"]["tag"]
    warm(client, "/global/", "/")
    Tag.objects.create(edition=tag.edition, name="Brand new")
    assert hit(client.get("/global/"))
    tag.name = "Renamed tag"
    tag.save()
    assert b"Renamed tag" in client.get(newsroom["global"]["articles"][0].get_absolute_url()).content
    assert hit(client.get("/"))


def test_purges_wait_for_the_commit(newsroom, django_capture_on_commit_callbacks):
    """The purge that counts runs after the commit: a page begun before it is never served."""
    article = newsroom["global"]["articles"][0]
    key = keys.article(article.pk)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        article.save_revision().publish()
    assert callbacks, "no purge was scheduled for the commit"
    before_commit = store.Entry(begun_at=store.time.time(), keys=(key,), status=200,
                                headers=(), body=b"old")
    store.put("page:test", before_commit)
    for callback in callbacks:
        callback()
    assert store.get("page:test") is None


def test_a_page_that_rendered_while_a_purge_landed_is_kept_by_no_cache():
    """A response begun before a purge of one of its keys goes to its reader only: no entry,
    and ``no-store`` so that a proxy cannot keep it after the purge it was sent."""
    renders = []

    @shows(lambda page: "list-edition-1")
    def view(request):
        if not renders:
            store.purge({"list-edition-1"})  # a publish commits while the page renders
        renders.append(request)
        response = HttpResponse(f"render {len(renders)}")
        response.context_data = {}
        return response

    middleware = PageCacheMiddleware(view)
    response = middleware(RequestFactory().get("/global/"))
    assert response.content == b"render 1"
    assert response["Cache-Control"] == "private, no-store"
    assert "xkey" not in response and "X-Page-Cache" not in response
    # Said so for the shipped VCL, which then keeps no hit-for-miss (test_varnish.py).
    assert response["X-Dateline-Overtaken"] == "1"
    # Nothing was stored: the next reader gets a fresh render, which is kept.
    second = middleware(RequestFactory().get("/global/"))
    assert second.content == b"render 2" and second["X-Page-Cache"] == "miss"
    assert middleware(RequestFactory().get("/global/"))["X-Page-Cache"] == "hit"


# -- the store ---------------------------------------------------------------------------------

def _entry(begun_at, *entry_keys):
    return store.Entry(begun_at=begun_at, keys=entry_keys, status=200, headers=(), body=b"x")


def test_an_entry_begun_before_a_purge_of_one_of_its_keys_is_not_served():
    store.put("page:a", _entry(100.0, "k1", "k2"))
    assert store.get("page:a") is not None
    store.purge({"k2"}, now=200.0)
    assert store.get("page:a") is None


def test_an_entry_begun_after_the_purge_is_served():
    store.purge({"k1"}, now=100.0)
    store.put("page:b", _entry(150.0, "k1"))
    assert store.get("page:b") is not None


def test_an_entry_read_with_keys_other_than_its_own_is_checked_against_its_own():
    """The keys a caller expects are a guess: a purge of a key it did not expect still
    counts, and extra keys it expected do not."""
    store.put("page:e", _entry(100.0, "k1", "k2"))
    assert store.get("page:e", ["k1", "k2", "k9"]) is not None
    store.purge({"k9"}, now=200.0)
    assert store.get("page:e", ["k1", "k2", "k9"]) is not None
    store.purge({"k2"}, now=300.0)
    assert store.get("page:e", ["k1"]) is None
    assert store.get("page:e", ["k1", "k2"]) is None


def test_a_lost_purge_time_counts_as_purged():
    """If the cache dropped a key's purge time, the entries carrying it are not trusted."""
    store.put("page:c", _entry(100.0, "k1", "k3"))
    caches["pages"].delete(store.PURGED_PREFIX + "k3")
    assert store.get("page:c") is None


def test_storing_never_overwrites_a_purge_time():
    store.purge({"k1"}, now=300.0)
    store.put("page:d", _entry(100.0, "k1"))
    assert caches["pages"].get(store.PURGED_PREFIX + "k1") == 300.0
    assert store.get("page:d") is None


@override_settings(DATELINE_PAGE_CACHE_PURGE_MARGIN=0.5)
def test_an_entry_begun_within_the_clock_skew_after_a_purge_is_not_trusted():
    """Another machine's clock may run ahead: only entries begun well after a purge count."""
    store.purge({"k1"}, now=100.0)
    store.put("page:e", _entry(100.3, "k1"))
    store.put("page:f", _entry(100.6, "k1"))
    assert store.get("page:e") is None and store.get("page:f") is not None


def test_a_page_is_kept_no_longer_than_the_first_article_it_shows_is_published(
        client, newsroom, time_machine):
    """An article leaves readers at its expiry time, worker or not: pages showing it are
    kept until then only (and say so to shared caches)."""
    article = newsroom["global"]["articles"][0]
    expiry = store.time.time() + 120
    Article.objects.filter(pk=article.pk).update(
        expire_at=datetime.fromtimestamp(expiry, tz=UTC))
    response = client.get("/global/news/")
    assert int(response["Cache-Control"].split("s-maxage=")[1].split(",")[0]) <= 120
    assert hit(client.get("/global/news/"))
    time_machine.move_to(datetime.fromtimestamp(expiry + 1, tz=UTC))
    response = client.get("/global/news/")
    assert not hit(response) and article.slug.encode() not in response.content


def test_an_article_dated_ahead_appears_on_cached_pages_when_its_time_comes(
        client, newsroom, make_draft, time_machine):
    """Nothing announces it, so the worker's pass purges what it joins."""
    from datetime import timedelta

    from dateline.newsroom.scheduling import announce_appeared, run_once

    ahead = make_draft("Dated ahead")
    actions.PublishAction(ahead).execute()
    when = ahead.last_published_at + timedelta(minutes=5)
    Article.objects.filter(pk=ahead.pk).update(first_published_at=when)
    warm(client, "/global/news/")
    assert b"Dated ahead" not in client.get("/global/news/").content
    announce_appeared()  # the pass before its time finds nothing
    time_machine.move_to(when + timedelta(seconds=1))
    assert hit(client.get("/global/news/"))
    run_once()
    response = client.get("/global/news/")
    assert not hit(response) and b"Dated ahead" in response.content
