"""The benchmark's steps that need Django, each run in a process of its own with the site's
settings and environment (``python -m dateline.bench.inprocess <step>``); each prints one
JSON document.

    count              delete what earlier runs published, count the published articles
    pick               the pages to load, and a standing article for the update test
    queries PATH...    SQL queries of one request to each path (the second one), and how
                       many of them scan an article table (PostgreSQL: EXPLAIN)
    live ENTRIES JSON  a live article with ENTRIES public entries posted through the live
                       actions, and a desk editor (a new password each run) to post more
    publish            read commands on stdin, one JSON answer per line:
                         publish <slug> <headline>   a new article through the action
                         update <id> <headline>      a new headline, published
    search_words       per edition, the search phase's queries: words of the demo corpus
                       (common, rare, three of one headline, a form not in the text)
    search_plans PATH...  the plans of a search page's queries that read the index
                       (PostgreSQL: EXPLAIN (ANALYZE, BUFFERS); SQLite: EXPLAIN QUERY PLAN)
"""

import json
import os
import re
import sys
import time

BENCH_SLUG = "bench-"
# Tables whose full scan grows with the archive.
BIG_TABLES = r"(newsroom_article\w*|wagtailcore_revision|wagtailcore_modellogentry)"
# More rows than this read from one of them in one request: a scan that grows with the
# archive (a sitemap page reads up to its page size, 25,000).
SCAN_ROWS = 50_000


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dateline.settings.production")
    import django

    django.setup()


def _edition():
    from dateline.newsroom.models import Edition

    return Edition.objects.get(is_default=True)


def count():
    from dateline.newsroom.models import Article

    stale = Article.objects.filter(slug__startswith=BENCH_SLUG)
    removed = 0
    for article in stale:
        article.delete()
        removed += 1
    return {"published": Article.objects.published().count(), "removed": removed,
            **_pictures()}


# Pictures looked at for their files: the demo draws a bounded set (its illustrations and
# portraits), so this is all of them on a demo database.
PICTURES_CHECKED = 1_000


def _pictures():
    """How many pictures the database names, and how many of those looked at have no file
    in this data directory's media (a database reused with another data directory: its
    pages would render with no pictures at all)."""
    from dateline.newsroom.models import NewsImage

    images = list(NewsImage.objects.order_by("pk").values_list("file", flat=True)
                  [:PICTURES_CHECKED])
    storage = NewsImage._meta.get_field("file").storage
    missing = [name for name in images if not storage.exists(name)]
    return {"pictures": len(images), "pictures_missing": len(missing),
            "missing_example": missing[0] if missing else None}


def _busiest(model, link_field, edition):
    """The tag, section or author with the most published articles in the edition (by the
    newest 20,000 articles, which is what readers browse)."""
    from django.db.models import Count

    from dateline.newsroom.models import Article

    recent = (Article.objects.published().filter(edition=edition)
              .order_by("-first_published_at").values("pk")[:20_000])
    return (model.objects.filter(**{f"{link_field}__in": recent})
            .annotate(n=Count(link_field)).order_by("-n").first())


