"""Fifty visitors submit the same slot at the same moment; the ledger lets exactly two in."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from visits.models import RequestedSlot, SlotHold, StatusChange, VisitRequest
from visits.tests.factories import booking_form, create_bookable_office, next_open_day

SUBMITTERS = 50


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_submissions_to_a_slot_for_two_groups(settings):
    settings.BOOKING_SUBMISSIONS_PER_HOUR = 10_000
    office = create_bookable_office(groups_per_slot=2, persons_per_slot=100, largest_group=40)
    day = next_open_day(office)
    slot = office.visit_slots.first()
    start = threading.Barrier(SUBMITTERS)
    results = [None] * SUBMITTERS

    def submit(n):
        try:
            start.wait()
            form = booking_form(
                office,
                day,
                slot,
                organisation=f"Delegation {n}",
                contact_name=f"Person {n}",
                email=f"person{n}@example.org",
            )
            response = Client().post("/book/", form)
            results[n] = (response.status_code, response.content.decode())
        except Exception as error:
            results[n] = (None, repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(SUBMITTERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    statuses = [status for status, _body in results]
    assert None not in statuses, [body for status, body in results if status is None][:3]
    assert 500 not in statuses
    assert statuses.count(302) == 2, statuses
    refused = [(n, body) for n, (status, body) in enumerate(results) if status != 302]
    assert len(refused) == SUBMITTERS - 2
    for n, body in refused:
        assert "this slot was just taken, please choose another" in body
        assert f'value="Delegation {n}"' in body and f'value="person{n}@example.org"' in body  # form intact

    # Nothing half-saved, nothing lost.
    assert VisitRequest.objects.count() == 2
    assert SlotHold.objects.filter(kind="group").count() == 2
    assert SlotHold.objects.filter(kind="person").count() == 10
    assert RequestedSlot.objects.count() == 2 and StatusChange.objects.count() == 2
    assert sorted(r[-4:] for r in VisitRequest.objects.values_list("reference", flat=True)) == ["0001", "0002"]
    connection.close()
