"""Write the database and the media files into one archive with a manifest (core/backup.py)."""

from django.core.management.base import BaseCommand, CommandError

from core.backup import VENDOR_NAMES, BackupError, count, create_backup, default_output_dir, size


class Command(BaseCommand):
    help = "Back up the database and the media files into one timestamped archive; safe while the site runs."

    def add_arguments(self, parser):
        parser.add_argument("--output", metavar="DIR", help=f"folder for the archive (default: {default_output_dir()})")

    def handle(self, *args, output=None, **options):
        try:
            result = create_backup(output)
        except BackupError as error:
            raise CommandError(str(error)) from error
        tables, database, media = (result.manifest[key] for key in ("tables", "database", "media"))
        self.stdout.write(
            f"Database ({VENDOR_NAMES[database['vendor']]}): {count(len(tables), 'table')}, "
            f"{count(sum(tables.values()), 'row')}, {size(database['bytes'])}"
        )
        self.stdout.write(f"Media: {count(media['files'], 'file')}, {size(media['bytes'])}")
        self.stdout.write(
            self.style.SUCCESS(f"Wrote {result.archive}, {size(result.archive_bytes)}, in {result.seconds:.1f} s.")
        )
