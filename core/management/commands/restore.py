"""Put back the database and the media files from an archive made by `manage.py backup`."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, check_vendor, count, describe_target, read_manifest, restore_backup, size


class Command(BaseCommand):
    help = "Replace the database and the media files with those in a backup archive (asks for --yes)."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="a showcase-YYYYmmdd-HHMMSS.tar.gz written by manage.py backup")
        parser.add_argument("--yes", action="store_true", help="really replace the database and the media files")

    def handle(self, *args, archive, yes=False, verbosity=1, **options):
        try:
            manifest = read_manifest(archive)
            check_vendor(manifest)
            tables, media = manifest["tables"], manifest["media"]
            contents = (
                f"{count(len(tables), 'table')}, {count(sum(tables.values()), 'row')}, "
                f"{count(media['files'], 'media file')}"
            )
            if not yes:
                raise CommandError(
                    f"Restoring replaces {describe_target()} and every file in {settings.MEDIA_ROOT} with the "
                    f"backup made {manifest['created_at']} ({contents}). Nothing was changed; run again with "
                    "--yes to go ahead (stop the app servers first)."
                )
            result = restore_backup(archive)
        except BackupError as error:
            raise CommandError(str(error)) from error

        self.stdout.write(f"Restored {describe_target()} and {settings.MEDIA_ROOT}: {contents}")
        self.stdout.write(f"Database {size(manifest['database']['bytes'])}, media {size(media['bytes'])}")
        if verbosity >= 2:
            self.stdout.write(f"  {'table':<56} {'backup':>10} {'restored':>10}")
            for table, rows in sorted(tables.items()):
                self.stdout.write(f"  {table:<56} {rows:>10,} {result.counts.get(table, 0):>10,}")
        extra = sorted(set(result.counts) - set(tables))
        if extra:
            self.stdout.write(f"Tables the backup does not have, left as they were: {', '.join(extra)}")
        if result.pending_migrations:
            self.stderr.write(
                self.style.WARNING(
                    f"The restored database lacks {count(result.pending_migrations, 'migration')} of this code: "
                    "run manage.py migrate."
                )
            )
        if result.mismatches:
            for table, (rows, now) in sorted(result.mismatches.items()):
                self.stderr.write(
                    f"  {table}: {count(rows, 'row')} in the backup, {'no table' if now is None else now} now"
                )
            raise CommandError(
                f"Row counts differ from the backup's manifest in {count(len(result.mismatches), 'table')} (above)."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Row counts equal the manifest in all {count(len(tables), 'table')}. "
                f"Restored the backup made {manifest['created_at']} in {result.seconds:.1f} s."
            )
        )
