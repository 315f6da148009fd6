"""A gunicorn worker killed (SIGKILL) in the middle of a booking submission leaves nothing
behind: no half-written request, no seat held without a request, the yearly reference
counter equal to a recount, and the slot free for the next visitor.

The submission runs in a real gunicorn worker (deploy/gunicorn.conf.py, one worker, the
test settings) against the test database, posted over HTTP like a browser would. It is
stopped half-way through its transaction, after it has written, and killed there:

- PostgreSQL: the test holds the row lock on the year's ReferenceCounter, the last lock a
  submission takes (`services._assign_reference`), after it has written the request, its
  days, its seats and its audit entry. The worker's backend is seen waiting for that lock
  while holding row-exclusive locks on those four tables (pg_locks), and is killed there.
- SQLite: transactions are IMMEDIATE, so a lock held by the test would stop the submission
  at BEGIN, before it wrote anything. Instead the test holds a read transaction (a SHARED
  lock), which lets the submission take the write lock and write everything, but not commit:
  committing needs every reader gone. The worker is killed while it waits there, seen from
  outside as the PENDING lock that refuses new readers, and it leaves its rollback journal
  behind (a "hot journal"), which the next connection plays back.
"""

import contextlib
import http.cookiejar
import os
import re
import signal
import socket
import sqlite3
import struct
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction

from visits import services
from visits.models import ReferenceCounter, RequestedSlot, SlotHold, StatusChange, VisitRequest
from visits.tests.factories import booking_form, create_bookable_office, next_open_day

ROOT = Path(settings.BASE_DIR)
GUNICORN = Path(sys.executable).parent / "gunicorn"
WRITTEN_BEFORE_THE_COUNTER = {model._meta.db_table for model in (VisitRequest, RequestedSlot, SlotHold, StatusChange)}


