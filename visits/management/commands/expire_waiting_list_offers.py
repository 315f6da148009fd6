from django.core.management.base import BaseCommand

from visits.waiting_list import expire_offers


class Command(BaseCommand):
    help = (
        "Pass waiting-list offers that were not accepted in time to the next delegation on the list "
        "(run every few minutes, e.g. from cron)."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{expire_offers()} offers expired")
