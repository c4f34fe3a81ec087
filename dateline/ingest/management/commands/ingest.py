"""``dateline ingest SOURCE --edition CODE [--publish] [--dry-run]``."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from dateline.newsroom.models import Edition
from dateline.newsroom.provisioning import edition_choices

from ...importer import REJECTED, Ingester
from ...parsers import FORMATS


class Command(BaseCommand):
    help = ("Ingest a ninjs (1.x-3.x), RSS 2.0, Atom 1.0 or JSON Feed 1.1 document from a file "
            "or an http(s) address into an edition. The format is detected from the content.")

    def add_arguments(self, parser):
        parser.add_argument("source", help="A file path or an http(s) address.")
        parser.add_argument("--edition", required=True, help="The edition's code, e.g. global.")
        parser.add_argument("--publish", action="store_true",
                            help="Publish new items and updates at once (default: drafts).")
        parser.add_argument("--dry-run", action="store_true",
                            help="Report what would change and change nothing.")
        parser.add_argument("--format", default="auto", choices=["auto", *FORMATS],
                            help="Refuse documents of any other format (default: detect).")
        parser.add_argument("--user", help="Act as this user, with their permissions "
                                           "(default: the system, like the worker).")

    def handle(self, source, edition, publish, dry_run, format, user, verbosity, **options):
        try:
            edition_obj = Edition.objects.get(code=edition)
        except Edition.DoesNotExist:
            raise CommandError(f"No edition {edition!r}. {edition_choices()}") from None
        acting = self._user(user, publish)
        ingester = Ingester(edition_obj, publish=publish, dry_run=dry_run, user=acting)
        report = ingester.ingest_location(source, format=format)
        if report.error:
            raise CommandError(f"{source}: {report.error}")
        for outcome in report.outcomes:
            if outcome.action == REJECTED:
                self.stderr.write(f"rejected  item {outcome.position} {outcome.external_id or ''}:"
                                  f" {outcome.reason}")
            elif verbosity >= 2 or (outcome.reason and verbosity >= 1):
                suffix = f" ({outcome.reason})" if outcome.reason else ""
                article = f" article {outcome.article_id}" if outcome.article_id else ""
                self.stdout.write(f"{outcome.action:<9} item {outcome.position} "
                                  f"{outcome.external_id}{article}{suffix}")
        self.stdout.write(report.summary())

    def _user(self, username, publish):
        if not username:
            return None
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(f"No user {username!r}.") from None
        if not user.has_perm("newsroom.add_article"):
            raise CommandError(f"{username} may not create articles.")
        if publish and not user.has_perm("newsroom.publish_article"):
            raise CommandError(f"{username} may not publish; leave out --publish.")
        return user