def pick():
    """The pages of the table and the furniture of the articles the publish test makes."""
    from urllib.parse import quote

    from django.urls import reverse
    from django.utils.encoding import iri_to_uri

    from dateline.newsroom import actions
    from dateline.newsroom.addresses import edition_url
    from dateline.newsroom.cursors import Cursor
    from dateline.newsroom.models import Article, ArticleAuthor, ArticleTag, Author, Section, Tag
    from dateline.site.feed import CHUNK_SIZE
    from dateline.syndication import sitemaps

    edition = _edition()
    published = Article.objects.published().filter(edition=edition)
    newest = published.order_by("-first_published_at", "-id").first()
    oldest_page = published.order_by("first_published_at", "id")[CHUNK_SIZE:CHUNK_SIZE + 1]
    tag = _busiest(Tag, "article_links__article", edition)
    author = _busiest(Author, "article_links__article", edition)
    section = _busiest(Section, "articles", edition)
    word = max(re.findall(r"\w{5,}", newest.headline) or ["news"], key=len)
    pages = {
        "article": newest.get_absolute_url(),
        "home": edition_url(edition, "home"),
        "feed": edition_url(edition, "news"),
        "tag": edition_url(edition, "tag", tag.slug),
        "author": edition_url(edition, "author", author.slug),
        "section": edition_url(edition, "section", section.slug),
        "search": edition_url(edition, "search") + "?q=" + quote(word),
        "rss": reverse("syndication:feed-rss", args=[edition.code]),
        "sitemap": reverse("syndication:sitemap-articles", args=[edition.code])
                   + f"?p={sitemaps.article_pages(edition)[0]}",
        "news_sitemap": reverse("syndication:sitemap-news", args=[edition.code]),
        "api": f"/api/v1/editions/{edition.code}/articles",
    }
    if oldest_page:
        pages["feed_oldest"] = (edition_url(edition, "news") + "?cursor="
                                + Cursor.after(oldest_page[0]).encode())
    # The article the update test changes: published now, so it is on every list.
    standing = Article(edition=edition, headline=f"Bench standing story {int(time.time())}",
                       slug=f"{BENCH_SLUG}standing-{int(time.time())}", lead="Standing lead.",
                       section=section)
    standing.tag_links.set([ArticleTag(tag=tag)])
    standing.author_links.set([ArticleAuthor(author=author, sort_order=0)])
    standing.save()
    standing.save_revision()
    actions.PublishAction(standing).execute()
    sample = list(published.order_by("-first_published_at").values_list("slug", flat=True)
                  [:int(os.environ.get("BENCH_MEMORY_URLS", "20000"))])
    pages = {key: iri_to_uri(path) for key, path in pages.items()}
    return {"edition": edition.code, "pages": pages, "section": section.pk, "tag": tag.pk,
            "author": author.pk, "standing": standing.pk,
            "standing_path": iri_to_uri(standing.get_absolute_url()),
            "article_paths": [iri_to_uri(f"{edition.root_path}news/{slug}/") for slug in sample]}


def queries(paths):
    """Per path: the status and queries of the second of two requests, and the scans."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(headers={"X-Forwarded-Proto": "https", "Host": "127.0.0.1"})
    found = {}
    for path in paths:
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        sql = [q["sql"] for q in captured.captured_queries]
        found[path] = {"status": response.status_code, "queries": len(sql),
                       "scans": _scans(connection, sql)}
    return found


def _scans(connection, statements):
    """The big tables these SELECTs read whole, or in a range that grows with the archive
    (more than SCAN_ROWS rows read), by the database's own plan."""
    scanned = []
    with connection.cursor() as cursor:
        for sql in statements:
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            if connection.vendor == "postgresql":
                cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
                plan = cursor.fetchone()[0]
                plan = json.loads(plan) if isinstance(plan, str) else plan
                scanned += _pg_scans(plan[0]["Plan"])
            elif connection.vendor == "sqlite":
                cursor.execute("EXPLAIN QUERY PLAN " + sql)
                plan = "\n".join(str(row[-1]) for row in cursor.fetchall())
                scanned += re.findall(r"^SCAN " + BIG_TABLES + r"$", plan, re.MULTILINE)
    return scanned


def _pg_scans(node):
    found = []
    table = node.get("Relation Name", "")
    if re.fullmatch(BIG_TABLES, table) and "Scan" in node["Node Type"]:
        loops = node.get("Actual Loops", 1)
        read = (node.get("Actual Rows", 0) + node.get("Rows Removed by Filter", 0)) * loops
        if node["Node Type"] == "Seq Scan" or read > SCAN_ROWS:
            found.append(f"{node['Node Type']} on {table} ({read:,} rows)")
    for child in node.get("Plans", []):
        found += _pg_scans(child)
    return found


