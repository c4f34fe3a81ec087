"""What each page says about itself to machines: canonical and hreflang links, feed
discovery, Open Graph and Twitter cards, and schema.org JSON-LD.

``page_head(context)`` reads the site's template context (``edition``, ``article``,
``author``, ``current_section``, ``tag`` ...) and the URL name of the page, and returns a
``Head`` for ``syndication/head.html``. Every absolute URL comes from the configured base
URL. JSON-LD is written by ``json_ld``, which escapes ``<``, ``>`` and ``&`` so that no
field can close the ``<script>`` element.
"""

import json
from dataclasses import dataclass, field

from django.utils.encoding import iri_to_uri
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from dateline.caching import memo
from dateline.live import reading
from dateline.newsroom.addresses import absolute, article_url, page_url
from dateline.newsroom.dates import iso
from dateline.newsroom.models import ArticleUpdate, Edition, Tag

from .corrections import title_of as corrections_title
from .feeds import feed_links
from .links import clean, corrections_feed_url, hreflang_links, image_url

SCHEMA = "https://schema.org"
SOCIAL_RENDITION = "width-1200"
# Open Graph wants language_TERRITORY.
OG_LOCALES = {"uk": "uk_UA", "en": "en_US"}
_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


@dataclass
class Head:
    canonical: str = ""
    alternates: list = field(default_factory=list)  # [(hreflang, url)]
    feeds: list = field(default_factory=list)  # [(type, title, url)]
    og: list = field(default_factory=list)  # [(property, content)]
    twitter: list = field(default_factory=list)  # [(name, content)]
    json_ld: list = field(default_factory=list)  # [dict]

    def __post_init__(self):
        for name in ("alternates", "feeds", "og", "twitter"):
            setattr(self, name, _cleaned(getattr(self, name)))

    def scripts(self):
        return [json_ld(data) for data in self.json_ld]


