"""``dateline edition add|list``: the newsroom's editions."""

from ...models import Edition
from ...provisioning import Outcome, describe_edition, ensure_edition
from ..operator import OperatorCommand, add_edition_arguments, edition_options


class Command(OperatorCommand):
    help = "The newsroom's editions: `add` another one, `list` them."
    subcommands = {
        "add": "Add an edition (the main one if there is none yet). Run again with the same "
               "values, it changes nothing; with other values, it refuses.",
        "list": "List the editions and their addresses.",
    }

    def add_add_arguments(self, parser):
        add_edition_arguments(parser)

    def do_add(self, **options):
        outcome = Outcome()
        ensure_edition(edition_options(options), first=False, outcome=outcome)
        self.report(outcome, "is as given")

    def do_list(self, **options):
        editions = list(Edition.objects.all())
        if not editions:
            self.stdout.write("No edition yet: `dateline newsroom init` makes the first.")
        for edition in editions:
            self.stdout.write(describe_edition(edition))
