from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from dateline.backups import archive


class Command(BaseCommand):
    help = ("Restore the database and the uploaded media from an archive made by `backup`, "
            "replacing the database's contents. Stop the site and the worker first.")

    def add_arguments(self, parser):
        parser.add_argument("source", help="An archive written by `dateline backup`.")
        parser.add_argument("--no-input", "--noinput", action="store_false", dest="interactive",
                            help="Do not ask for confirmation.")
        parser.add_argument("--database", default="default",
                            help="Database alias (default: default).")

    def handle(self, source, interactive, database, **options):
        try:
            manifest = archive.read_manifest(source)
            archive.check_compatible(manifest, alias=database)
            if interactive:
                name = settings.DATABASES[database]["NAME"]
                answer = input(f"This replaces everything in the database {name} with the "
                               f"backup of {manifest['created_at']} and puts its media files "
                               f"into {settings.MEDIA_ROOT}. Type 'yes' to go on: ")
                if answer.strip().lower() != "yes":
                    raise CommandError("Restore cancelled; nothing was changed.")
            archive.restore(source, alias=database)
        except archive.BackupError as error:
            raise CommandError(f"{error} Nothing was changed.") from error
        self.stdout.write(f"restored the {manifest['database']['vendor']} database and "
                          f"{manifest['media']['files']} media files from {source} "
                          f"(made {manifest['created_at']}). If this code is newer than the "
                          "backup, run `dateline migrate` now.")
