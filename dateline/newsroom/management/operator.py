"""What the operators' commands (newsroom, edition, labels) share."""

import getpass
import os
import sys

from django.core.management.base import BaseCommand, CommandError

from ..provisioning import EDITION_FIELDS, FLAGS, Refused

PASSWORD_VARIABLE = "DATELINE_ADMIN_PASSWORD"  # noqa: S105  (a variable's name)


class OperatorCommand(BaseCommand):
    """A command with subcommands (``dateline edition add``); each is a method
    ``do_<name>``, and ``Refused`` becomes an error that lists every problem."""

    subcommands = {}  # name → help

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        for name, text in self.subcommands.items():
            getattr(self, f"add_{name}_arguments", lambda parser: None)(
                actions.add_parser(name, help=text, description=text))

    def handle(self, *args, action, **options):
        try:
            getattr(self, f"do_{action}")(**options)
        except Refused as refused:
            lines = refused.problems + refused.hints
            raise CommandError("nothing changed:\n  " + "\n  ".join(lines)
                               if len(lines) > 1 else f"nothing changed: {lines[0]}") from None

    def report(self, outcome, what):
        for line in outcome.done:
            self.stdout.write(self.style.SUCCESS(line[0].upper() + line[1:] + "."))
        if not outcome.changed:
            self.stdout.write("Nothing to change: " + "; ".join(outcome.kept) + f" {what}.")


def add_edition_arguments(parser, required=("code", "language", "name")):
    helps = {
        "name": "The edition's name, e.g. “Dateline Global”.",
        "code": "Its short name in commands and the API, e.g. global.",
        "language": "Its language: one of the site's languages (en, uk).",
        "time_zone": "Its clock, e.g. Europe/Kyiv (the default for a new edition).",
        "path_prefix": "Its pages live under /PREFIX/ (main edition: none, at /; others: "
                       "the code).",
        "publication_name": "The name news aggregators show (default: the name).",
    }
    for name in EDITION_FIELDS:
        parser.add_argument(FLAGS[name], dest=name, required=name in required,
                            help=helps[name])


def edition_options(options):
    return {name: options.get(name) for name in EDITION_FIELDS}


def ask_password(username, interactive, stdin=None):
    """The administrator's password: from DATELINE_ADMIN_PASSWORD, else asked twice in a
    terminal (never taken from the command line, where other users and the shell's history
    would see it); None when neither is possible."""
    if os.environ.get(PASSWORD_VARIABLE):
        return os.environ[PASSWORD_VARIABLE]
    stdin = stdin or sys.stdin
    if not interactive or not stdin.isatty():
        return None
    for _ in range(3):
        first = getpass.getpass(f"Password for {username}: ")
        if first and first == getpass.getpass("Again: "):
            return first
        sys.stderr.write("The two did not match (or were empty); again.\n")
    raise CommandError("No password given.")
