"""The desk speaks the newsroom's time, not the server's.

Wagtail runs every admin view in the editor's chosen time zone (account settings, "Current
time zone") and otherwise in ``settings.TIME_ZONE``, which is UTC here: a Kyiv editor
typing 15:49 got 15:49 UTC. The desk's zone is, in this order:

1. the zone the editor chose in their account, if any;
2. on an article's screens (edit, history, compare, preview...), its edition's zone;
3. ``DATELINE_DEFAULT_TIME_ZONE`` (Europe/Kyiv).

Every date typed on the desk is read in that zone and every date shown is written in it;
what is stored stays UTC. Python's zoneinfo converts each instant with the offset in force
on its own date, so a time typed across a daylight-saving change gets that date's offset;
a wall time that does not exist (the hour skipped in March) or happens twice (the hour
repeated in October) is refused by the form rather than guessed.

Wagtail has no setting for the fallback, so ``install()`` wraps the one function its admin
calls to enter the editor's zone (``wagtail.admin.auth.get_localized_response``): the view
then runs, and its template renders, inside the desk's zone.
"""

import types
import zoneinfo
from datetime import datetime

from django.conf import settings
from django.contrib.admin.utils import unquote
from django.utils import timezone
from django.utils.translation import gettext as _

ARTICLE_NAMESPACE = "wagtailsnippets_newsroom_article"


def desk_zone(request, article_pk=None):
    """The zone name the desk uses for this request (see the module's docstring)."""
    return (_chosen_zone(request.user) or _edition_zone(article_pk)
            or settings.DATELINE_DEFAULT_TIME_ZONE)


def _chosen_zone(user):
    profile = getattr(user, "wagtail_userprofile", None) if user.is_authenticated else None
    return profile.current_time_zone if profile is not None else ""


def _edition_zone(article_pk):
    from .models import Article

    if article_pk is None or not str(article_pk).isdigit():
        return None
    return (Article.objects.filter(pk=article_pk)
            .values_list("edition__time_zone", flat=True).first())


def article_pk_of(request, kwargs):
    """The article a desk screen is about, from its address, or None."""
    match = getattr(request, "resolver_match", None)
    if match is None or match.namespace != ARTICLE_NAMESPACE or "pk" not in kwargs:
        return None
    return unquote(str(kwargs["pk"]))


def describe(zone_name, year=None):
    """"Europe/Kyiv: UTC+02:00, UTC+03:00 in summer time", for help texts and headings."""
    zone = zoneinfo.ZoneInfo(zone_name)
    year = year or timezone.now().year
    samples = [datetime(year, month, 15, 12, tzinfo=zone) for month in (1, 7)]
    standard = min(samples, key=lambda moment: moment.dst())
    summer = max(samples, key=lambda moment: moment.dst())
    if summer.dst() == standard.dst():
        return _("%(zone)s: UTC%(offset)s") % {"zone": zone_name,
                                                "offset": _offset(standard)}
    return _("%(zone)s: UTC%(standard)s, UTC%(summer)s in summer time") % {
        "zone": zone_name, "standard": _offset(standard), "summer": _offset(summer)}


def _offset(moment):
    text = moment.strftime("%z")  # +0200
    return f"{text[:3]}:{text[3:]}"


def current():
    """The active zone's description (the desk's, inside a desk view)."""
    return describe(timezone.get_current_timezone_name())


def _in_zone(view_func, zone):
    """``view_func`` run, and its template response rendered, inside ``zone``."""

    def view(request, *args, **kwargs):
        with timezone.override(zone):
            response = view_func(request, *args, **kwargs)
        if hasattr(response, "render"):
            render = response.render

            def render_in_zone(response):
                with timezone.override(zone):
                    return render()

            response.render = types.MethodType(render_in_zone, response)
        return response

    return view


_wagtail_localized = None


def localized_response(view_func, request, *args, **kwargs):
    """Wagtail's ``get_localized_response`` (language, and the chosen zone), with the
    desk's zone inside it."""
    zone = desk_zone(request, article_pk_of(request, kwargs))
    return _wagtail_localized(_in_zone(view_func, zone), request, *args, **kwargs)


def install():
    """Route Wagtail's admin views through ``localized_response`` (once)."""
    global _wagtail_localized
    from wagtail.admin import auth

    if auth.get_localized_response is not localized_response:
        _wagtail_localized = auth.get_localized_response
        auth.get_localized_response = localized_response
