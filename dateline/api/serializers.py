"""Articles and reference data as the API's JSON, and articles as ninjs 2.x.

Public readers get what ``published()`` returns, as it is live; the desk (a token that may
see drafts) gets the latest version and its state. Times are given in the edition's own
time zone, as on its pages.
"""

from django.db.models import Prefetch
from wagtail.rich_text import expand_db_html

from dateline.caching import fragments
from dateline.caching.shows import first_expiry, shown_in
from dateline.newsroom.addresses import absolute, edition_url
from dateline.newsroom.models import Article, ArticleAuthor, ArticleTag

NINJS_VERSION = "2.1"


def for_api(queryset):
    """What an article's JSON needs, in a fixed number of queries for any page size."""
    return queryset.select_related("edition", "section", "main_image").prefetch_related(
        "labels", "updates",
        Prefetch("tag_links", queryset=ArticleTag.objects.select_related("tag")),
        Prefetch("author_links", queryset=ArticleAuthor.objects.named().order_by("sort_order")),
    )


def kept(ids, edition_id, render):
    """``render(article)`` (``article_out`` or ``ninjs_out``) of each published article of
    ``ids``, of one edition, in that order: made once per change of the article or of its
    edition's furniture and kept (``caching.fragments``), so a list of twenty reads its ids
    and one round trip, and a publish makes one item, not a page of them."""
    def made(missing):
        articles = for_api(Article.objects.published().filter(pk__in=missing))
        return {article.pk: fragments.Made(render(article), first_expiry(shown_in([article])))
                for article in articles}

    return fragments.kept_per_article(f"api-{render.__name__}", ids, edition_id, made)


def _local(moment, edition):
    return moment.astimezone(edition.tz) if moment else None


def ref(thing):
    return {"slug": thing.slug, "name": thing.name}


def image_out(image, caption="", credit=""):
    if image is None:
        return None
    return {"url": absolute(image.file.url), "width": image.width, "height": image.height,
            "caption": caption or image.caption, "credit": credit or image.credit}


def author_out(author):
    names = {name.edition.code: name.name for name in author.edition_names.all()}
    return {"slug": author.slug, "name": author.name, "names": names,
            "role": author.role, "bio": author.bio,
            "is_columnist": author.is_columnist, "photo": image_out(author.photo)}


def edition_out(edition):
    return {"code": edition.code, "name": edition.name, "language": edition.language,
            "time_zone": edition.time_zone, "publication_name": edition.publication_name,
            "url": absolute(edition.root_path), "is_default": edition.is_default}


def body_out(body):
    blocks = []
    for block in body:
        kind, value = block.block_type, block.value
        if kind == "paragraph":
            blocks.append({"type": kind, "html": expand_db_html(value.source)})
        elif kind == "subheading":
            blocks.append({"type": kind, "text": str(value)})
        elif kind == "quote":
            blocks.append({"type": kind, "text": value["text"],
                           "attribution": value["attribution"]})
        elif kind == "image":
            blocks.append({"type": kind, "caption": value["caption"], "credit": value["credit"],
                           "image": image_out(value["image"], value["caption"], value["credit"])})
        elif kind == "embed":
            blocks.append({"type": kind, "url": value.url if value else None})
    return blocks


def _classification(version):
    return {
        "section": ref(version.section) if version.section_id else None,
        "labels": sorted((ref(label) for label in version.labels.all()),
                         key=lambda item: item["name"]),
        "tags": sorted((ref(link.tag) for link in version.tag_links.all()),
                       key=lambda item: item["name"]),
        "authors": [{"slug": link.author.slug, "name": link.author_name}
                    for link in sorted(version.author_links.all(),
                                       key=lambda link: link.sort_order or 0)],
        "updates": [{"kind": note.kind, "noted_at": _local(note.noted_at, version.edition),
                     "text": note.text}
                    for note in sorted(version.updates.all(),
                                       key=lambda note: (note.noted_at, note.pk or 0))],
    }


def article_out(article):
    """A published article, as readers see it."""
    edition = article.edition
    return {
        "id": article.pk, "edition": edition.code, "language": edition.language,
        "url": absolute(article.get_absolute_url()), "slug": article.slug,
        "headline": article.headline, "lead": article.lead, "kind": article.kind,
        "first_published_at": _local(article.first_published_at, edition),
        "updated_at": _local(article.updated_at, edition),
        "modified_at": _local(article.modified_at, edition),
        "main_image": image_out(article.main_image, article.main_image_caption,
                                article.main_image_credit),
        "body": body_out(article.body),
        **_classification(article),
    }


def status_of(article):
    if article.retracted_at:
        return "retracted"
    if article.expired:
        return "expired"
    if article.live:
        return "live+draft" if article.has_unpublished_changes else "live"
    if article.revisions.filter(approved_go_live_at__isnull=False).exists():
        return "scheduled"
    return "draft"


