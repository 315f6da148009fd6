import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from visits.staff_services import anonymise_expired


class Command(BaseCommand):
    help = "Erase contact data of finished requests older than the retention period (REQUEST_RETENTION_DAYS)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="Override the retention period in days.")

    def handle(self, *args, days=None, **options):
        days = days if days is not None else settings.REQUEST_RETENTION_DAYS
        count = anonymise_expired(timezone.now() - datetime.timedelta(days=days))
        self.stdout.write(f"{count} requests anonymised (retention {days} days)")
