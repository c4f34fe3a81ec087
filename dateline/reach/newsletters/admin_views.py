"""The desk's digest preview: the mail a list's readers would get now, HTML or text."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from . import content, mail
from .models import NewsletterList

NAMESPACE = "newsletters_admin"


def may_preview(user):
    return user.has_perm("newsletters.change_newsletterlist") or user.has_perm(
        "newsletters.view_newsletterlist")


def preview_url(newsletter, as_text=False):
    return reverse(f"{NAMESPACE}:preview", args=[newsletter.pk]) + ("?format=text" if as_text
                                                                   else "")


def digest_preview(request, newsletter_id):
    if not may_preview(request.user):
        raise PermissionDenied
    newsletter = get_object_or_404(NewsletterList.objects.select_related("edition"),
                                   pk=newsletter_id)
    composed = mail.compose_digest(newsletter, content.digest_article_ids(newsletter.edition))
    as_text = request.GET.get("format") == "text"
    if composed is None:
        with translation.override(newsletter.edition.language):
            text = _("Nothing published in the last day: no digest would go out now.")
        return HttpResponse(text, content_type="text/plain; charset=utf-8")
    body = composed.text if as_text else composed.html
    body = body.replace(mail.MANAGE_MARK, "#").replace(mail.UNSUBSCRIBE_MARK, "#")
    if as_text:
        return HttpResponse(f"Subject: {composed.subject}\n\n{body}",
                            content_type="text/plain; charset=utf-8")
    response = HttpResponse(body)
    response["Cache-Control"] = "private, no-store"
    return response
