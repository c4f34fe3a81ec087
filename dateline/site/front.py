"""The home page: what the desk arranged, the section rails, the columns and Most read.

Every block is bounded, whatever the size of the archive:

- the edition's ``WINDOW`` newest stories, read once as a few columns (a range scan of the
  ``article_edition_feed`` index): every block below picks from them;
- the top story and the featured slots (``FrontPage``), the slots whose pin has ended left
  out, the newest of the window filling the free places: read whole with their pictures in
  one query (the lead's picture is the largest on the page);
- one rail per section, in the desk's order (``Section.sort_order``), and the columns (the
  newest opinion pieces), picked from the window; only a section that has too few there
  reads the rest with one query of its own (a range scan of ``article_section_feed``,
  older than the window, LIMIT what is missing), then one query
  for the pictures of the rails' first stories, and one for the columnists (with their
  pictures). A query that ranks every section's stories at once (a window function) would
  read and sort every published story of the edition: at a million articles that is the
  slow one; a query per section costs its compilation even when the window has it all;
- Most read: the worker's list (``mostread``), read through ``published()``.

No story shows twice on the page: each block leaves out what the blocks above it show.
The page is good no longer than the first pin that ends (``Until``), and the page cache
purges it when the desk changes the front page (its key), the edition's news or the
Most read list. All of it but the latest news beside it is rendered once per such change
and shared by every process (``rendered``, a fragment): a home page whose response is
not cached renders only its frame.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone

from dateline.caching import fragments, keys, memo
from dateline.caching.shows import Until, first_expiry, register, shown_in
from dateline.mostread.reading import key as most_read_key
from dateline.mostread.reading import most_read_ids
from dateline.newsroom.models import (
    Article,
    ArticleAuthor,
    FrontPage,
    FrontPageSlot,
    NewsImage,
)

from .headlines import COLUMNS, Headline, headlines, with_labels

FRONT_SLOTS = 6
# Every rendition the home page asks for, fetched with the images in one query.
FRONT_RENDITIONS = ("width-480", "width-800", "width-1200", "fill-320x180")
RAIL_RENDITIONS = ("fill-480x270",)
PHOTO_RENDITIONS = ("fill-96x96",)
RAIL_SIZE = 5
# The rails and the columns are picked from the edition's newest stories, read once; a
# section (or the columns) with too few of them there reads the rest from its own index.
WINDOW = 120
COLUMNS_SHOWN = 4
MOST_READ_SHOWN = 5


@dataclass
class Rail:
    section: object
    items: list
    image: object = None  # the first story's picture: the rail's lead (``rail-lead``)


@dataclass
class Column:
    headline: Headline
    authors: list = field(default_factory=list)  # ArticleAuthor links, with the author


@dataclass
class Front:
    top_story: object
    featured: list
    rails: list
    columns: list
    most_read: list
    until: Until


# What the page cache learns from the home page's context: the articles each block shows,
# and how long the page is good (the first pin to end).
register(Rail, lambda rail: rail.items)
register(Column, lambda column: [column.headline])
register(Front, lambda front: [front.top_story, front.featured, front.rails, front.columns,
                               front.most_read, front.until])


@dataclass(frozen=True)
class RenderedFront:
    content: str  # the page's main column
    most_read: str  # beside it, above the latest news
    shown: tuple  # what the page cache must know it shows (``caching.shows``)


register(RenderedFront, lambda rendered: rendered.shown)


def rendered(request, edition):
    """The home page of ``edition`` but for the latest news beside it, rendered once per
    change of the front page, the edition's news or Most read."""
    return fragments.kept(
        f"front-{edition.pk}",
        [keys.front(edition.pk), keys.news(edition.pk), most_read_key(edition.pk),
         keys.edition(edition.pk)],
        lambda: _render(request, edition))


def _render(request, edition):
    front = front_page(edition, memo.sections(edition))
    context = {"edition": edition, "front": front, "top_story": front.top_story,
               "featured": front.featured}
    most_read = (render_to_string("site/includes/home_most_read.html",
                                  {"most_read": front.most_read}, request)
                 if front.most_read else "")
    shown = tuple(shown_in([front]))
    made = RenderedFront(render_to_string("site/front/content.html", context, request),
                         most_read, shown)
    return fragments.Made(made, first_expiry(shown))


def front_page(edition, sections, now=None):
    """Everything the home page of ``edition`` shows but the feed beside it."""
    now = now or timezone.now()
    rows = _newest(edition, ())
    featured, until = front_page_articles(edition, rows, now)
    shown = {article.pk for article in featured}
    columns = _columns(edition, rows, shown)
    shown |= {column.headline.pk for column in columns}
    rails = _rails(edition, sections, rows, shown)
    most_read = _most_read(edition)
    with_labels([*(c.headline for c in columns), *(i for r in rails for i in r.items),
                 *most_read], edition)
    return Front(top_story=featured[0] if featured else None, featured=featured[1:],
                 rails=rails, columns=columns, most_read=most_read, until=until)


