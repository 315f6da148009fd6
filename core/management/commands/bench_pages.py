"""Benchmark: server time of every public page type, uncached and from the page cache.

    .venv/bin/python manage.py bench_pages                       # the demo database
    DATABASE_URL=sqlite:///var/scale.sqlite3 .venv/bin/python manage.py bench_pages

Read-only. Requests go through Django's test client in this process (the whole
middleware stack, no network), so the figures are server time: median and 95th
percentile in milliseconds, and the queries each page runs. Detail pages and searches
pick a different page or word for every sample, so no sample is a repeat of the last.
Not a test: it prints numbers (see README, "Speed").
"""

import gc
import random
import statistics
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

SEARCH_WORDS = ["biogas", "energy", "water", "bus", "heat", "waste", "district", "solar", "mobility", "housing"]


class Command(BaseCommand):
    help = "Time every public page type, uncached and from the page cache (median, p95, queries)."

    def add_arguments(self, parser):
        parser.add_argument("--samples", type=int, default=40)
        parser.add_argument("--only", default="", help="Comma-separated page names to run (default: all).")

    def handle(self, *args, samples, only, **options):
        pages = self._pages()
        if only:
            wanted = {name.strip() for name in only.split(",")}
            pages = {name: urls for name, urls in pages.items() if name in wanted}
        from catalogue.models import BestPracticePage

        self.stdout.write(
            f"{BestPracticePage.objects.live().count()} live best practices (all languages); "
            f"{connection.vendor}; {samples} samples per page"
        )
        self.stdout.write(f"{'page':28} {'uncached':>22} {'queries':>8} {'cached':>22}")
        gc.collect()
        gc.freeze()  # as each app server's worker does once started (deploy/gunicorn.conf.py)
        for name, make_url in pages.items():
            uncached, queries = self._time(make_url, samples, cache_seconds=0)
            cached, _queries = self._time(make_url, samples, cache_seconds=600, repeat=True)
            self.stdout.write(f"{name:28} {_summary(uncached):>22} {queries:>8} {_summary(cached):>22}")

    def _time(self, make_url, samples, *, cache_seconds, repeat=False):
        settings.PAGE_CACHE_SECONDS = cache_seconds
        client = Client(HTTP_HOST=settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS != ["*"] else "localhost")
        rng = random.Random(7)
        urls = [make_url(rng) for _i in range(samples)]
        if repeat:  # the cache's own cost: the same few addresses, already stored
            urls = [urls[i % 3] for i in range(samples)]
        for url in urls[:3]:  # warm: connections, templates, renditions, the cache itself
            self._get(client, url)
        with CaptureQueriesContext(connection) as captured:
            self._get(client, urls[0])
        query_count = len(captured)  # now: the next request empties the connection's log
        timings = []
        for url in urls:
            started = time.perf_counter()
            self._get(client, url)
            timings.append((time.perf_counter() - started) * 1000)
        return timings, query_count

    @staticmethod
    def _get(client, url):
        response = client.get(url)
        if response.status_code != 200:
            raise CommandError(f"{url} answered {response.status_code}")
        return response

    def _pages(self):
        from catalogue.models import (
            BestPracticeIndexPage,
            BestPracticePage,
            CompanyPage,
            DirectoryIndexPage,
            FocusAreaPage,
            SubAreaPage,
        )
        from core.i18n import in_default_language
        from offices.models import OfficeIndexPage, OfficePage

        def live(model):
            return in_default_language(model.objects.live())

        listing = live(BestPracticeIndexPage).first()
        if listing is None:
            raise CommandError("No best-practice listing: run load_demo first.")
        practice_urls = [p.url for p in live(BestPracticePage).order_by("?")[:200]]
        focus = live(FocusAreaPage).first()
        sub_area = live(SubAreaPage).first()
        directory = live(DirectoryIndexPage).first()
        office_index = live(OfficeIndexPage).first()
        office = live(OfficePage).first()
        company = live(CompanyPage).first()
        month = timezone.localdate().replace(day=1)
        return {
            "home": lambda rng: "/",
            "listing": lambda rng: listing.url,
            "listing page 3": lambda rng: f"{listing.url}?page=3",
            "listing filtered": lambda rng: f"{listing.url}?focus_area={focus.slug}&on_site=1",
            "listing search": lambda rng: f"{listing.url}?q={rng.choice(SEARCH_WORDS)}",
            "listing map": lambda rng: f"{listing.url}?view=map",
            "detail": lambda rng: rng.choice(practice_urls),
            "focus area": lambda rng: focus.url,
            "sub-area": lambda rng: sub_area.url,
            "calendar month": lambda rng: f"/calendar/?date={month:%Y-%m-%d}",
            "offices": lambda rng: office_index.url,
            "office": lambda rng: office.url,
            "directory": lambda rng: directory.url,
            "company": lambda rng: company.url,
        }


def _summary(timings):
    timings = sorted(timings)
    p95 = timings[max(int(len(timings) * 0.95) - 1, 0)]
    return f"{statistics.median(timings):6.1f} / {p95:6.1f} ms"
