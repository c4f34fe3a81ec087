"""Newsletter mail: rendered once per message, addressed per reader.

A send to 100,000 readers renders its templates once (``compose``): the two links that
differ per reader (manage, unsubscribe) are marks in the rendered text that
``addressed`` replaces, so each reader's mail costs two string replacements and the
signing of two tokens, not a template rendering. Every mail names its list
(``List-Id``, RFC 2919), carries one-click unsubscription (``List-Unsubscribe`` and
``List-Unsubscribe-Post``, RFC 8058) and a Message-ID made from the message and the
reader (the same on a resend, so mail systems drop a duplicate).
"""

from dataclasses import dataclass
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dateline.newsroom import dates
from dateline.newsroom.addresses import page_url

from . import content, links

MANAGE_MARK = "DATELINE-NEWSLETTER-MANAGE-LINK"
UNSUBSCRIBE_MARK = "DATELINE-NEWSLETTER-UNSUBSCRIBE-LINK"


@dataclass
class Composed:
    subject: str
    html: str
    text: str
    newsletter: object
    edition: object


def from_address(edition):
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return formataddr((name or edition.publication_name, address or settings.DEFAULT_FROM_EMAIL))


def _render(name, context, edition):
    with translation.override(edition.language):
        context = {"edition": edition, "home_url": page_url(edition, "home"),
                   "manage_url": MANAGE_MARK, "unsubscribe_url": UNSUBSCRIBE_MARK, **context}
        return (render_to_string(f"newsletters/mail/{name}.html", context),
                render_to_string(f"newsletters/mail/{name}.txt", context))


def compose_breaking(newsletter, article_id):
    """The breaking mail of one article, or None when it is not published."""
    edition = newsletter.edition
    found = content.stories(edition, [article_id])
    if not found:
        return None
    story = found[0]
    with translation.override(edition.language):
        subject = _("Breaking: %(headline)s") % {"headline": story.headline}
    html, text = _render("breaking", {"story": story, "newsletter": newsletter,
                                      "preheader": story.lead or story.headline}, edition)
    return Composed(subject, html, text, newsletter, edition)


def compose_digest(newsletter, article_ids, moment=None):
    """The digest of ``article_ids`` (those still published), or None when none is."""
    edition = newsletter.edition
    found = content.stories(edition, article_ids)
    if not found:
        return None
    moment = moment or timezone.now()
    day = dates.local_date(moment, edition)
    with translation.override(edition.language):
        subject = _("%(newsletter)s, %(day)s") % {"newsletter": newsletter.name, "day": day}
    html, text = _render("digest", {
        "top": found[0], "stories": found[1:], "newsletter": newsletter, "day": day,
        "preheader": " · ".join(story.headline for story in found[:3])}, edition)
    return Composed(subject, html, text, newsletter, edition)


def message_id(message_pk, subscriber_pk):
    return f"<newsletter.{message_pk}.{subscriber_pk}@{links.mail_domain()}>"


def addressed(composed, subscriber, message_pk, connection=None):
    """``composed`` as the mail to ``subscriber``, with its own links and headers."""
    edition, newsletter = composed.edition, composed.newsletter
    manage = links.manage_url(edition, subscriber)
    unsubscribe = links.unsubscribe_url(edition, subscriber, newsletter)

    def fill(text):
        return text.replace(MANAGE_MARK, manage).replace(UNSUBSCRIBE_MARK, unsubscribe)

    mail = EmailMultiAlternatives(
        subject=_header_safe(composed.subject), body=fill(composed.text), from_email=from_address(edition),
        to=[subscriber.email], connection=connection, headers={
            "Message-ID": message_id(message_pk, subscriber.pk),
            "List-Id": f"{_header_safe(newsletter.name).replace('<', '').replace('>', '')} "
                       f"<{newsletter.kind}.{newsletter.pk}.{links.mail_domain()}>",
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        })
    mail.attach_alternative(fill(composed.html), "text/html")
    return mail


def _header_safe(text):
    """One line (a newline in a header is refused, and would be an injection)."""
    return " ".join(text.split())


def confirmation(subscriber, newsletters, edition):
    """The one mail an unconfirmed address ever gets: a link to confirm the lists asked."""
    confirm = links.confirm_url(edition, subscriber, [n.pk for n in newsletters])
    html, text = _render("confirm", {"confirm_url": confirm, "newsletters": newsletters},
                         edition)
    with translation.override(edition.language):
        subject = _("Confirm your subscription to %(name)s") % {
            "name": edition.publication_name}
    mail = EmailMultiAlternatives(subject=subject, body=text, from_email=from_address(edition),
                                  to=[subscriber.email],
                                  headers={"Auto-Submitted": "auto-generated"})
    mail.attach_alternative(html, "text/html")
    return mail
