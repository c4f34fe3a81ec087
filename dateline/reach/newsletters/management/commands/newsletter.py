"""`dateline newsletter export|erase|bounce EMAIL`: what a data-protection request or a
bounce report needs, from the command line."""

import email
import email.policy
import json
import sys

from django.core.management.base import BaseCommand, CommandError

from dateline.reach.newsletters import subscriptions
from dateline.reach.newsletters.models import Bounce


class Command(BaseCommand):
    help = ("Newsletter readers: `export EMAIL` prints everything stored about an address "
            "(JSON), `erase EMAIL` deletes it (GDPR), `bounce EMAIL` or `bounce --dsn FILE` "
            "records a bounce.")

    def add_arguments(self, parser):
        parser.add_argument("operation", choices=["export", "erase", "bounce"])
        parser.add_argument("email", nargs="?", default="")
        parser.add_argument("--soft", action="store_true", help="a temporary bounce")
        parser.add_argument("--dsn", help="a delivery status notification (RFC 3464) file, "
                                          "or - for standard input")

    def handle(self, operation, email, **options):
        if operation == "bounce":
            return self.bounce(email, options)
        if not email:
            raise CommandError("Name the e-mail address.")
        if operation == "export":
            data = subscriptions.export(email)
            if data is None:
                raise CommandError(f"No subscriber with the address {email!r}.")
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            if not subscriptions.erase(email):
                raise CommandError(f"No subscriber with the address {email!r}.")
            self.stdout.write(f"Erased {email} and everything stored about it.")

    def bounce(self, address, options):
        kind = Bounce.Kind.SOFT if options["soft"] else Bounce.Kind.HARD
        diagnostic, message_id = "", ""
        if options["dsn"]:
            address, kind, diagnostic, message_id = _read_dsn(options["dsn"])
        if not address:
            raise CommandError("Name the e-mail address, or give a DSN with --dsn.")
        if subscriptions.record_bounce(address, kind, diagnostic, message_id) is None:
            raise CommandError(f"No subscriber with the address {address!r}.")
        self.stdout.write(f"Recorded a {kind} bounce for {address}.")


def _read_dsn(path):
    """(address, kind, diagnostic, original Message-ID) of a DSN (RFC 3464)."""
    if path == "-":
        data = sys.stdin.buffer.read()
    else:
        with open(path, "rb") as file:
            data = file.read()
    report = email.message_from_bytes(data, policy=email.policy.default)
    address = kind = diagnostic = message_id = ""
    for part in report.walk():
        content_type = part.get_content_type()
        if content_type == "message/delivery-status":
            for block in part.get_payload():
                recipient = block.get("Final-Recipient") or block.get("Original-Recipient")
                if recipient:
                    address = str(recipient).split(";", 1)[-1].strip()
                    action = str(block.get("Action", "")).strip().lower()
                    status = str(block.get("Status", "")).strip()
                    kind = Bounce.Kind.HARD if status.startswith("5") or action == "failed" \
                        else Bounce.Kind.SOFT
                    diagnostic = f"{status} {block.get('Diagnostic-Code', '')}".strip()
        elif content_type in ("message/rfc822", "text/rfc822-headers") and not message_id:
            inner = part.get_payload()
            if isinstance(inner, list) and inner:
                message_id = str(inner[0].get("Message-ID", ""))
            elif isinstance(inner, str):
                headers = email.message_from_string(inner)
                message_id = str(headers.get("Message-ID", ""))
    if not address:
        raise CommandError("The file holds no delivery status (Final-Recipient) to read.")
    return address, kind, diagnostic, message_id
