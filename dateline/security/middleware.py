"""The Content Security Policy of every response, and the gate of two-step verification.

Public pages get a strict policy: scripts, styles and everything else from our own origin
(or the static and media origins, when those are absolute URLs on a CDN) and nothing
inline. It is the same for every request, so a page cache may keep it with the page; no
per-request nonces. The desk (``/admin/``) gets only the directives that cannot break
Wagtail: its admin still carries inline scripts (the InlinePanel and date-widget templates)
and sets inline styles from its scripts, so ``script-src``/``style-src`` without
``'unsafe-inline'`` would break it and with it would protect nothing. A response that
already has a policy (Wagtail's image and document serving) keeps its own.

A preview is the public page rendered for the desk's preview panel, which shows it in a
frame: it gets the public policy, except that our own pages may frame it
(``frame-ancestors 'self'``). Nothing else about it is loosened.
"""

from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

from . import conf, two_factor

HEADER = "Content-Security-Policy"

# The one <style> block of site/500.html: the error page must render when the database or
# the static files are what failed, so it carries its few rules inline. Its hash allows
# exactly that block (tests/test_csp.py recomputes it from the template).
ERROR_PAGE_STYLE = "'sha256-QCy4PXqi4YRZw0WDGSJss7MQTnGmB/Sk7BebjWpQMf8='"

ADMIN_POLICY = "base-uri 'self'; form-action 'self'; frame-ancestors 'self'; object-src 'none'"


def _origin(url):
    parts = urlsplit(str(url))
    if parts.scheme in ("http", "https") and parts.netloc:
        return f"{parts.scheme}://{parts.netloc}"
    return None


def public_policy(frame_ancestors="'none'"):
    """The policy of every page outside the desk, built from the settings.

    ``frame_ancestors`` is ``'none'`` for readers; previews pass ``'self'`` (see above).
    """
    static, media = _origin(settings.STATIC_URL), _origin(settings.MEDIA_URL)
    frames = conf.csp_frame_src()
    directives = [
        ("default-src", ["'self'"]),
        ("script-src", ["'self'", static]),
        ("style-src", ["'self'", static, ERROR_PAGE_STYLE]),
        ("img-src", ["'self'", "data:", static, media]),
        ("font-src", ["'self'", static]),
        ("frame-src", ["'self'", *frames] if frames else []),
        ("frame-ancestors", [frame_ancestors]),
        ("base-uri", ["'self'"]),
        ("form-action", ["'self'"]),
        ("object-src", ["'none'"]),
    ]
    return "; ".join(f"{name} {' '.join(dict.fromkeys(s for s in sources if s))}"
                     for name, sources in directives if sources)


def is_admin_path(path):
    return path.startswith(reverse("wagtailadmin_home"))


def is_preview(request):
    """Wagtail renders a preview through a stand-in request to the public address that it
    marks ``is_preview`` (``PreviewableMixin.make_preview_request``); readers' never are."""
    return getattr(request, "is_preview", False) is True


def policy_for(request):
    if is_admin_path(request.path):
        return ADMIN_POLICY
    if is_preview(request):
        return public_policy(frame_ancestors="'self'")
    return public_policy()


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if HEADER not in response:
            response[HEADER] = policy_for(request)
        return response


# Views a signed-in user who still owes a code may reach.
OPEN_VIEWS = {"wagtailadmin_login", "wagtailadmin_logout", two_factor.VERIFY_URL_NAME}


class TwoFactorMiddleware:
    """Hold a signed-in user at the code prompt, or at enrolment, until done.

    A user with a confirmed authenticator app whose session has not yet been verified
    with a code (``request.user.is_verified()``, from django-otp's ``OTPMiddleware``) is
    sent to the code prompt from every address but sign-in and sign-out; a member of a
    group in ``DATELINE_REQUIRE_2FA_GROUPS`` without an app is sent to set one up. Both
    redirects carry ``next`` and are never cached.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated:
            return None
        if not hasattr(user, "is_verified"):
            raise ImproperlyConfigured(
                "Put django_otp.middleware.OTPMiddleware before "
                "dateline.security.middleware.TwoFactorMiddleware in MIDDLEWARE.")
        name = request.resolver_match.url_name if request.resolver_match else None
        if user.is_verified() or name in OPEN_VIEWS:
            return None
        if two_factor.has_device(user):
            return self._send(request, two_factor.VERIFY_URL_NAME)
        if name != two_factor.SETUP_URL_NAME and two_factor.is_required(user):
            return self._send(request, two_factor.SETUP_URL_NAME)
        return None

    def _send(self, request, url_name):
        query = urlencode({"next": request.get_full_path()}, safe="/")
        response = redirect(f"{reverse(url_name)}?{query}")
        add_never_cache_headers(response)
        return response
