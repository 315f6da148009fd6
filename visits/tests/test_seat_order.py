"""Multi-slot workflows take and give back seats in one fixed order, so concurrent ones never
wait for each other crosswise (on PostgreSQL that was a DeadlockDetected, a 500)."""

import threading

import pytest
from django.db import connections

from visits import services
from visits.availability import SlotUnavailable
from visits.models import SlotHold, VisitRequest
from visits.tests.factories import create_bookable_office, next_open_day

THREADS = 24
GROUPS = 3


def _fields(office, n, group_size=4):
    return {
        "organisation": f"Delegation {n}",
        "organisation_kind": "municipality",
        "country": "IN",
        "contact_name": f"Person {n}",
        "email": f"person{n}@example.org",
        "phone": "+91 98765 43210",
        "group_size": group_size,
        "languages": ["en"],
        "format": "on_site",
        "office": office,
    }


def _run_at_once(target, count):
    start = threading.Barrier(count)
    results = [None] * count

    def run(n):
        try:
            start.wait()
            results[n] = target(n)
        except SlotUnavailable:
            results[n] = "full"
        except Exception as error:  # a deadlock or anything else unexpected
            results[n] = repr(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def _no_overbooking(office):
    for slot in office.visit_slots.all():
        for day in SlotHold.objects.filter(slot=slot).values_list("date", flat=True).distinct():
            holds = SlotHold.objects.filter(slot=slot, date=day)
            assert holds.filter(kind="group").count() <= office.groups_per_slot
            assert holds.filter(kind="person").count() <= office.persons_per_slot


@pytest.mark.django_db(transaction=True)
def test_two_slot_submissions_in_opposite_orders():
    office = create_bookable_office(groups_per_slot=GROUPS, persons_per_slot=100, largest_group=40)
    day = next_open_day(office)
    later = next_open_day(office, after=day)
    morning, afternoon = office.visit_slots.all()[:2]
    orders = ([(day, morning), (later, afternoon)], [(later, afternoon), (day, morning)])

    results = _run_at_once(
        lambda n: services.submit_request(fields=_fields(office, n), choices=orders[n % 2]).pk, THREADS
    )

    errors = [result for result in results if not isinstance(result, int) and result != "full"]
    assert errors == []
    assert sum(isinstance(result, int) for result in results) == GROUPS
    assert VisitRequest.objects.count() == GROUPS
    assert SlotHold.objects.filter(kind="group").count() == 2 * GROUPS
    _no_overbooking(office)


@pytest.mark.django_db(transaction=True)
def test_staff_confirming_two_days_in_opposite_orders():
    office = create_bookable_office(groups_per_slot=GROUPS, persons_per_slot=100, largest_group=40)
    day = next_open_day(office)
    later = next_open_day(office, after=day)
    morning, afternoon = office.visit_slots.all()[:2]
    # Every request asked for a day at a roomy office; staff schedule each on the same two days here.
    roomy = create_bookable_office(groups_per_slot=20, persons_per_slot=500, largest_group=40)
    asked = [[(next_open_day(roomy), slot)] for slot in roomy.visit_slots.all()[:2]]
    requests = [services.submit_request(fields=_fields(roomy, n), choices=asked[n % 2]) for n in range(THREADS)]
    for visit_request in requests:
        services.transition(visit_request, VisitRequest.Status.IN_REVIEW)
    orders = (
        [(office, day, morning), (office, later, afternoon)],
        [(office, later, afternoon), (office, day, morning)],
    )

    results = _run_at_once(lambda n: len(services.confirm_request(requests[n], orders[n % 2])), THREADS)

    errors = [result for result in results if result not in (2, "full")]
    assert errors == []
    assert results.count(2) == GROUPS
    assert VisitRequest.objects.filter(status="confirmed").count() == GROUPS
    _no_overbooking(office)


@pytest.mark.django_db(transaction=True)
def test_requesters_changing_to_two_days_in_opposite_orders():
    office = create_bookable_office(groups_per_slot=GROUPS, persons_per_slot=100, largest_group=40)
    day = next_open_day(office)
    later = next_open_day(office, after=day)
    morning, afternoon = office.visit_slots.all()[:2]
    roomy = create_bookable_office(groups_per_slot=20, persons_per_slot=500, largest_group=40)
    asked = [[(next_open_day(roomy), slot)] for slot in roomy.visit_slots.all()[:2]]
    requests = [services.submit_request(fields=_fields(roomy, n), choices=asked[n % 2]) for n in range(THREADS)]
    for visit_request in requests:  # the requester may choose days at any office
        visit_request.office = office
        visit_request.save(update_fields=["office"])
    orders = ([(day, morning), (later, afternoon)], [(later, afternoon), (day, morning)])

    results = _run_at_once(lambda n: services.change_requested_days(requests[n], orders[n % 2]), THREADS)

    errors = [result for result in results if result not in (None, "full")]
    assert errors == []
    assert results.count(None) == GROUPS
    assert SlotHold.objects.filter(office=office, kind="group").count() == 2 * GROUPS
    _no_overbooking(office)


@pytest.mark.django_db
def test_days_kept_keep_their_seats_and_new_ones_are_taken():
    office = create_bookable_office()
    day = next_open_day(office)
    later = next_open_day(office, after=day)
    morning, afternoon = office.visit_slots.all()[:2]
    visit_request = services.submit_request(fields=_fields(office, 1), choices=[(later, afternoon)])
    kept = set(visit_request.holds.values_list("pk", flat=True))

    # Listed out of order on purpose: the ledger takes them in its own order.
    services.change_requested_days(visit_request, [(later, afternoon), (day, morning)])

    holds = visit_request.holds.all()
    assert kept < set(holds.values_list("pk", flat=True))
    assert holds.filter(date=day, slot=morning, kind="group").count() == 1
    assert holds.filter(date=day, slot=morning, kind="person").count() == 4

    services.transition(visit_request, VisitRequest.Status.IN_REVIEW)
    visits = services.confirm_request(visit_request, [(office, later, afternoon)])

    # The requested seats of the day scheduled pass to the visit; the other day is given back.
    assert set(visit_request.holds.values_list("pk", flat=True)) == kept
    assert set(visit_request.holds.values_list("visit", flat=True)) == {visits[0].pk}
