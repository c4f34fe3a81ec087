"""The reader's newsletter pages: sign up, confirm, manage, leave.

They work without JavaScript and are never cached (``never_cache``: the page cache and
proxies keep none of them; each holds a form, a token or an answer for one reader).

The sign-up form is also on article and home pages, which the page cache shares between
readers and which therefore hold no CSRF token. Its POST is accepted when the browser's
``Origin`` header is the site's own (browsers send it with every form POST and a page
cannot forge it); a POST without it, or from elsewhere, gets the form back on a page of
its own with a CSRF token, and nothing is stored until that is sent. The one-click
unsubscribe URL is the only view without either check: RFC 8058 requires that a mail
system can POST to it with no cookie, and its signed token is what authorises it.
"""

from functools import wraps

from django.http import Http404
from django.middleware.csrf import CsrfViewMiddleware
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from dateline.caching import memo
from dateline.newsroom.addresses import base_url

from . import links, subscriptions, throttle, tokens
from .forms import ManageForm, SignupForm, offered
from .models import NewsletterList

ONE_CLICK = "One-Click"


def reader_page(view):
    """Resolve the edition from the URL prefix; answer in its language; never cached."""

    @wraps(view)
    def wrapper(request, *args, prefix="", **kwargs):
        edition = memo.edition_at(prefix)
        if edition is None:
            raise Http404("No such edition")
        with translation.override(edition.language):
            response = view(request, edition, *args, **kwargs)
            if isinstance(response, TemplateResponse):
                response.render()
            return response

    return never_cache(wrapper)


def _page(request, edition, template, context=None, status=200):
    from dateline.site.views import page_context

    return TemplateResponse(request, f"newsletters/{template}.html",
                            {**page_context(edition), **(context or {})}, status=status)


def _broken_link(request, edition):
    return _page(request, edition, "message", {
        "title": _("This link does not work"),
        "text": _("The link is broken or has expired. Sign up again to get a new one.")},
        status=400)


def _same_origin(request):
    origin = request.headers.get("Origin", "")
    own = {base_url(), f"{request.scheme}://{request.get_host()}"}
    return bool(origin) and origin.rstrip("/") in {address.rstrip("/") for address in own}


def _csrf_passed(request):
    return CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {}) is None


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
@reader_page
def subscribe(request, edition):
    if request.method != "POST":
        return _page(request, edition, "subscribe", {"form": SignupForm(edition=edition)})
    if not throttle.ip_allowed(request):
        return _page(request, edition, "message", {
            "title": _("Too many sign-ups"),
            "text": _("Too many sign-ups came from your network. Try again in an hour.")},
            status=429)
    form = SignupForm(request.POST, edition=edition)
    if not (_same_origin(request) or _csrf_passed(request)):
        # A post from a shared page without Origin (or from elsewhere): ask again, here.
        return _page(request, edition, "subscribe", {"form": form, "confirm_here": True},
                     status=403)
    if not form.is_valid():
        return _page(request, edition, "subscribe", {"form": form}, status=400)
    email, newsletters = form.cleaned_data["email"], list(form.cleaned_data["lists"])
    if not throttle.address_allowed(email):
        return _page(request, edition, "message", {
            "title": _("Too many sign-ups"),
            "text": _("We have sent several confirmation mails to this address already. "
                      "Look for them, or try again in an hour.")}, status=429)
    subscriber, waiting = subscriptions.sign_up(email, newsletters, edition)
    if waiting:
        subscriptions.queue_confirmation(subscriber, waiting, edition)
    return _page(request, edition, "message", {
        "title": _("Check your inbox"),
        "text": _("We have sent you a mail with a link to confirm your subscription. "
                  "Nothing else will be sent until you confirm.")})


@require_http_methods(["GET", "HEAD", "POST"])
@reader_page
def confirm(request, edition, token):
    """GET shows a button (link checkers in mail systems open links; they must not
    confirm); its POST confirms."""
    subscriber, newsletter_ids = tokens.read(tokens.CONFIRM, token)
    newsletters = list(offered(edition).filter(pk__in=newsletter_ids))
    if subscriber is None or not newsletters:
        return _broken_link(request, edition)
    if request.method != "POST":
        return _page(request, edition, "confirm", {"newsletters": newsletters})
    subscriptions.confirm(subscriber, [n.pk for n in newsletters])
    return _page(request, edition, "message", {
        "title": _("You are subscribed"),
        "text": _("Thank you. Your newsletters will come to this address."),
        "manage_url": links.manage_url(edition, subscriber)})


@require_http_methods(["GET", "HEAD", "POST"])
@reader_page
def manage(request, edition, token):
    subscriber, _lists = tokens.read(tokens.MANAGE, token)
    if subscriber is None:
        return _broken_link(request, edition)
    if request.method == "POST":
        form = ManageForm(request.POST, edition=edition)
        if not form.is_valid():
            return _page(request, edition, "manage", {"form": form, "email": subscriber.email},
                         status=400)
        subscriptions.set_lists(subscriber, edition, list(form.cleaned_data["lists"]))
        saved = True
    else:
        saved = False
    current = subscriber.subscriptions.filter(newsletter__edition=edition,
                                              state="confirmed").values_list("newsletter_id",
                                                                             flat=True)
    form = ManageForm(initial={"lists": list(current)}, edition=edition)
    return _page(request, edition, "manage", {"form": form, "email": subscriber.email,
                                              "saved": saved})


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
@reader_page
def unsubscribe(request, edition, token):
    """One-click unsubscription (RFC 8058): a POST whose body is
    ``List-Unsubscribe=One-Click`` leaves the list, with no cookie and no CSRF token (the
    signed token authorises it); a GET shows a page whose button sends that POST."""
    subscriber, newsletter_ids = tokens.read(tokens.UNSUBSCRIBE, token)
    # Any list of the edition, switched off or not: leaving always works.
    newsletters = list(NewsletterList.objects.filter(edition=edition, pk__in=newsletter_ids))
    if subscriber is None or not newsletters:
        return _broken_link(request, edition)
    if request.method != "POST":
        return _page(request, edition, "unsubscribe", {"newsletters": newsletters})
    if request.POST.get("List-Unsubscribe") != ONE_CLICK:
        return _page(request, edition, "message", {
            "title": _("This link does not work"),
            "text": _("Use the button on the unsubscribe page.")}, status=400)
    subscriptions.unsubscribe(subscriber, [n.pk for n in newsletters])
    return _page(request, edition, "message", {
        "title": _("You are unsubscribed"),
        "text": _("You will receive no more mail from this newsletter."),
        "manage_url": links.manage_url(edition, subscriber)})