def wait_for(condition, what, timeout: float = 30):
    """condition()'s first true value, polled; `what` (text, or a function giving it) says
    what was awaited when it never came."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        assert time.monotonic() < deadline, f"waited {timeout:.0f} s for {what() if callable(what) else what}"
        time.sleep(0.05)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url() -> str:
    """The database this test runs on (pytest-django's test database), for another process."""
    config = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{config['NAME']}"
    assert connection.vendor == "postgresql", connection.vendor
    user = urllib.parse.quote(config["USER"] or "", safe="")
    password = urllib.parse.quote(config["PASSWORD"] or "", safe="")
    login = f"{user}:{password}@" if password else f"{user}@" if user else ""
    return f"postgres://{login}{config['HOST'] or 'localhost'}:{config['PORT'] or 5432}/{config['NAME']}"


class AppServer:
    """gunicorn with one worker on a free port, in its own process group."""

    def __init__(self, log_path: Path):
        self.port = free_port()
        self.log_path = log_path
        env = {key: value for key, value in os.environ.items() if not key.startswith("GUNICORN_")}
        env.update(
            DJANGO_SETTINGS_MODULE="showcase.settings.test",
            DATABASE_URL=database_url(),
            GUNICORN_BIND=f"127.0.0.1:{self.port}",
            GUNICORN_WORKERS="1",
            PYTHONUNBUFFERED="1",
        )
        with open(log_path, "wb") as log:
            self.process = subprocess.Popen(
                [str(GUNICORN), "-c", "deploy/gunicorn.conf.py", "showcase.wsgi"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def log_tail(self, lines: int = 40) -> str:
        with contextlib.suppress(OSError):
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        return "(no log)"

    def workers(self) -> list[int]:
        children = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with contextlib.suppress(OSError, ValueError, IndexError):
                if int(stat.read_text().rpartition(")")[2].split()[1]) == self.process.pid:
                    children.append(int(stat.parent.name))
        return children

    def answers(self) -> bool:
        assert self.process.poll() is None, f"gunicorn exited:\n{self.log_tail()}"
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/robots.txt", timeout=5) as response:
                return response.status == 200
        except OSError:
            return False

    def the_worker(self) -> int:
        workers = wait_for(self.workers, "gunicorn's worker")
        assert len(workers) == 1, workers
        return workers[0]

    def stop(self):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


@pytest.fixture
def app_server(transactional_db, tmp_path):
    server = AppServer(tmp_path / "gunicorn.log")
    try:
        wait_for(server.answers, lambda: f"gunicorn to answer:\n{server.log_tail()}", timeout=90)
        yield server
    finally:
        server.stop()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the 302 after a booking is the answer we look at


class Visitor:
    """A browser: cookies, the form's CSRF token, a form post."""

    def __init__(self, port: int):
        self.base = f"http://127.0.0.1:{port}"
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect
        )
        with self.opener.open(f"{self.base}/book/", timeout=30) as response:
            page = response.read().decode()
        self.csrf_token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    def book(self, office, day, slot, organisation: str) -> tuple[int, str]:
        form = booking_form(office, day, slot, organisation=organisation, csrfmiddlewaretoken=self.csrf_token)
        data = urllib.parse.urlencode(form, doseq=True).encode()
        try:
            with self.opener.open(f"{self.base}/book/", data=data, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as answer:
            return answer.code, answer.headers.get("Location", "")


def _fields(office, organisation):
    return {
        "organisation": organisation,
        "organisation_kind": "municipality",
        "country": "SE",
        "contact_name": "Eva Berg",
        "email": "eva@example.org",
        "phone": "+46 70 123 45 67",
        "group_size": 4,
        "languages": ["en"],
        "format": "on_site",
        "office": office,
    }


# --- Holding the submission half-way -------------------------------------------------------


@contextlib.contextmanager
def postgresql_submission_waiting_for_the_counter(year, submission: threading.Thread):
    """Runs `submission` while this connection holds the year's counter row; yields once its
    backend waits for that lock with the request's rows written, and lets go on leaving."""
    with transaction.atomic(), connection.cursor() as cursor:
        ReferenceCounter.objects.select_for_update().get(year=year)
        submission.start()

        def waiting_backend():
            # pg_locks is read live (pg_stat_activity would be a snapshot within this transaction).
            cursor.execute(
                "SELECT DISTINCT pid FROM pg_locks WHERE NOT granted AND pg_backend_pid() = ANY(pg_blocking_pids(pid))"
            )
            return [row[0] for row in cursor.fetchall()]

        (backend,) = wait_for(waiting_backend, "the submission to wait for the counter's row lock")
        cursor.execute(
            "SELECT c.relname FROM pg_locks l JOIN pg_class c ON c.oid = l.relation"
            " WHERE l.pid = %s AND l.granted AND l.mode = 'RowExclusiveLock'",
            [backend],
        )
        written = {row[0] for row in cursor.fetchall()}
        assert written >= WRITTEN_BEFORE_THE_COUNTER, written  # mid-transaction, after its writes
        yield
    # The backend of the killed worker is still there, waiting: it takes the released lock,
    # finds its client gone and rolls back. Wait for it, so that nothing below races it.
    with connection.cursor() as cursor:

        def backend_gone():
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [backend])
            return cursor.fetchone()[0] == 0

        wait_for(backend_gone, "the killed worker's database backend to end")


# Another process, because SQLite lets a process that already holds a SHARED lock (the
# test's reader) take more without looking at the PENDING lock.
READ_ONCE = """
import sqlite3, sys
try:
    sqlite3.connect(sys.argv[1], timeout=0).execute("SELECT count(*) FROM visits_referencecounter").fetchone()
except sqlite3.OperationalError as error:
    sys.exit(3 if "locked" in str(error) else 1)
"""


def pages_in_journal(journal: Path) -> set[int]:
    """The pages whose original content a rollback journal keeps (sqlite.org/fileformat.html):
    a header as long as a sector, then page number, page and checksum, page after page."""
    data = journal.read_bytes()
    sector_size, page_size = struct.unpack(">II", data[20:28])
    pages, offset = set(), sector_size
    while offset + page_size + 8 <= len(data):
        pages.add(struct.unpack(">I", data[offset : offset + 4])[0])
        offset += page_size + 8
    return pages


def _new_readers_refused(path: str) -> bool:
    probe = subprocess.run([sys.executable, "-c", READ_ONCE, path], capture_output=True, text=True, check=False)
    assert probe.returncode in (0, 3), probe.stderr
    return probe.returncode == 3


@contextlib.contextmanager
def sqlite_submission_waiting_to_commit(submission: threading.Thread):
    """Runs `submission` while a read transaction of the test holds a SHARED lock; yields once
    the submission waits to commit (its PENDING lock refuses new readers); after the kill,
    checks in the journal the dead transaction left that it had updated the counter, the
    last write of a submission: it was killed with all its writes done, none committed."""
    path = connection.settings_dict["NAME"]
    reader = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        (mode,) = reader.execute("PRAGMA journal_mode").fetchone()
        assert mode == "delete", f"journal_mode {mode}: readers would not hold a commit back"
        reader.execute("BEGIN")
        (counter_page,) = reader.execute(  # SHARED from here until ROLLBACK
            "SELECT rootpage FROM sqlite_master WHERE name = ?", [ReferenceCounter._meta.db_table]
        ).fetchone()
        submission.start()
        wait_for(lambda: _new_readers_refused(path), "the submission to wait to commit")
        yield
        journal = Path(f"{path}-journal")
        assert journal.exists(), "the killed transaction left no journal"
        assert counter_page in pages_in_journal(journal), "killed before it updated the reference counter"
    finally:
        reader.execute("ROLLBACK")
        reader.close()


def submission_held_half_way(year, submission):
    if connection.vendor == "postgresql":
        return postgresql_submission_waiting_for_the_counter(year, submission)
    return sqlite_submission_waiting_to_commit(submission)


# --- The checks ------------------------------------------------------------------------------


def assert_consistent(year, capacity):
    """Every request whole, every seat someone's, no slot over capacity, the counter a recount."""
    for visit_request in VisitRequest.objects.all():
        days = visit_request.requested_slots.count()
        assert days >= 1
        assert visit_request.reference == f"SCS-{visit_request.year}-{visit_request.number:04d}"
        assert visit_request.status_changes.filter(to_status=VisitRequest.Status.SUBMITTED).count() == 1
        assert visit_request.holds.filter(kind=SlotHold.Kind.GROUP).count() == days
        assert visit_request.holds.filter(kind=SlotHold.Kind.PERSON).count() == days * visit_request.group_size
    requests = VisitRequest._meta.db_table
    with connection.cursor() as cursor:
        for model in (SlotHold, RequestedSlot, StatusChange):  # plain SQL: the ORM hides a dangling id
            cursor.execute(
                f"SELECT count(*) FROM {model._meta.db_table} t "  # noqa: S608 (table names from the models)
                f"LEFT JOIN {requests} r ON r.id = t.request_id WHERE r.id IS NULL"
            )
            assert cursor.fetchone()[0] == 0, f"{model.__name__} rows without their request"
    seats = Counter(SlotHold.objects.values_list("office_id", "date", "slot_id", "kind"))
    assert all(taken <= capacity[key[3]] for key, taken in seats.items()), seats
    numbers = sorted(VisitRequest.objects.filter(year=year).values_list("number", flat=True))
    assert numbers == list(range(1, len(numbers) + 1))
    assert ReferenceCounter.objects.get(year=year).last_number == len(numbers)


# --- The test --------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_in_the_middle_of_a_submission_leaves_nothing_behind(app_server):
    # One group a slot: the next visitor gets this slot only if the killed submission's seat is free.
    office = create_bookable_office(groups_per_slot=1, persons_per_slot=40, largest_group=30)
    capacity = {SlotHold.Kind.GROUP: 1, SlotHold.Kind.PERSON: 40}
    day = next_open_day(office)
    slot, other_slot = office.visit_slots.all()[:2]
    earlier = services.submit_request(fields=_fields(office, "Earlier delegation"), choices=[(day, other_slot)])
    year = earlier.year
    assert ReferenceCounter.objects.get(year=year).last_number == 1

    visitor = Visitor(app_server.port)
    worker = app_server.the_worker()
    outcome = {}

    def submit():
        try:
            outcome["answer"] = visitor.book(office, day, slot, "Killed delegation")
        except OSError as error:  # the connection dies with the worker
            outcome["error"] = error

    submission = threading.Thread(target=submit, daemon=True)
    with submission_held_half_way(year, submission):
        os.kill(worker, signal.SIGKILL)
        submission.join(timeout=30)
        assert not submission.is_alive()
        assert "answer" not in outcome, outcome  # killed before it could answer
    wait_for(
        lambda: worker not in app_server.workers() and app_server.answers(),
        lambda: f"a new worker:\n{app_server.log_tail()}",
        timeout=90,
    )

    assert not VisitRequest.objects.filter(organisation="Killed delegation").exists()
    assert list(VisitRequest.objects.values_list("pk", flat=True)) == [earlier.pk]
    assert not SlotHold.objects.filter(date=day, slot=slot).exists()
    assert_consistent(year, capacity)

    status, location = Visitor(app_server.port).book(office, day, slot, "Next delegation")

    assert status == 302 and "/book/sent/" in location, (status, location[:2000], app_server.log_tail())
    after = VisitRequest.objects.get(organisation="Next delegation")
    assert after.reference == f"SCS-{year}-0002"
    assert SlotHold.objects.filter(date=day, slot=slot, request=after).count() == 1 + 5
    assert_consistent(year, capacity)
