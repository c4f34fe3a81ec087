from django.core.management.base import BaseCommand, CommandError

from dateline.backups import archive


class Command(BaseCommand):
    help = ("Back up the database and the uploaded media into one archive "
            "(docs/deploying.md, \"Backups\").")

    def add_arguments(self, parser):
        parser.add_argument("destination",
                            help="The archive to write (.tar, or .tar.gz to compress it), or a "
                                 "folder to put a dated .tar.gz in.")
        parser.add_argument("--database", default="default",
                            help="Database alias (default: default).")

    def handle(self, destination, database, **options):
        try:
            path = archive.create(destination, alias=database)
        except archive.BackupError as error:
            raise CommandError(str(error)) from error
        manifest = archive.read_manifest(path)
        self.stdout.write(f"{path}: the {manifest['database']['vendor']} database and "
                          f"{manifest['media']['files']} media files "
                          f"({manifest['media']['bytes']} bytes)")
