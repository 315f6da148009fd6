import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from schedule.public_tours import forget_past_signups
from visits.staff_services import anonymise_expired, anonymise_expired_waiting

# Waiting-list entries that never became requests, and tour sign-ups, are kept this long after their day.
SHORT_RETENTION_DAYS = 30


class Command(BaseCommand):
    help = (
        "Erase contact data of finished requests older than the retention period (REQUEST_RETENTION_DAYS), "
        f"and of waiting-list entries and public tour sign-ups {SHORT_RETENTION_DAYS} days after their day."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="Override the retention period in days.")

    def handle(self, *args, days=None, **options):
        days = days if days is not None else settings.REQUEST_RETENTION_DAYS
        count = anonymise_expired(timezone.now() - datetime.timedelta(days=days))
        self.stdout.write(f"{count} requests anonymised (retention {days} days)")
        short = timezone.now() - datetime.timedelta(days=SHORT_RETENTION_DAYS)
        waiting, signups = anonymise_expired_waiting(short), forget_past_signups(timezone.localdate(short))
        self.stdout.write(f"{waiting} waiting-list entries and {signups} tour sign-ups erased")
