from django import template
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from dateline.newsroom import dates
from dateline.newsroom.addresses import edition_url as _edition_url
from dateline.newsroom.models import ArticleUpdate

register = template.Library()


@register.simple_tag(takes_context=True)
def story(context, part):
    """A part of the article page's story (title, head, main): ready-made on the public
    page (``site/stories.py``), rendered here from the draft on the desk's preview."""
    made = context.get("story")
    if made is not None:
        return mark_safe(getattr(made, part))  # noqa: S308  (rendered by our own template)
    return context.template.engine.get_template(f"site/story/{part}.html").render(context)


@register.simple_tag
def edition_url(edition, name, *args):
    return _edition_url(edition, name, *args)


@register.filter
def iso(value, edition):
    return dates.iso(value, edition) if value else ""


@register.filter
def local_time(value, edition):
    return dates.local_time(value, edition) if value else ""


@register.filter
def local_date(value, edition):
    return dates.local_date(value, edition) if value else ""


@register.simple_tag
def published_time(value, edition):
    """The article's date line: ``<time datetime="…+03:00">15 October, 2024 Tuesday 15:52</time>``."""
    return format_html('<time datetime="{}"><span class="date">{}</span> <span class="hour">{}</span></time>',
                       dates.iso(value, edition), dates.local_date(value, edition),
                       dates.local_time(value, edition))


@register.simple_tag
def day_header(item, edition):
    """A feed day's header: ``2025, Wednesday`` over ``5 February``."""
    moment = item.first_published_at
    return format_html('<time datetime="{}"><span class="weekday">{}</span> <span class="date">{}</span></time>',
                       dates.local(moment, edition).date().isoformat(),
                       dates.local_date(moment, edition, "year_weekday"),
                       dates.local_date(moment, edition, "day_month"))


@register.filter
def author_links(article):
    """The article's authors, each linked to their page in its edition."""
    return format_html_join(", ", '<a href="{}" rel="author">{}</a>', (
        (_edition_url(article.edition, "author", link.author.slug), link.author_name)
        for link in article.author_links.all()))


@register.simple_tag
def feed_items(items, dated=False):
    """A feed day's ``<li>``: time (``dated``: date and time), "Live" while live coverage
    is open, labels, "Updated", headline. Every list page shows 40;
    written here rather than as a template loop, which cost three times as much."""
    updated = format_html(' <span class="label updated">{}</span>', gettext("Updated"))
    live = format_html(' <span class="label live">{}</span>', gettext("Live"))
    now = timezone.now()
    return format_html_join("\n", '  <li><time datetime="{}">{}</time>{}{}{} <a href="{}">{}</a></li>', (
        (item.iso_time, _when(item, dated), live if item.coverage_open(now) else "",
         format_html_join("", ' <span class="label">{}</span>',
                          ((label.name,) for label in item.shown_labels)),
         updated if item.updated_at else "", item.get_absolute_url(), item.headline)
        for item in items))


def _when(item, dated):
    if not dated:
        return item.local_time
    moment = item.first_published_at
    day = dates.local_date(moment, item.edition, "day_month")
    return f"{day} {dates.local(moment, item.edition).year}, {item.local_time}"


@register.filter
def has_corrections(notes):
    """Whether an article's notes include a correction or clarification (the article then
    links to the edition's corrections page)."""
    return any(note.kind in ArticleUpdate.CORRECTIONS for note in notes)