def _cleaned(value):
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {key: _cleaned(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_cleaned(item) for item in value]
    return value


def json_ld(data):
    """``data`` as JSON safe inside ``<script type="application/ld+json">``."""
    # indent=0: one token a line, so no "}}" (which template checks read as a leftover tag).
    text = json.dumps(_cleaned(data), ensure_ascii=False, indent=0)
    return mark_safe(text.translate(_SCRIPT_ESCAPES))  # noqa: S308  (<, >, & escaped above)


def og_locale(language):
    return OG_LOCALES.get(language, language.replace("-", "_"))


def social_image(image):
    """{url, width, height} of the picture to share: a 1200-pixel-wide rendition (the page's
    own largest), or the original when it cannot be made."""
    if image is None:
        return None
    try:
        rendition = image.get_rendition(SOCIAL_RENDITION)
        return {"url": absolute(rendition.url), "width": rendition.width,
                "height": rendition.height}
    except OSError:  # SourceImageIOError: the file is missing
        return {"url": image_url(image), "width": image.width, "height": image.height}


def organization(edition):
    data = {"@type": "Organization", "name": edition.publication_name,
            "url": page_url(edition, "home")}
    if edition.logo:
        data["logo"] = {"@type": "ImageObject", "url": image_url(edition.logo),
                        "width": edition.logo.width, "height": edition.logo.height}
    return data


def breadcrumbs(*steps):
    return {"@context": SCHEMA, "@type": "BreadcrumbList", "itemListElement": [
        {"@type": "ListItem", "position": n, "name": name, "item": url}
        for n, (name, url) in enumerate(steps, start=1)]}


def _common_og(edition, title, description, url):
    og = [("og:site_name", edition.name), ("og:locale", og_locale(edition.language)),
          ("og:title", title), ("og:url", url)]
    if description:
        og.append(("og:description", description))
    return og


# -- article pages ---------------------------------------------------------------------

def translations(article, editions):
    """{edition id: absolute URL} of every published version of the article, itself too."""
    versions = {article.edition_id: article_url(article.edition, article.slug)}
    for version in article.published_translations:
        versions[version.edition_id] = article_url(editions[version.edition_id], version.slug)
    return versions


def article_head(article, edition, live=None):
    canonical = article_url(article.edition, article.slug)
    editions = {e.pk: e for e in memo.editions()}
    versions = translations(article, editions)
    description = article.seo_description or article.lead
    links = list(article.author_links.all())
    author_urls = [page_url(edition, "author", link.author.slug) for link in links]
    tags = [link.tag.name for link in article.tag_links.all()]
    image = social_image(article.main_image)
    published = iso(article.first_published_at, edition)
    modified = iso(article.modified_at, edition)

    og = [("og:type", "article"), *_common_og(edition, article.headline, description,
                                               canonical)]
    og += [("og:locale:alternate", og_locale(editions[pk].language))
           for pk in versions if pk != edition.pk]
    if image:
        og += [("og:image", image["url"]), ("og:image:width", str(image["width"])),
               ("og:image:height", str(image["height"]))]
        if article.caption:
            og.append(("og:image:alt", article.caption))
    og += [("article:published_time", published), ("article:modified_time", modified)]
    og += [("article:author", url) for url in author_urls]
    if article.section:
        og.append(("article:section", article.section.name))
    og += [("article:tag", name) for name in tags]

    twitter = [("twitter:card", "summary_large_image" if image else "summary"),
               ("twitter:title", article.headline)]
    if description:
        twitter.append(("twitter:description", description))
    if image:
        twitter.append(("twitter:image", image["url"]))
        if article.caption:
            twitter.append(("twitter:image:alt", article.caption))

    news_article = {
        "@context": SCHEMA, "@type": "NewsArticle", "@id": f"{canonical}#article",
        "url": canonical, "mainEntityOfPage": {"@type": "WebPage", "@id": canonical},
        "headline": article.headline, "datePublished": published, "dateModified": modified,
        "inLanguage": edition.language,
        "author": [{"@type": "Person", "name": link.author_name, "url": url}
                   for link, url in zip(links, author_urls, strict=True)],
        "publisher": organization(edition),
        "isAccessibleForFree": True,
    }
    if description:
        news_article["description"] = description
    if image:
        news_article["image"] = [{"@type": "ImageObject", **image,
                                  **({"caption": article.caption} if article.caption else {}),
                                  **({"creditText": article.credit} if article.credit else {})}]
    if article.section:
        news_article["articleSection"] = article.section.name
    if tags:
        news_article["keywords"] = tags
    corrections = [{"@type": "CorrectionComment", "text": note.text,
                    "datePublished": iso(note.noted_at, edition)}
                   for note in article.updates.all() if note.kind in ArticleUpdate.CORRECTIONS]
    if corrections:
        news_article["correction"] = corrections

    steps = [(edition.name, page_url(edition, "home"))]
    if article.section:
        steps.append((article.section.name, page_url(edition, "section", article.section.slug)))
    steps.append((article.headline, canonical))

    if live is not None:
        news_article.update(live_blog(article, edition, live, canonical))
    return Head(canonical=canonical,
                alternates=hreflang_links(versions, editions, edition.pk),
                feeds=feed_links(edition) + (feed_links(edition, "section", article.section)
                                             if article.section else [])
                + (feed_links(edition, "live", article) if live is not None else []),
                og=og, twitter=twitter, json_ld=[news_article, breadcrumbs(*steps)])


def live_blog(article, edition, live, canonical):
    """What makes a live article's NewsArticle a LiveBlogPosting: when the coverage started
    and ended, and one BlogPosting per entry the page shows."""
    data = {"@type": "LiveBlogPosting",
            "coverageStartTime": iso(article.first_published_at, edition),
            "liveBlogUpdate": [_blog_posting(entry, edition, canonical)
                               for entry in live.entries]}
    if live.ended and article.coverage_ended_at:
        data["coverageEndTime"] = iso(article.coverage_ended_at, edition)
    return data


def _blog_posting(entry, edition, canonical):
    posted = iso(entry.posted_at, edition)
    data = {"@type": "BlogPosting", "@id": f"{canonical}#{entry.anchor}",
            "url": f"{canonical}#{entry.anchor}", "headline": entry.summary,
            "articleBody": reading.text_of(entry), "datePublished": posted,
            "dateModified": iso(entry.edited_at, edition) if entry.edited_at else posted}
    if entry.author:
        data["author"] = {"@type": "Person", "name": entry.author_name}
    return data


def entry_head(article, entry, edition):
    """An entry's own page: its own canonical address, named by its title or the headline."""
    url = page_url(edition, "entry", article.slug, entry.pk)
    title = entry.title or article.headline
    description = entry.summary if entry.title else ""
    return Head(canonical=url, feeds=feed_links(edition),
                og=[("og:type", "article"), *_common_og(edition, title, description, url)],
                twitter=[("twitter:card", "summary"), ("twitter:title", title)])


# -- lists and the home page -------------------------------------------------------------

def collection_head(edition, name, url, feeds, kind="CollectionPage"):
    data = {"@context": SCHEMA, "@type": kind, "name": name, "url": url,
            "inLanguage": edition.language,
            "isPartOf": {"@type": "WebSite", "name": edition.name,
                         "url": page_url(edition, "home")}}
    return Head(canonical=url, feeds=feeds,
                og=[("og:type", "website"), *_common_og(edition, name, "", url)],
                twitter=[("twitter:card", "summary"), ("twitter:title", name)],
                json_ld=[data, breadcrumbs((edition.name, page_url(edition, "home")),
                                           (name, url))])


def author_head(author, edition):
    url = page_url(edition, "author", author.slug)
    name = author.name_in(edition)
    head = collection_head(edition, name, url,
                           feed_links(edition) + feed_links(edition, "author", author),
                           kind="ProfilePage")
    person = {"@type": "Person", "name": name, "url": url}
    if role := author.role_in(edition):
        person["jobTitle"] = role
    if bio := author.bio_in(edition):
        person["description"] = bio
    if author.photo:
        person["image"] = image_url(author.photo)
    head.json_ld[0]["mainEntity"] = person
    head.og[0] = ("og:type", "profile")
    return head


def home_head(edition):
    url = page_url(edition, "home")
    editions = {e.pk: e for e in memo.editions()}
    versions = {pk: page_url(e, "home") for pk, e in editions.items()}
    website = {"@context": SCHEMA, "@type": "WebSite", "name": edition.name, "url": url,
               "inLanguage": edition.language, "publisher": organization(edition)}
    return Head(canonical=url, alternates=hreflang_links(versions, editions, edition.pk),
                feeds=feed_links(edition),
                og=[("og:type", "website"),
                    *_common_og(edition, edition.name, edition.publication_name, url)],
                twitter=[("twitter:card", "summary"), ("twitter:title", edition.name)],
                json_ld=[website])


def corrections_head(edition):
    """The corrections page: a collection page whose own feed is its RSS."""
    name = gettext("Corrections and clarifications")
    feed = ("application/rss+xml", f"{corrections_title(edition)} (RSS)",
            corrections_feed_url(edition))
    return collection_head(edition, name, page_url(edition, "corrections"),
                           [feed, *feed_links(edition)])


# -- from the template context --------------------------------------------------------------

def page_head(context):
    """The Head for the page being rendered, or one with only the edition's feeds on pages
    that are not a public address of their own (errors, search, previews)."""
    edition = context.get("edition")
    if not isinstance(edition, Edition):
        return Head()
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    name = match.url_name if match is not None and match.app_name == "site" else None
    article, author = context.get("article"), context.get("author")
    section = context.get("current_section")
    listed = "chunk" in context

    if name == "article" and article is not None:
        return article_head(article, edition, context.get("live"))
    if name == "entry" and article is not None and context.get("entry") is not None:
        return entry_head(article, context["entry"], edition)
    if name == "author" and author is not None:
        return author_head(author, edition)
    if name == "section" and section is not None:
        return collection_head(edition, section.name,
                               page_url(edition, "section", section.slug),
                               feed_links(edition) + feed_links(edition, "section", section))
    if name == "tag" and listed:
        tag = context.get("tag")
        if not isinstance(tag, Tag):
            tag = Tag.objects.filter(edition=edition, slug=match.kwargs.get("slug")).first()
        if tag is not None:
            return collection_head(edition, tag.name, page_url(edition, "tag", tag.slug),
                                   feed_links(edition) + feed_links(edition, "tag", tag))
    if name == "home" and listed:
        return home_head(edition)
    if name == "corrections" and "notes" in context:
        return corrections_head(edition)
    if name in ("news", "day") and listed:
        title = str(context.get("title") or edition.name)
        return collection_head(edition, title, absolute(iri_to_uri(request.path)),
                               feed_links(edition))
    return Head(feeds=feed_links(edition))
