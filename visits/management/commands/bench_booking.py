"""Benchmark: booking throughput through the seat ledger (not a test; prints numbers).

    manage.py bench_booking --database-is-disposable [--clients 8] [--processes 1]
                                                     [--seconds 10 | --submissions N]

    # on a throw-away PostgreSQL (bin/with-postgres starts it and creates the database): `make bench-booking`
    bin/with-postgres sh -c '.venv/bin/python manage.py migrate --noinput &&
        .venv/bin/python manage.py load_demo --if-empty &&
        .venv/bin/python manage.py bench_booking --database-is-disposable --clients 8 --processes 2'

Needs the demo offices (`manage.py load_demo`) on a throw-away database: every accepted
submission stays in it. N clients (threads, each with its own database connection, spread
over --processes processes like an app server's workers) submit at once through
`visits.services.submit_request`, the service behind the booking form and the study-tour
form, until the time or the number of submissions is reached. Half the
submissions ask for one slot, the others for two or three, at one office or (like a study
tour) at two, always in a random order, so concurrent submissions want the same slots in
opposite orders. Like visitors on the booking form, clients choose among the slots still
shown as free, mostly the earliest ones, so they compete for the same seats.

Prints accepted submissions a second, how many were refused because a slot was full, how
many failed otherwise (a deadlock would count here), p50/p95 latency, and then checks the
ledger: the number of overbooked slots must be 0. E-mails go to the database task queue, as
in production, for `manage.py db_worker` to render and send (`--mail in-request` renders
them in each submission instead, as `make run` does, into Django's locmem backend).
"""

import datetime
import gc
import multiprocessing
import random
import statistics
import threading
import time
from collections import Counter
from queue import Empty

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections
from django.db.models import Count
from django.test.utils import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core.i18n import in_default_language
from offices.models import OfficePage
from visits import services
from visits.availability import HORIZON_DAYS, SlotUnavailable, first_bookable_day, office_availability
from visits.models import SlotHold, VisitRequest

MAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASK_BACKENDS = {
    "queued": "django_tasks_db.DatabaseBackend",
    "in-request": "django_tasks.backends.immediate.ImmediateBackend",
}
BENCH_ORGANISATION = "Bench delegation "
# Clients pick among this many of the earliest slots still shown as free: demand is near term.
HOT_SLOTS = 200
# How long clients and processes wait for each other to be ready before the clock starts.
START_TIMEOUT = 120


class SlotsRanOut(Exception):
    """Every slot the booking form offers is taken: the run ends there."""


class FreeSlots:
    """The (office, day, slot)s the booking form would still offer, shared by every client.

    Clients see what was booked before they chose (groups left go down with each acceptance),
    but not what others are submitting at the same moment: those races are the refusals. The
    counts live in shared memory, so clients in other processes see them too.
    """

    def __init__(self, slots):
        # (office, day, slot, n, office key): n indexes the shared counts.
        self.keys = sorted(
            ((office, day, slot, n, office.pk) for n, (office, day, slot, _left) in enumerate(slots)),
            key=lambda key: (key[1], key[4], key[2].start_time),
        )
        self.index = {(day, slot.pk): n for n, (_office, day, slot, _left) in enumerate(slots)}
        self.shared = multiprocessing.get_context("fork").Array("i", [left for *_key, left in slots])
        self.lock = self.shared.get_lock()
        self.left = self.shared.get_obj()  # read and written under self.lock only
        self.first = 0

    def pick(self, count, rng, *, other_office=False):
        """`count` (office, day, slot)s among the earliest still free, at one office or two."""
        with self.lock:
            while self.first < len(self.keys) and not self.left[self.keys[self.first][3]]:
                self.first += 1
            hot = []
            for key in self.keys[self.first : self.first + HOT_SLOTS * 4]:
                if self.left[key[3]]:
                    hot.append(key)
                    if len(hot) == HOT_SLOTS:
                        break
        if len(hot) < count:
            return None
        first = rng.choice(hot)
        # Offices compared by their key kept in the tuple: comparing model instances over
        # hundreds of slots was a third of the clients' own time, taken from the server on
        # this machine's two cores.
        if other_office:
            others = [key for key in hot if key[4] != first[4]]
            chosen = [first, rng.choice(others)] if others else None
        else:
            same = [key for key in hot if key[4] == first[4] and key is not first]
            chosen = [first, *rng.sample(same, count - 1)] if len(same) >= count - 1 else None
        return [key[:3] for key in chosen] if chosen else None

    def booked(self, keys):
        with self.lock:
            for _office, day, slot in keys:
                n = self.index[(day, slot.pk)]
                self.left[n] = max(self.left[n] - 1, 0)

    def mark_full(self, day, slot):
        with self.lock:
            if (day, slot.pk) in self.index:
                self.left[self.index[(day, slot.pk)]] = 0


