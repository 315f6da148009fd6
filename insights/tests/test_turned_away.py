"""The booking form records attempts turned away by a full slot or a closed day, and nothing else."""

import pytest
from django.utils import timezone

from insights.models import TurnedAwayAttempt
from insights.turned_away import record_turned_away
from offices.models import Closure
from visits.models import VisitRequest
from visits.tests.factories import booking_form, create_bookable_office, create_visit_request, next_open_day

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    return create_bookable_office(title="North", slug="north", groups_per_slot=1)


def test_a_successful_booking_records_nothing(client, office):
    day = next_open_day(office)
    assert client.post("/book/", booking_form(office, day, office.visit_slots.first())).status_code == 302
    assert not TurnedAwayAttempt.objects.exists()


def test_a_full_slot_is_recorded_once_per_submission(client, office):
    day = next_open_day(office)
    morning, afternoon = office.visit_slots.all()[:2]
    create_visit_request(office, [(day, morning)])
    response = client.post(
        "/book/",
        booking_form(office, day, morning, slots=[f"{day:%Y-%m-%d}|{morning.pk}", f"{day:%Y-%m-%d}|{afternoon.pk}"]),
    )
    assert response.status_code == 400
    assert "this slot was just taken" in response.content.decode()
    attempt = TurnedAwayAttempt.objects.get()  # the free afternoon is not a refusal
    assert (attempt.office, attempt.day, attempt.slot, attempt.reason) == (office, day, morning, "full")
    client.post("/book/", booking_form(office, day, morning))
    assert TurnedAwayAttempt.objects.count() == 2
    assert VisitRequest.objects.count() == 1


def test_a_slot_without_room_for_the_group_counts_as_full(client, office):
    office.groups_per_slot, office.persons_per_slot, office.largest_group = 2, 20, 20
    office.save()
    day, slot = next_open_day(office), office.visit_slots.first()
    create_visit_request(office, [(day, slot)], group_size=15)
    assert client.post("/book/", booking_form(office, day, slot, group_size="10")).status_code == 400
    assert TurnedAwayAttempt.objects.get().reason == "full"


def test_a_closed_day_is_recorded_for_each_slot_chosen(client, office):
    day = next_open_day(office)
    Closure.objects.create(office=office, start_date=day, end_date=day, public_note="Staff day")
    values = [f"{day:%Y-%m-%d}|{slot.pk}" for slot in office.visit_slots.all()]
    assert client.post("/book/", booking_form(office, day, office.visit_slots.first(), slots=values)).status_code == 400
    assert sorted(TurnedAwayAttempt.objects.values_list("reason", flat=True)) == ["closed"] * len(values)


def test_other_refusals_and_bots_are_not_demand(client, office):
    slot = office.visit_slots.first()
    today = timezone.localdate()  # before the first bookable day
    assert client.post("/book/", booking_form(office, today, slot)).status_code == 400
    day = next_open_day(office)
    create_visit_request(office, [(day, slot)])
    assert client.post("/book/", booking_form(office, day, slot, website="http://spam.example")).status_code == 400
    assert client.post("/book/", booking_form(office, day, slot, group_size="31")).status_code == 400
    assert TurnedAwayAttempt.objects.count() == 1  # only the too-large group asking for a full slot
    assert not TurnedAwayAttempt.objects.filter(day=today).exists()


def test_record_turned_away_keeps_no_personal_data(office):
    attempt = record_turned_away(office, next_open_day(office), None, "closed")
    assert {field.name for field in TurnedAwayAttempt._meta.get_fields()} == {
        "id",
        "office",
        "day",
        "slot",
        "reason",
        "created_at",
    }
    assert attempt.slot is None
    with pytest.raises(ValueError):
        record_turned_away(office, attempt.day, None, "rainy")
