"""The plan, booking, status and staff pages run a fixed number of queries, whatever the plan size
or the number of requests."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue.tests.factories import create_best_practice, create_company
from offices.models import StaffRole
from offices.tests.factories import get_county
from visits import staff_services
from visits.models import VisitRequest
from visits.tests.factories import create_bookable_office, create_visit_request, next_open_day
from visits.tests.personas import create_staff

# Rendering is measured: no page comes from the page cache (its hits are pinned in core/tests/test_page_cache.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uncached_pages")]

# The plan page: +4 for the study-tour planner (its settings, the places to arrive at and leave from).
MAX_QUERIES = {"/plan/": 15, "/book/": 19}


def count(client, url):
    client.get(url)  # warm caches that page saves clear (Wagtail's site root paths)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def star_many(client, n, county):
    for _i in range(n):
        client.post("/plan/star/", {"page": create_best_practice(county=county).pk})
        client.post("/plan/star/", {"page": create_company(county=county).pk})


def test_plan_and_booking_pages_do_not_grow_with_the_plan(client):
    office = create_bookable_office()
    county = get_county("Stockholm", office.region)
    star_many(client, 2, county)
    small = {url: count(client, url) for url in MAX_QUERIES}
    star_many(client, 20, county)
    large = {url: count(client, url) for url in MAX_QUERIES}
    assert large == small
    for url, ceiling in MAX_QUERIES.items():
        assert small[url] <= ceiling, (url, small[url])


def test_status_page_queries_are_bounded(client):
    visit_request = create_visit_request()
    assert count(client, f"/visit/{visit_request.status_token}/") <= 10


# The staff inbox and request page: a fixed number of queries, however many requests, days,
# visits and notes there are (the days column is prefetched, not read per row).
# Ceilings: one query more or less depends on whether the user's role group has permissions
# in this database (a transactional test elsewhere flushes the groups the migration made).
# +1 for the triage checks: the topics of the page's requests awaiting a decision (their starred
# practices and the earlier requests they may repeat, when there are topics: visits/tests/test_triage.py).
INBOX_QUERIES = 18
# +2 for the delegation (participants, needs), +1 for a study tour's itinerary (its stops).
REQUEST_PAGE_QUERIES = 28


def add_requests(office, coordinator, n):
    """n requests with two requested days each; every other one confirmed with a visit day."""
    morning, afternoon = office.visit_slots.order_by("start_time")
    days = [next_open_day(office)]
    for _i in range(3):
        days.append(next_open_day(office, days[-1]))
    for i in range(n):
        first, second = days[2 * (i % 2) : 2 * (i % 2) + 2]  # at most 20 groups a slot
        visit_request = create_visit_request(office, [(first, morning), (second, afternoon)])
        if i % 2:
            staff_services.schedule_request(
                visit_request,
                coordinator,
                [{"office": office, "date": second, "slot": afternoon, "hosts": [coordinator]}],
            )


@pytest.mark.parametrize("n", [1, 20])
def test_staff_inbox_and_request_page_do_not_grow_with_the_requests(client, django_assert_max_num_queries, n):
    office = create_bookable_office(groups_per_slot=20, persons_per_slot=500)
    coordinator = create_staff("coordinator", StaffRole.Role.COORDINATOR)
    client.force_login(coordinator)
    add_requests(office, coordinator, n)
    # The request page of a confirmed request with hosts and a site, and one note per request.
    visit_request = VisitRequest.objects.filter(status=VisitRequest.Status.CONFIRMED).first()
    if visit_request is None:
        visit_request = VisitRequest.objects.get()
        requested = visit_request.requested_slots.first()
        staff_services.schedule_request(
            visit_request, coordinator, [{"office": office, "date": requested.date, "slot": requested.slot}]
        )
    visit_request.visits.get().sites.set([create_best_practice(county=get_county("Stockholm", office.region))])
    for i in range(n):
        staff_services.add_note(visit_request, coordinator, f"Note {i}")
    assert VisitRequest.objects.count() == n
    for url in ("/admin/requests/", f"/admin/requests/{visit_request.pk}/"):
        client.get(url)  # warm the per-process caches (Wagtail's site root, content types)
    for url, queries in [
        ("/admin/requests/", INBOX_QUERIES),
        (f"/admin/requests/{visit_request.pk}/", REQUEST_PAGE_QUERIES),
    ]:
        client.get(url)  # warm caches that page saves clear (Wagtail's site root paths)
        with django_assert_max_num_queries(queries):
            assert client.get(url).status_code == 200


# A submission's own statements, in its transaction: the request, its days, per slot one
# statement per kind of seat (it reads the ledger and inserts at once, visits.seats), the
# history, the year's number (one upsert) and the request's reference; the e-mails' task is
# queued after the commit. The closures are kept a second per process (visits.availability).
# Booking throughput (`make bench-booking`) is mostly these round trips: 13 and 17 before the
# ledger's inserts skipped taken seats without a savepoint, 9 and 12 before each kind's insert
# read the ledger itself, one more each before the closures were kept. On PostgreSQL the
# counter's upsert writes the reference too (one statement fewer).
SUBMISSION_QUERIES = {"sqlite": {1: 7, 2: 9}, "postgresql": {1: 6, 2: 8}}


@pytest.mark.parametrize("slots", [1, 2])
def test_a_submission_runs_a_fixed_number_of_statements(slots, settings):
    settings.PAGE_CACHE_SHARED_CHECK_SECONDS = 60  # the closures stay kept, however slow this machine is
    office = create_bookable_office()
    day = next_open_day(office)
    choices = [(day, slot) for slot in office.visit_slots.all()[:slots]]
    create_visit_request(office, choices)  # the year's counter exists, as it almost always does
    with CaptureQueriesContext(connection) as queries:
        create_visit_request(office, choices)
    # Inside the test's transaction, the submission's own is a savepoint (two statements more).
    statements = [query["sql"] for query in queries]
    assert len(statements) == SUBMISSION_QUERIES[connection.vendor][slots] + 2, "\n".join(statements)
