from django.core.management.base import BaseCommand

from tours.models import TravelPlace, TravelTime
from tours.travel_data import load_table


class Command(BaseCommand):
    help = "Loads the shipped travel-time table; --overwrite replaces staff's edits with the shipped figures."

    def add_arguments(self, parser):
        parser.add_argument("--overwrite", action="store_true")

    def handle(self, *args, overwrite=False, **options):
        places, times = load_table(TravelPlace, TravelTime, overwrite=overwrite)
        self.stdout.write(f"{places} places, {times} travel times")