def _published(edition):
    return Article.objects.published().filter(edition=edition)


def front_page_articles(edition, rows, now=None):
    """Top story then featured slots, as the editors set them (a slot whose pin has ended
    holds no place); the latest news (the first of ``rows``) fill the rest. Read whole,
    with their pictures, in one query. With the ``Until`` of the first pin still to end."""
    now = now or timezone.now()
    front = FrontPage.objects.filter(edition=edition).first()
    chosen, pins = [], []
    if front is not None:
        slots = list(FrontPageSlot.objects.filter(front_page=front).holding(now)
                     .order_by("sort_order", "pk").values_list("article_id", "pinned_until"))
        chosen = ([front.top_story_id] if front.top_story_id else []) + [pk for pk, _ in slots]
        pins = [until for _, until in slots if until is not None]
    places = FRONT_SLOTS + 1
    latest = [row[0] for row in rows if row[0] not in chosen][:places]
    articles = {article.pk: article for article in _published(edition)
                .filter(pk__in=chosen + latest).select_related("edition").prefetch_related(
                    Prefetch("main_image",
                             NewsImage.objects.prefetch_renditions(*FRONT_RENDITIONS)))}
    featured = [articles[pk] for pk in chosen if pk in articles][:places]
    featured += [articles[pk] for pk in latest if pk in articles][:places - len(featured)]
    return featured, Until(min(pins) if pins else None)


def newest_rows(edition, shown, before=None, **conditions):
    """The newest published stories as rows (headline columns, section, picture)."""
    return (_published(edition).filter(**conditions).exclude(pk__in=shown)
            .newest_first(before).values_list(*COLUMNS, "section_id", "main_image_id"))


def _newest(edition, shown, window=None, before=None, **conditions):
    return list(newest_rows(edition, shown, before, **conditions)[:window or WINDOW])


def _headline(edition, row):
    return Headline(edition, *row[:len(COLUMNS)])


def _after(rows):
    """The cursor after the last of ``rows``, or None when ``rows`` held everything."""
    if len(rows) < WINDOW:
        return None
    last = rows[-1]
    return (last[COLUMNS.index("first_published_at")], last[0])


def _columns(edition, rows, shown):
    """The newest opinion pieces, with their authors (and the authors' pictures)."""
    pieces = [row for row in rows
              if row[COLUMNS.index("kind")] == Article.Kind.OPINION and row[0] not in shown]
    after = _after(rows)
    if len(pieces) < COLUMNS_SHOWN and after is not None:
        pieces += _newest(edition, shown, COLUMNS_SHOWN - len(pieces), after,
                          kind=Article.Kind.OPINION)
    columns = {row[0]: Column(_headline(edition, row)) for row in pieces[:COLUMNS_SHOWN]}
    if not columns:
        return []
    for link in (ArticleAuthor.objects.named().filter(article_id__in=columns)
                 .prefetch_related(Prefetch("author__photo", NewsImage.objects
                                            .prefetch_renditions(*PHOTO_RENDITIONS)))
                 .order_by("sort_order")):
        columns[link.article_id].authors.append(link)
    return list(columns.values())


def _rails(edition, sections, rows, shown):
    """Each section's newest stories, in the desk's order of the sections."""
    by_section = {}
    for row in rows:
        if row[0] not in shown:
            by_section.setdefault(row[-2], []).append(row)
    after = _after(rows)
    rails, images = [], {}
    for section in sections:
        if not section.home_rail:  # the desk's choice: e.g. the news, the columns
            continue
        found = by_section.get(section.pk, [])[:RAIL_SIZE]
        if len(found) < RAIL_SIZE and after is not None:
            # A quiet section: the rest from its own index, older than the window.
            found += _newest(edition, shown, RAIL_SIZE - len(found), after, section=section)
        if not found:
            continue
        # The rail's lead is its newest story with a picture (if it has one), then the rest
        # newest first.
        pictured = next((row for row in found if row[-1]), None)
        if pictured is not None:
            found.remove(pictured)
            found.insert(0, pictured)
            images[section.pk] = pictured[-1]
        rails.append(Rail(section, [_headline(edition, row) for row in found]))
    if images:
        pictures = NewsImage.objects.prefetch_renditions(*RAIL_RENDITIONS).in_bulk(
            images.values())
        for rail in rails:
            rail.image = pictures.get(images.get(rail.section.pk))
    return rails


def _most_read(edition):
    """A ranking, shown whole: the most read story may well be the lead too."""
    ids = most_read_ids(edition)
    if not ids:
        return []
    found = {h.pk: h for h in headlines(_published(edition).filter(pk__in=ids), edition)}
    return [found[pk] for pk in ids if pk in found][:MOST_READ_SHOWN]
