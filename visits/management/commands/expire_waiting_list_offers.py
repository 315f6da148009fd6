from django.core.management.base import BaseCommand

from visits.waiting_list import expire_offers, offer_everywhere


class Command(BaseCommand):
    help = (
        "Pass waiting-list offers that were not accepted in time to the next delegation on the list, "
        "and offer free seats to every waiting list that has some (run every few minutes, e.g. from cron)."
    )

    def handle(self, *args, **options):
        expired = expire_offers()
        self.stdout.write(f"{expired} offers expired, {offer_everywhere()} new offers")
