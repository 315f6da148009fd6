"""Benchmark: server time of the statistics page with many visits (prints numbers; not a test).

make bench     # a throw-away SQLite database in var/bench.sqlite3
"""

import random
import statistics
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from demo.synthetic import generate_visits
from offices.models import OfficePage
from visits.models import Visit


class Command(BaseCommand):
    help = "Fill the database with synthetic visits and time the statistics page."

    def add_arguments(self, parser):
        parser.add_argument("--visits", type=int, default=100_000)
        parser.add_argument("--samples", type=int, default=20)
        parser.add_argument("--database-is-disposable", action="store_true", help="Required: writes many rows.")

    def handle(self, *args, visits, samples, database_is_disposable, **options):
        if not database_is_disposable:
            raise CommandError("This writes synthetic data; run it on a throw-away database (see `make bench`).")
        offices = list(OfficePage.objects.live().prefetch_related("visit_slots"))
        if not offices:
            raise CommandError("No offices: run load_demo first.")
        missing = visits - Visit.objects.count()
        if missing > 0:
            generate_visits(missing, offices)
        user, _created = get_user_model().objects.get_or_create(
            username="bench", defaults={"is_superuser": True, "is_staff": True}
        )
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        rng = random.Random(3)
        this_year = timezone.localdate().year
        pages = {
            "year, all offices": lambda: f"/admin/statistics/?year={rng.randint(this_year - 8, this_year - 1)}",
            "year, one office": lambda: (
                f"/admin/statistics/?year={rng.randint(this_year - 8, this_year - 1)}&office={rng.choice(offices).slug}"
            ),
            "quarter, all offices": lambda: (
                f"/admin/statistics/?period=quarter&quarter={rng.randint(1, 4)}&year={this_year - 2}"
            ),
            "countries CSV": lambda: f"/admin/statistics/countries.csv?year={this_year - 1}",
        }
        self.stdout.write(f"{Visit.objects.count()} visits in the database")
        for name, make_url in pages.items():
            timings, counts = [], set()
            for _i in range(samples):
                url = make_url()
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    response = client.get(url)
                    timings.append((time.perf_counter() - started) * 1000)
                if response.status_code != 200:
                    raise CommandError(f"{url} answered {response.status_code}")
                counts.add(len(queries))
            timings.sort()
            p95 = timings[max(int(len(timings) * 0.95) - 1, 0)]
            self.stdout.write(
                f"{name:22} median {statistics.median(timings):7.1f} ms   p95 {p95:7.1f} ms   "
                f"queries {min(counts)}–{max(counts)}   ({samples} samples)"
            )