def live(entries, furniture):
    """A published live article of ``entries`` public entries, each posted through
    ``PostEntryAction`` by a desk editor (one every 30 s, the last one now),
    and that editor's login. The slug starts with BENCH_SLUG, so the next run's ``count``
    removes it."""
    import secrets
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.utils import timezone
    from django.utils.encoding import iri_to_uri

    from dateline.live.actions import EntryChanges, PostEntryAction
    from dateline.newsroom import edits
    from dateline.newsroom.actions import CreateArticleAction
    from dateline.newsroom.models import Article, Author, Section
    from dateline.newsroom.roles import ROLE_EDITOR

    password = secrets.token_urlsafe(12)
    user, _ = get_user_model().objects.get_or_create(
        username="bench-editor", defaults={"email": "bench-editor@example.com"})
    user.set_password(password)
    user.is_active, user.is_staff, user.is_superuser = True, False, False
    user.save()
    user.groups.set([Group.objects.get(name=ROLE_EDITOR)])
    stamp = int(time.time())
    article = CreateArticleAction(_edition(), edits.Changes(
        fields={"headline": f"Bench live coverage {stamp}", "kind": Article.Kind.LIVE,
                "slug": f"{BENCH_SLUG}live-{stamp}",
                "lead": "Follow the benchmark's coverage as it happens."},
        section=Section.objects.get(pk=furniture["section"]),
        authors=[Author.objects.get(pk=furniture["author"])]),
        user=user, publish=True).execute()
    author = Author.objects.get(pk=furniture["author"])
    began = timezone.now() - timedelta(seconds=30 * entries)
    started = time.monotonic()
    for number in range(entries):
        PostEntryAction(article, EntryChanges(
            text=(f"Entry {number + 1}: the correspondents report from the scene. Rescuers "
                  "are working at two sites; the regional administration asks residents "
                  "to stay in shelters.\n\nWe keep this page updated."),
            title="Summary" if number % 100 == 0 else "", key_event=number % 40 == 0,
            author=author, posted_at=began + timedelta(seconds=30 * number)),
            user=user).execute()
    path = iri_to_uri(article.get_absolute_url())
    return {"article": article.pk, "path": path, "stream": f"{path}live.json",
            "entries": article.live_entries.count(), "seconds": time.monotonic() - started,
            "username": user.username, "password": password}


# Headlines of the newest published articles of an edition the query words are picked from.
SEARCH_SAMPLE = 5_000


def search_words():
    """Per edition (the default one first): a common word, a rare word, three words of one
    headline and a form of a common word that no sampled text holds, each as a reader
    types it, with the search page's path and how many documents of the index match it.

    Words come from the headlines of the newest SEARCH_SAMPLE published articles (not the
    benchmark's own): only words of four letters or more, not stop words; "common" is the
    word whose dictionary form is in the most headlines, "rare" in the fewest (at least
    two); "three words" the first three of the newest headline that has three."""
    from collections import Counter
    from urllib.parse import quote

    from django.utils.encoding import iri_to_uri

    from dateline.newsroom.addresses import edition_url
    from dateline.newsroom.models import Article, Edition
    from dateline.search import words
    from dateline.search.query import STOP_WORDS

    found = []
    for edition in Edition.objects.order_by("-is_default", "pk"):
        texts = list(Article.objects.published().filter(edition=edition)
                     .exclude(slug__startswith=BENCH_SLUG)
                     .order_by("-first_published_at", "-id")
                     .values_list("headline", "lead")[:SEARCH_SAMPLE])
        if not texts:
            continue
        counted, spelled, seen = Counter(), {}, set()
        for headline, lead in texts:
            seen.update(words.tokens(f"{headline} {lead}"))
            lemmas = {}
            for token in _content_words(headline, words, STOP_WORDS):
                lemmas.setdefault(words.lemma(token), token)
            for lemma, token in lemmas.items():
                counted[lemma] += 1
                spelled.setdefault(lemma, Counter())[token] += 1
        ranked = [lemma for lemma, _ in counted.most_common()]
        common = spelled[ranked[0]].most_common(1)[0][0]
        rare = next((spelled[lemma].most_common(1)[0][0] for lemma in reversed(ranked)
                     if counted[lemma] >= 2), common)
        three = next((" ".join(chosen[:3]) for headline, _ in texts
                      if len(chosen := list(dict.fromkeys(
                          _content_words(headline, words, STOP_WORDS)))) >= 3), None)
        inflected = next((form for lemma in ranked
                          for form in _other_forms(spelled[lemma].most_common(1)[0][0], words)
                          if form not in seen), None)
        base = edition_url(edition, "search")
        for kind, text in (("common word", common), ("rare word", rare),
                           ("three words", three), ("inflected form", inflected)):
            if text:
                found.append({
                    "edition": edition.code, "language": edition.language, "kind": kind,
                    "q": text, "path": iri_to_uri(base + "?q=" + quote(text)),
                    "stored": " ".join(words.lemma(token) for token in words.tokens(text)),
                    "matches": _index_matches(text)})
    return found