def desk_out(article):
    """The latest version of any article (draft or not) and its state, for the desk."""
    version = article.get_latest_revision_as_object()
    edition = article.edition
    return {
        "id": article.pk, "edition": edition.code, "status": status_of(article),
        "live": article.live, "has_unpublished_changes": article.has_unpublished_changes,
        "go_live_at": _local(version.go_live_at, edition),
        "first_published_at": _local(article.first_published_at, edition),
        "url": absolute(version.get_absolute_url()), "slug": version.slug,
        "headline": version.headline, "lead": version.lead, "kind": version.kind,
        "main_image": image_out(version.main_image, version.main_image_caption,
                                version.main_image_credit),
        "body": body_out(version.body),
        **_classification(version),
    }


def body_html(body):
    """The body as one HTML document, for ninjs."""
    parts = []
    for block in body:
        kind, value = block.block_type, block.value
        if kind == "paragraph":
            parts.append(expand_db_html(value.source))
        elif kind == "subheading":
            parts.append(f"<h2>{_escape(str(value))}</h2>")
        elif kind == "quote":
            attribution = (f"<p>— {_escape(value['attribution'])}</p>"
                           if value["attribution"] else "")
            parts.append(f"<blockquote><p>{_escape(value['text'])}</p>{attribution}</blockquote>")
    return "".join(parts)


def _escape(text):
    from django.utils.html import escape

    return escape(text)


def ninjs_out(article):
    """A published article as a ninjs 2.x item (IPTC News in JSON)."""
    edition = article.edition
    data = _classification(article)
    item = {
        "uri": absolute(article.get_absolute_url()),
        "standard": {"name": "ninjs", "version": NINJS_VERSION},
        "type": "text",
        "version": str(article.live_revision_id or article.latest_revision_id or 1),
        "firstcreated": _local(article.first_published_at, edition),
        "versioncreated": _local(article.last_published_at or article.modified_at, edition),
        "pubstatus": "usable",
        "language": edition.language,
        "headlines": [{"role": "main", "value": article.headline}],
        "descriptions": ([{"role": "summary", "contenttype": "text/plain", "value": article.lead}]
                         if article.lead else []),
        "bodies": [{"role": "main", "contenttype": "text/html",
                    "value": body_html(article.body)}],
        "by": ", ".join(author["name"] for author in data["authors"]),
        "subjects": [{"name": tag["name"],
                      "uri": absolute(f"{edition.root_path}tag/{tag['slug']}/")}
                     for tag in data["tags"]],
        "genres": [{"name": label["name"], "literal": label["slug"]} for label in data["labels"]],
        "associations": [],
        "copyrightholder": edition.publication_name,
    }
    image = image_out(article.main_image, article.main_image_caption, article.main_image_credit)
    if image:
        item["associations"].append({
            "name": "featureimage", "uri": image["url"], "type": "picture",
            "by": image["credit"] or None,
            "headlines": [], "descriptions": ([{"role": "caption", "value": image["caption"]}]
                                              if image["caption"] else []),
            "renditions": [{"name": "original", "href": image["url"], "width": image["width"],
                            "height": image["height"]}],
        })
    return item


def coverage_out(article, page):
    """A live article's coverage and ``page`` (``live.reading.entries_page``) of entries."""
    edition = article.edition
    return {
        "open": not page.ended, "ended_at": _local(article.coverage_ended_at, edition),
        "entries": [entry_out(entry, edition) for entry in page.entries],
        "more": page.older is not None,
    }


def entry_out(entry, edition):
    return {
        "id": entry.pk, "url": absolute(edition_url(edition, "entry", entry.article.slug, entry.pk)),
        "posted_at": _local(entry.posted_at, edition),
        "edited_at": _local(entry.edited_at, edition),
        "title": entry.title, "author": ({"slug": entry.author.slug, "name": entry.author_name}
                   if entry.author else None),
        "key_event": entry.key_event, "pinned": entry.pinned, "body": body_out(entry.body),
    }


def ninjs_entries(article, page):
    """The entries as ninjs associations: one text item each, after the article's own."""
    edition = article.edition
    return [{
        "name": f"entry-{entry.pk}", "type": "text",
        "uri": absolute(edition_url(edition, "entry", article.slug, entry.pk)),
        "firstcreated": _local(entry.posted_at, edition),
        "versioncreated": _local(entry.edited_at or entry.posted_at, edition),
        "headlines": [{"role": "main", "value": entry.summary}],
        "bodies": [{"role": "main", "contenttype": "text/html", "value": body_html(entry.body)}],
        "by": entry.author_name or None,
    } for entry in page.entries]
