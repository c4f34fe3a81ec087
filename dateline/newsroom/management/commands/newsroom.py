"""``dateline newsroom init``: the main edition and the first administrator."""

from django.contrib.auth import get_user_model

from ...provisioning import init_newsroom
from ..operator import (
    PASSWORD_VARIABLE,
    OperatorCommand,
    add_edition_arguments,
    ask_password,
    edition_options,
)


class Command(OperatorCommand):
    help = ("Start a newsroom: `init` makes the main edition and the first administrator. "
            "Run again with the same values, it changes nothing; with other values, it "
            "refuses and changes nothing.")
    subcommands = {"init": "The main edition and the first administrator (a superuser in the "
                           f"Administrator role; password from {PASSWORD_VARIABLE} or asked)."}

    def add_init_arguments(self, parser):
        add_edition_arguments(parser)
        parser.add_argument("--admin-username", help="The first administrator's username "
                                                     "(needed while there is none).")
        parser.add_argument("--admin-email", help="Their e-mail address.")
        parser.add_argument("--no-input", action="store_false", dest="interactive",
                            help=f"Never ask: the password comes from {PASSWORD_VARIABLE}.")

    def do_init(self, admin_username, admin_email, interactive, **options):
        admin = None
        if admin_username:
            User = get_user_model()
            exists = User.objects.filter(**{User.USERNAME_FIELD: admin_username}).exists()
            # An existing administrator's password is only compared when one is given.
            password = ask_password(admin_username, interactive and not exists)
            admin = (admin_username, admin_email, password)
        outcome = init_newsroom(edition_options(options), admin)
        self.report(outcome, "are as given")
        if outcome.changed:
            self.stdout.write(
                "Next: `dateline edition add` for another edition, `dateline labels add` and "
                "`dateline labels map` for ingest, `dateline collectstatic --noinput`, then "
                "`dateline serve` and `dateline worker`.")
