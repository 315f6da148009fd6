"""Benchmark: server time of every public page type, uncached and from the page cache.

    .venv/bin/python manage.py bench_pages                       # the demo database
    DATABASE_URL=sqlite:///var/scale.sqlite3 .venv/bin/python manage.py bench_pages

Writes nothing but the page cache's generation (cold samples retire what is kept, on every
server sharing its store: run it on a database no live site uses). Requests go through
Django's test client in this process (the whole middleware stack, no network), so the
figures are server time: median and 95th percentile in milliseconds, and the queries each
page runs, three ways: cold (nothing kept), a new address (a page-cache miss, as a filter
combination nobody asked for yet: shared parts and practice cards kept, as a running
server keeps them once each address has been shown; the calendar's page around its days
is kept per address too: "calendar unseen" times addresses never shown), right
after a booking (addresses shown before, with the page cache's generations bumped as a
booking committed elsewhere bumps them before each sample: a page that reads no bookings
is still served from the page cache, one that does is rendered again from the kept parts)
and from the page cache. Detail pages and searches pick a
different page or word for every sample, so no sample is a repeat of the last; "listing
new word" searches words of the catalogue's titles that were not searched before (nothing
kept for them: ranking, facet counts and most cards are new), and "calendar unseen" asks
for the month at addresses nobody asked for (its page around the days is built too), so
their addresses are not shown first.
Not a test: it prints numbers (see README, "Speed").
"""

import contextlib
import gc
import itertools
import random
import re
import statistics
import time
import uuid
from unittest import mock

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core import page_cache

# Pages whose point is a first request: their addresses are not shown before they are timed.
FIRST_TIME = {"listing new word", "calendar unseen"}
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
            f"{connection.vendor}; {samples} samples per page\n"
            "cold: nothing kept (page cache and shared parts off); "
            "new address: a page-cache miss, shared parts and practice cards kept; "
            "after a booking: an address shown before, each sample right after a booking elsewhere "
            "(rendered again only where the page reads bookings); "
            "cached: served from the page cache"
        )
        self.stdout.write(
            f"{'page':22} {'cold':>20} {'queries':>7} {'new address':>20} {'queries':>7} "
            f"{'after a booking':>20} {'cached':>20}"
        )
        gc.collect()
        gc.freeze()  # as each app server's worker does once started (deploy/gunicorn.conf.py)
        for name, make_url in pages.items():
            first_time = name in FIRST_TIME
            cold, cold_queries = self._time(make_url, samples, mode="cold")
            miss, miss_queries = self._time(make_url, samples, mode="new address", warm_all=not first_time)
            booked, _queries = self._time(make_url, samples, mode="after a booking", warm_all=not first_time)
            cached, _queries = self._time(make_url, samples, mode="cached")
            self.stdout.write(
                f"{name:22} {_summary(cold):>20} {cold_queries:>7} {_summary(miss):>20} {miss_queries:>7} "
                f"{_summary(booked):>20} {_summary(cached):>20}"
            )

    def _time(self, make_url, samples, *, mode, warm_all=False):
        settings.PAGE_CACHE_SECONDS = 0 if mode == "cold" else 600
        settings.PAGE_CACHE_DATA_SECONDS = 0 if mode == "cold" else 3600
        client = Client(HTTP_HOST=settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS != ["*"] else "localhost")
        rng = random.Random(7)
        urls = [make_url(rng) for _i in range(samples)]
        if mode == "cached":  # the cache's own cost: the same few addresses, already stored
            urls = [urls[i % 3] for i in range(samples)]
        with _every_request_a_new_address(mode == "new address"):
            # Warm: connections, templates, renditions, the cache itself; at a new address, what
            # a running server keeps of every page the samples show (its parts and cards).
            for url in urls if warm_all else urls[:3]:
                self._get(client, url)
            if mode == "cold":
                page_cache.invalidate()
            with CaptureQueriesContext(connection) as captured:
                self._get(client, urls[0])
            query_count = len(captured)  # now: the next request empties the connection's log
            timings = []
            for url in urls:
                if mode == "after a booking":
                    _a_booking_elsewhere()
                elif mode == "cold":
                    # Nothing kept means nothing kept by the page types timed before, either.
                    page_cache.invalidate()
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
        regional_office = live(OfficePage).filter(region__isnull=False).first() or office
        company = live(CompanyPage).first()
        month = timezone.localdate().replace(day=1)
        # Words of the catalogue's titles, each searched once: a word nobody searched before.
        titles = live(BestPracticePage).values_list("title", flat=True)[:3000]
        new_words = sorted({word.lower() for title in titles for word in re.findall(r"[^\W\d_]{5,}", title)})
        random.Random(1).shuffle(new_words)
        unsearched = iter(new_words)
        # A group size is part of the address but, without an office, changes nothing shown:
        # the calendar at addresses never asked for, whose page around the days is not kept.
        group_sizes = itertools.cycle(range(2, 501))
        return {
            "home": lambda rng: "/",
            "listing": lambda rng: listing.url,
            "listing page 3": lambda rng: f"{listing.url}?page=3",
            "listing filtered": lambda rng: f"{listing.url}?focus_area={focus.slug}&on_site=1",
            "listing search": lambda rng: f"{listing.url}?q={rng.choice(SEARCH_WORDS)}",
            "listing new word": lambda rng: f"{listing.url}?q={next(unsearched, rng.choice(SEARCH_WORDS))}",
            "listing map": lambda rng: f"{listing.url}?view=map",
            "detail": lambda rng: rng.choice(practice_urls),
            "focus area": lambda rng: focus.url,
            "sub-area": lambda rng: sub_area.url,
            "calendar month": lambda rng: f"/calendar/?date={month:%Y-%m-%d}",
            "calendar unseen": lambda rng: f"/calendar/?date={month:%Y-%m-%d}&group_size={next(group_sizes)}",
            "offices": lambda rng: office_index.url,
            "office": lambda rng: office.url,
            "regional office": lambda rng: regional_office.url,
            "directory": lambda rng: directory.url,
            "company": lambda rng: company.url,
        }


@contextlib.contextmanager
def _every_request_a_new_address(active: bool):
    """Each request misses the page cache, as an address nobody asked for yet would, while
    everything else (shared parts, practice cards) is kept as the server keeps it."""
    if not active:
        yield
        return
    original = page_cache._key
    with mock.patch.object(page_cache, "_key", lambda request: f"{original(request)}:{uuid.uuid4().hex}"):
        yield


def _a_booking_elsewhere():
    """What a booking committed by another process does to this one's page cache: its
    invalidation, as the visit's post_save sends it (and as the shared generation tells)."""
    from visits.models import Visit

    page_cache.invalidate(sender=Visit)


def _summary(timings):
    timings = sorted(timings)
    p95 = timings[max(int(len(timings) * 0.95) - 1, 0)]
    return f"{statistics.median(timings):5.1f} / {p95:5.1f} ms"
