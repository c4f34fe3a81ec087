"""What a response shows, declared beside each view, for the page cache and the proxies.

A view says which lists and furniture its responses show with the ``shows`` decorator:
each declaration takes what the response presents (``context_data``: a template response's
context, or the dictionary a view that writes XML itself hands over; a view that returns
data for a framework to serialize, as the API's do, returns ``Showing(data, context)``)
and gives surrogate keys (``keys.py``)::

    @shows(lambda page: keys.listing("tag", page["tag"].pk))
    def tag(request, edition, slug): ...

The articles a response shows are found in the same place without being declared: every
value of the context whose type an app registered (``register(Headline, ...)``), and each
item of a list or tuple of them, names the articles it holds. So a page cannot show an
article the page cache does not know about, and no view lists them by hand.

A page that shows its edition's news list leaves out the keys of that edition's articles:
any change to one of them purges the list's key anyway, and fewer keys make a hit cheaper.
A response is good only until the first article it shows expires (``valid_until``), or
until an ``Until`` its context holds (a sitemap names no article, but its rows expire).
"""

import contextvars
from dataclasses import dataclass
from datetime import datetime
from functools import wraps

from dateline.newsroom.models import Article, Translation

from . import keys

_collecting = contextvars.ContextVar("dateline_shown", default=None)
_HOLDERS = {}  # type -> function(value) -> the articles (or holders) it holds


@dataclass(frozen=True)
class ShownArticle:
    """An article as the page cache needs it: its key, its edition's news key, its expiry."""

    pk: int
    edition_id: int
    expire_at: datetime | None = None


@dataclass(frozen=True)
class Until:
    """A response that holds this is good until ``moment`` (a datetime, or None) at most."""

    moment: datetime | None


@dataclass(frozen=True)
class Showing:
    """What a view that returns data rather than a response answers (``data``), with what
    that data shows (``context``); ``shows`` hands the data on."""

    data: object
    context: dict


def register(kind, articles_of):
    """Teach the page cache that a value of type ``kind`` in a response's context shows
    ``articles_of(value)``: ``ShownArticle``s, or values of other registered types."""
    _HOLDERS[kind] = articles_of


register(Article, lambda a: [ShownArticle(a.pk, a.edition_id, a.__dict__.get("expire_at"))])
register(Translation, lambda t: [ShownArticle(t.pk, t.edition_id, t.expire_at)])


class collecting:
    """Within the block, what the responses made record themselves in ``self.keys`` and
    ``self.valid_until`` (a timestamp, or None)."""

    def __enter__(self):
        self.keys = {keys.SITE}
        self.valid_until = None
        self._articles = {}  # article key -> its edition's news key
        self._token = _collecting.set(self)
        return self

    def __exit__(self, *exc):
        _collecting.reset(self._token)
        self.keys.update(key for key, news in self._articles.items() if news not in self.keys)

    def add(self, found_keys, context):
        self.keys.update(found_keys)
        for shown in shown_in(context.values()):
            if isinstance(shown, ShownArticle):
                self._articles[keys.article(shown.pk)] = keys.news(shown.edition_id)
                self._expires(shown.expire_at)
            else:
                self._expires(shown.moment)

    def _expires(self, moment):
        if moment is not None:
            moment = moment.timestamp()
            self.valid_until = min(self.valid_until or moment, moment)


def first_expiry(shown):
    """The first moment (a timestamp) at which one of ``shown`` (``shown_in``'s) expires,
    or None."""
    moments = [item.expire_at if isinstance(item, ShownArticle) else item.moment
               for item in shown]
    moments = [moment.timestamp() for moment in moments if moment is not None]
    return min(moments, default=None)


def shown_in(values):
    """The ``ShownArticle``s and ``Until``s that ``values`` hold, however nested: a part
    of a page rendered ahead (``fragments.py``) keeps them, and the page that shows it
    holds them in its context."""
    for value in values:
        holder = _HOLDERS.get(type(value))
        if isinstance(value, (ShownArticle, Until)):
            yield value
        elif holder is not None:  # before the tuples: a registered type may be one
            yield from shown_in(holder(value))
        elif isinstance(value, (list, tuple)):
            yield from shown_in(value)


def shows(*declarations):
    """Decorate a view with what its responses show: each declaration takes the
    response's ``context_data`` and gives a key or an iterable of keys."""

    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            response = view(*args, **kwargs)
            if isinstance(response, Showing):
                context, response = response.context, response.data
            else:
                context = getattr(response, "context_data", None)
            found = _collecting.get()
            if found is not None and context is not None:
                found.add(_keys_of(declarations, context), context)
            return response

        return wrapper

    return decorate


def _keys_of(declarations, context):
    for declare in declarations:
        made = declare(context)
        if isinstance(made, str):
            yield made
        else:
            yield from made
