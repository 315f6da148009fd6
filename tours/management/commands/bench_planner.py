"""Prints how long the exact ordering takes for plans of 4 to 12 stops (no database needed).

The plans are synthetic and dense on purpose: stops spread over four cities, three days with
two slots each, 70 % of the slots free, so that many orders are possible.
"""

import statistics

from django.core.management.base import BaseCommand

from tours.benchmarks import random_problem
from tours.solver import MAX_STOPS, solve


class Command(BaseCommand):
    help = "Times the study-tour ordering (exact dynamic programme) for 4 to 12 stops."

    def add_arguments(self, parser):
        parser.add_argument("--plans", type=int, default=20, help="random plans per size")

    def handle(self, *args, plans=20, **options):
        self.stdout.write(f"{'stops':>5} {'median ms':>10} {'p95 ms':>8} {'max ms':>8}")
        for size in range(4, MAX_STOPS + 1, 2):
            times = sorted(solve(random_problem(size, seed)).wall_ms for seed in range(plans))
            p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
            self.stdout.write(f"{size:>5} {statistics.median(times):>10.1f} {p95:>8.1f} {times[-1]:>8.1f}")
