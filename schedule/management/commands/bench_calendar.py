"""Benchmark: server time of the calendar with many visits (not a test; prints numbers).

    make bench     # a throw-away SQLite database in var/bench.sqlite3

Generates synthetic visits over ten years until --visits exist, then requests random
month, week and office views through Django's test client and prints the median and
95th percentile of the server time and the number of queries per page.
"""

import datetime
import random
import statistics
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.i18n import in_default_language
from demo.synthetic import generate_visits
from offices.models import OfficePage
from visits.models import Visit, VisitRequest


class Command(BaseCommand):
    help = "Fill the database with synthetic visits and time the calendar pages."

    def add_arguments(self, parser):
        parser.add_argument("--visits", type=int, default=100_000)
        parser.add_argument("--samples", type=int, default=60)
        parser.add_argument(
            "--database-is-disposable", action="store_true", help="Required: the command writes many rows."
        )

    def handle(self, *args, visits, samples, database_is_disposable, **options):
        if not database_is_disposable:
            raise CommandError("This writes synthetic data; run it on a throw-away database (see `make bench`).")
        offices = list(in_default_language(OfficePage.objects.live()).prefetch_related("visit_slots"))
        if not offices:
            raise CommandError("No offices: run load_demo first.")
        missing = visits - Visit.objects.count()
        if missing > 0:
            self.stdout.write(f"Generating {missing} visits…")
            started = time.perf_counter()
            generate_visits(missing, offices)
            self.stdout.write(f"  done in {time.perf_counter() - started:.1f} s")
        self.stdout.write(f"{Visit.objects.count()} visits, {VisitRequest.objects.count()} requests in the database")

        rng = random.Random(1)
        today = timezone.localdate()
        client = Client(HTTP_HOST="localhost")
        pages = {
            "month, all offices": lambda d: f"/calendar/?date={d:%Y-%m-01}",
            "month, one office": lambda d: f"/calendar/?date={d:%Y-%m-01}&office={rng.choice(offices).slug}",
            "week, all offices": lambda d: f"/calendar/?view=week&date={d:%Y-%m-%d}",
            "day, all offices": lambda d: f"/calendar/?view=day&date={d:%Y-%m-%d}",
        }
        for name, make_url in pages.items():
            timings, query_counts = [], set()
            for _i in range(samples):
                day = today - datetime.timedelta(days=rng.randint(-365, 9 * 365))
                url = make_url(day)
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    response = client.get(url)
                    timings.append((time.perf_counter() - started) * 1000)
                if response.status_code != 200:
                    raise CommandError(f"{url} answered {response.status_code}")
                query_counts.add(len(queries))
            timings.sort()
            p95 = timings[int(len(timings) * 0.95) - 1]
            self.stdout.write(
                f"{name:22} median {statistics.median(timings):6.1f} ms   p95 {p95:6.1f} ms   "
                f"queries {min(query_counts)}–{max(query_counts)}   ({samples} samples)"
            )