class Command(BaseCommand):
    help = "Submit bookings from concurrent clients through the real service; print throughput and check the ledger."

    def add_arguments(self, parser):
        parser.add_argument("--clients", type=int, default=8, help="concurrent clients (threads) in all, default 8")
        parser.add_argument(
            "--processes",
            type=int,
            default=1,
            help="spread the clients over this many processes, like app-server workers (default 1)",
        )
        parser.add_argument("--seconds", type=float, default=10.0, help="how long to submit, default 10")
        parser.add_argument("--submissions", type=int, default=0, help="stop after this many submissions instead")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--mail",
            choices=["queued", "in-request"],
            default="queued",
            help="queued: e-mails go to the database task queue, as in production (default); "
            "in-request: rendered in each submission, as with the immediate task backend of `make run`",
        )
        parser.add_argument(
            "--database-is-disposable", action="store_true", help="Required: every accepted submission stays."
        )

    def handle(self, *args, clients, processes, seconds, submissions, seed, mail, database_is_disposable, **options):
        if not database_is_disposable:
            raise CommandError("This writes many requests; run it on a throw-away database (--database-is-disposable).")
        if not 1 <= processes <= clients:
            raise CommandError("--clients must be at least 1, and at least --processes.")
        offices = list(in_default_language(OfficePage.objects.live()).prefetch_related("visit_slots"))
        if not offices:
            raise CommandError("No offices: run load_demo first.")
        slots = self._free_slots(offices)
        if not slots:
            raise CommandError("No free slot left as far ahead as the booking form offers: use a fresh database.")
        free = FreeSlots(slots)
        vendor = connection.vendor
        requests_before = VisitRequest.objects.count()
        queued_before = DBTaskResult.objects.count()
        connections.close_all()  # nothing shared with the clients (or with forked processes)

        shares = [
            {
                "clients": clients // processes + (n < clients % processes),
                "submissions": submissions // processes + (n < submissions % processes) if submissions else 0,
                "seed": seed * 100 + n,
            }
            for n in range(processes)
        ]
        # Production settings where they matter here: no query log, e-mails queued for the task
        # worker (or rendered in the request, but not sent).
        tasks = {"default": {"BACKEND": TASK_BACKENDS[mail]}}
        with override_settings(EMAIL_BACKEND=MAIL_BACKEND, DEBUG=False, TASKS=tasks):
            if processes == 1:
                runs = [self._run(free, seconds=seconds, **shares[0])]
            else:
                runs = self._run_in_processes(free, shares, seconds)
        results = [result for run in runs for result in run["results"]]
        crashed = sum((Counter(run["crashed"]) for run in runs), Counter())
        elapsed = max(max(run["elapsed"] for run in runs), 1e-9)  # 0 when every client crashed: errors below

        errors = crashed + Counter(detail for outcome, _label, _seconds, detail in results if outcome == "error")
        outcomes = Counter(outcome for outcome, _label, _seconds, _detail in results)
        mix = Counter(label for _outcome, label, _seconds, _detail in results)
        latencies = sorted(seconds * 1000 for _outcome, _label, seconds, _detail in results)
        accepted = outcomes["accepted"]
        self.stdout.write(
            f"{vendor}: {clients} clients in {processes} process(es), {elapsed:.1f} s, {len(results)} submissions "
            f"(one slot {mix['1 slot']}, two slots {mix['2 slots']}, three slots {mix['3 slots']}, "
            f"two offices {mix['2 offices']})"
        )
        if any(run.get("ran_out") for run in runs):
            self.stdout.write(f"every slot the form offers was taken after {elapsed:.1f} s: rates are over that time")
        if mail == "queued":
            queued = DBTaskResult.objects.count() - queued_before
            self.stdout.write(f"e-mails: {queued} acknowledgements queued for `manage.py db_worker`, as in production")
        else:
            self.stdout.write("e-mails: rendered in each submission into Django's locmem backend, not sent")
        self.stdout.write(f"accepted            {accepted:7d}   {accepted / elapsed:7.1f} a second")
        self.stdout.write(f"refused as full     {outcomes['full']:7d}")
        self.stdout.write(f"errors              {sum(errors.values()):7d}")
        for detail, count in errors.most_common(5):
            self.stdout.write(f"    {count} × {detail}")
        if latencies:
            p95 = latencies[max(int(len(latencies) * 0.95) - 1, 0)]
            self.stdout.write(
                f"latency             p50 {statistics.median(latencies):6.1f} ms   p95 {p95:6.1f} ms   "
                f"max {latencies[-1]:6.1f} ms   (every submission)"
            )
        overbooked, stray = self._check_ledger(offices)
        created = VisitRequest.objects.count() - requests_before
        self.stdout.write(f"overbookings        {overbooked:7d}   (slots holding more seats than they have)")
        self.stdout.write(f"ledger mismatches   {stray:7d}   (requests whose seats differ from their days)")
        if created != accepted:
            self.stdout.write(f"requests saved {created}, accepted {accepted}: they should be equal")
        if overbooked or stray or errors or created != accepted:
            raise CommandError("The ledger or the submissions are not right (see above).")

    def _run(self, free, *, clients, seconds, submissions, seed, start_gate=None):
        """Run `clients` threads until `seconds` pass or `submissions` are made; their results."""
        results = []  # (outcome, label, seconds, detail) per submission
        crashed = Counter()
        budget = {"left": submissions or None}
        budget_lock = threading.Lock()
        ready = threading.Barrier(clients + 1)
        ran_out = threading.Event()
        deadline = [time.perf_counter() + 3600]  # until every client is ready

        def take_turn():
            with budget_lock:
                if budget["left"] is None:
                    return time.perf_counter() < deadline[0]
                if budget["left"] <= 0:
                    return False
                budget["left"] -= 1
                return True

        def client(n):
            rng = random.Random(seed * 1000 + n)
            own = []
            try:
                try:
                    connection.ensure_connection()  # its own connection, opened before the clock starts
                except Exception:
                    ready.abort()  # the others (and the clock) must not wait for this one forever
                    raise
                ready.wait()
                while take_turn():
                    own.append(self._submit(free, rng, f"{seed}-{n}-{len(own) + 1}"))
            except SlotsRanOut:
                # The demo offices have about 3,500 groups' worth of slots in the form's 400
                # days, which 250 submissions a second take in about ten seconds: the run ends
                # when they are gone, and the rate is over the time it took.
                ran_out.set()
            except Exception as error:  # a client must report, not die silently
                crashed[_describe(error)] += 1
            finally:
                results.extend(own)
                connections.close_all()

        # As each app-server worker does after start-up (deploy/gunicorn.conf.py): what Django
        # loaded is moved out of the collector's way, which otherwise walks it again and again.
        gc.collect()
        gc.freeze()
        threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
        for thread in threads:
            thread.start()
        try:
            if start_gate is not None:
                start_gate.wait(timeout=START_TIMEOUT)  # broken if another process could not start
            ready.wait(timeout=START_TIMEOUT)
        except threading.BrokenBarrierError:
            ready.abort()  # clients still waiting give up, counted as crashed
        started = time.perf_counter()
        deadline[0] = started + seconds
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
        return {"results": results, "crashed": dict(crashed), "elapsed": elapsed, "ran_out": ran_out.is_set()}

    def _run_in_processes(self, free, shares, seconds):
        context = multiprocessing.get_context("fork")  # the children inherit Django as set up here
        start_gate = context.Barrier(len(shares))
        queue = context.Queue()

        def child(n, share):
            try:
                queue.put((n, self._run(free, seconds=seconds, start_gate=start_gate, **share)))
            except Exception as error:  # reported like a crashed client
                queue.put((n, {"results": [], "crashed": {_describe(error): 1}, "elapsed": 0.0}))
            finally:
                connections.close_all()

        workers = [context.Process(target=child, args=(n, share)) for n, share in enumerate(shares)]
        for worker in workers:
            worker.start()
        runs = {}
        while len(runs) < len(workers):
            try:
                n, run = queue.get(timeout=1)
                runs[n] = run
            except Empty:
                # A process that ended has sent what it had (its queue is flushed on exit); one
                # that ended without a result (killed, or os._exit) would otherwise be waited for forever.
                for n, worker in enumerate(workers):
                    if n not in runs and worker.exitcode is not None and queue.empty():
                        runs[n] = {"results": [], "crashed": {f"process ended ({worker.exitcode})": 1}, "elapsed": 0.0}
        for worker in workers:
            worker.join()
        return list(runs.values())

    def _free_slots(self, offices):
        start = first_bookable_day()
        end = timezone.localdate() + datetime.timedelta(days=HORIZON_DAYS)  # as far as the form offers
        return [
            (office, day.date, state.slot, state.groups_left)
            for office in offices
            for day in office_availability(office, start, end)
            for state in day.slots
            if state.groups_left
        ]

    def _submit(self, free, rng, name):
        """One submission: (outcome, label, seconds, detail)."""
        kind = rng.random()
        if kind < 0.5:
            keys, label = free.pick(1, rng), "1 slot"
        elif kind < 0.75:
            keys, label = free.pick(2, rng), "2 slots"
        elif kind < 0.85:
            keys, label = free.pick(3, rng), "3 slots"
        else:
            keys, label = free.pick(2, rng, other_office=True), "2 offices"
        if keys is None:
            keys, label = free.pick(1, rng), "1 slot"
        if keys is None:
            raise SlotsRanOut
        rng.shuffle(keys)
        office = keys[0][0]
        fields = {
            "organisation": f"{BENCH_ORGANISATION}{name}",
            "organisation_kind": "municipality",
            "country": rng.choice(["CN", "IN", "DE", "BR", "KE", "US"]),
            "contact_name": f"Bench person {name}",
            "email": f"bench{name}@example.org",
            "phone": "+46 8 123 456 78",
            "group_size": rng.randint(2, min(15, office.largest_group)),
            "languages": ["en"],
            "format": "on_site",
            "office": office,
            "language": rng.choice(["en", "sv", "zh-hans"]),
        }
        started = time.perf_counter()
        try:
            services.submit_request(
                fields=fields,
                choices=[(day, slot) for _office, day, slot in keys],
                offices=[key[0] for key in keys if key[0] != office],
            )
        except SlotUnavailable as refusal:
            free.mark_full(refusal.day, refusal.slot)
            return "full", label, time.perf_counter() - started, ""
        except Exception as error:  # counted and shown; the run goes on
            return "error", label, time.perf_counter() - started, _describe(error)
        took = time.perf_counter() - started
        free.booked(keys)
        return "accepted", label, took, ""

    def _check_ledger(self, offices):
        """(slots holding more seats than they have, requests whose seats differ from their days)."""
        capacity = {
            office.pk: {"group": office.groups_per_slot, "person": office.persons_per_slot} for office in offices
        }
        overbooked = 0
        rows = SlotHold.objects.values("office_id", "date", "slot_id", "kind").annotate(n=Count("pk")).order_by()
        for row in rows:
            limit = capacity.get(row["office_id"], {}).get(row["kind"])
            if limit is not None and row["n"] > limit:
                overbooked += 1
        seats = Counter()
        for request_id, kind, n in (
            SlotHold.objects.filter(request__organisation__startswith=BENCH_ORGANISATION)
            .values_list("request_id", "kind")
            .annotate(n=Count("pk"))
            .order_by()
        ):
            seats[(request_id, kind)] = n
        bench = VisitRequest.objects.filter(organisation__startswith=BENCH_ORGANISATION)
        stray = 0
        for pk, group_size, days in bench.annotate(days=Count("requested_slots")).values_list(
            "pk", "group_size", "days"
        ):
            if seats[(pk, "group")] != days or seats[(pk, "person")] != days * group_size:
                stray += 1
        return overbooked, stray


def _describe(error) -> str:
    first_line = (str(error).splitlines() or [""])[0]
    return f"{type(error).__name__}: {first_line[:120]}"
