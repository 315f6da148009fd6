"""Builds a large database on top of the demo content (see demo/scale.py).

    manage.py load_demo --if-empty
    manage.py scale_demo --practices 10000 --visits 100000

Both numbers are totals: a second run with the same numbers adds nothing, a run with
larger ones adds the difference. A progress line per step goes to stderr.
"""

import os
import time

from django.core.management.base import BaseCommand, CommandError

from core.queries import refresh_planner_statistics
from demo.scale import ScaleError, Timings, add_practices, add_visits

# Settings under which a database is a developer's own (make run, the tests); under any
# other (production) the command asks for --database-is-disposable.
OWN_DATABASE_SETTINGS = ("showcase.settings.dev", "showcase.settings.test")


class Command(BaseCommand):
    help = (
        "Add generated best practices (with their Swedish and Chinese aliases and search entries) and "
        "synthetic visits until the database has --practices and --visits of them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--practices", type=int, default=10_000, help="Best practices in the listing (English) when done."
        )
        parser.add_argument("--visits", type=int, default=100_000, help="Visits in the database when done.")
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same generated data.")
        parser.add_argument(
            "--database-is-disposable",
            action="store_true",
            help="Required under settings other than dev and test: the command writes many rows.",
        )

    def handle(self, *args, practices, visits, seed, database_is_disposable, **options):
        if practices < 0 or visits < 0:
            raise CommandError("--practices and --visits are totals and cannot be negative.")
        # The module the process was started with (--settings sets it too); settings.SETTINGS_MODULE
        # is empty under override_settings.
        module = os.environ.get("DJANGO_SETTINGS_MODULE", "")
        if module not in OWN_DATABASE_SETTINGS and not database_is_disposable:
            raise CommandError(
                f"Settings {module or '(unknown)'} may point at a real database and this adds thousands of generated "
                "pages and visits; add --database-is-disposable if it is a throw-away one."
            )
        timings = Timings()
        started = time.perf_counter()
        try:
            added_practices = add_practices(practices, seed=seed, stream=self.stderr, timings=timings)
            added_visits = add_visits(visits, seed=seed, stream=self.stderr, timings=timings)
        except ScaleError as error:
            raise CommandError(str(error)) from error
        # As after any bulk load, and also when nothing was added: a database made by an earlier
        # run may never have had them, and without them SQLite plans as if every table were huge.
        analyzed = time.perf_counter()
        refresh_planner_statistics()
        timings.add("planner statistics", 0, time.perf_counter() - analyzed)
        total = time.perf_counter() - started
        for label, rows, seconds in timings.phases:
            self.stdout.write(f"  {label:24} {rows:>8,} rows {seconds:7.1f} s")
        if not added_practices and not added_visits:
            self.stdout.write(
                f"Nothing to add: the listing already has {practices:,} or more best practices and the database "
                f"{visits:,} or more visits (both options are totals; give larger ones to add more)."
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Added {added_practices:,} best practices (with their aliases in every language) and "
                f"{added_visits:,} visits in {total:.1f} s."
            )
        )
