"""Refresh the query planner's statistics (core.queries.refresh_planner_statistics).

`make run` and `make serve` run it after loading the demo; run it after a bulk import, and
now and then on a SQLite site that grows (PostgreSQL's autovacuum does this by itself).
"""

import time

from django.core.management.base import BaseCommand

from core.queries import refresh_planner_statistics


class Command(BaseCommand):
    help = "Refresh the database's query planner statistics (ANALYZE)."

    def handle(self, *args, **options):
        started = time.perf_counter()
        refresh_planner_statistics()
        self.stdout.write(f"Planner statistics refreshed in {time.perf_counter() - started:.1f} s.")