def _content_words(text, words, stop_words):
    return [token for token in words.tokens(text)
            if len(token) >= 4 and token.isalpha() and token not in stop_words]


def _other_forms(word, words):
    """Other inflected forms of ``word`` that the index finds under its dictionary form:
    Ukrainian from pymorphy3's paradigm, English by the regular suffixes."""
    lemma = words.lemma(word)
    if words._CYRILLIC.search(word):
        candidates = [form.word for parse in words._morph().parse(word)[:1]
                      for form in parse.lexeme]
    else:
        stem = word.removesuffix("e") if not word.endswith("ee") else word
        candidates = [stem + "ing", word + "ed", stem + "ed", word + "s", word + "es"]
    return [form for form in dict.fromkeys(candidates)
            if form != word and form != lemma and lemma in words.forms(form)]


def _index_matches(text):
    """Documents of the index (every article, any edition or state) that match ``text``."""
    from django.db import connection

    from dateline.search.engines import FTS_TABLE, fts5_query, tsquery
    from dateline.search.query import parse

    query = parse(text)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT count(*) FROM search_searchdocument "
                           "WHERE vector @@ to_tsquery('simple', %s)", [tsquery(query)])
        else:
            matching = f"SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"  # noqa: S608
            cursor.execute(matching, [fts5_query(query)])
        return cursor.fetchone()[0]


def search_plans(paths):
    """Per path: the plans of the queries of one request (the second) that read the
    search index, with their SQL."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(headers={"X-Forwarded-Proto": "https", "Host": "127.0.0.1"})
    found = {}
    for path in paths:
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            client.get(path)
        plans = []
        with connection.cursor() as cursor:
            for entry in captured.captured_queries:
                sql = entry["sql"]
                if not re.search(r"search_(searchdocument|fts)", sql):
                    continue
                if connection.vendor == "postgresql":
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                else:
                    cursor.execute("EXPLAIN QUERY PLAN " + sql)
                plans.append({"sql": sql, "ms": float(entry["time"]) * 1000,
                              "plan": "\n".join(str(row[-1]) for row in cursor.fetchall())})
        found[path] = plans
    return found


def publish_loop(furniture):
    """Answer ``publish``/``update`` commands from stdin with the action's start and end."""
    from dateline.newsroom import actions
    from dateline.newsroom.models import Article, ArticleAuthor, ArticleTag

    edition = _edition()
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        command, ident, headline = line.rstrip("\n").split(" ", 2)
        started = time.time()
        if command == "publish":
            article = Article(edition=edition, headline=headline, slug=ident,
                              lead="Published by the benchmark.",
                              section_id=furniture["section"])
            article.tag_links.set([ArticleTag(tag_id=furniture["tag"])])
            article.author_links.set([ArticleAuthor(author_id=furniture["author"],
                                                    sort_order=0)])
            article.save()
            article.save_revision()
            actions.PublishAction(article).execute()
        else:
            article = Article.objects.get(pk=int(ident))
            version = article.get_latest_revision_as_object()
            version.headline = headline
            version.save_revision()
            actions.PublishAction(Article.objects.get(pk=article.pk)).execute()
        print(json.dumps({"started": started, "done": time.time()}), flush=True)


def main(argv):
    _setup()
    step = argv[0]
    if step == "count":
        result = count()
    elif step == "pick":
        result = pick()
    elif step == "queries":
        result = queries(argv[1:])
    elif step == "live":
        result = live(int(argv[1]), json.loads(argv[2]))
    elif step == "publish":
        return publish_loop(json.loads(argv[1]))
    elif step == "search_words":
        result = search_words()
    elif step == "search_plans":
        result = search_plans(argv[1:])
    else:
        raise SystemExit(__doc__)
    print(json.dumps(result))
    return None


if __name__ == "__main__":
    main(sys.argv[1:])
