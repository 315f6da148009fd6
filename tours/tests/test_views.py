"""The planner on the plan page, exports, booking a tour across offices, and staff moving a stop."""

import datetime
import shutil
import subprocess

import icalendar
import pytest
from django.core import mail
from django.urls import reverse

from offices.models import StaffRole
from tours import services
from tours.models import ItineraryStop, TourPin, TourSettings
from tours.tests.factories import create_plan, create_tour_world, place
from visits.availability import first_bookable_day
from visits.models import RequestedSlot, SlotHold, VisitRequest
from visits.tests.factories import create_visit_request
from visits.tests.personas import create_staff

pytestmark = pytest.mark.django_db
Role = StaffRole.Role


def next_tuesday():
    day = first_bookable_day() + datetime.timedelta(days=21)
    day += datetime.timedelta(days=(1 - day.weekday()) % 7)
    # Keep clear of Swedish holidays (a planner test shows they are never used).
    from visits.availability import holiday_name

    while any(holiday_name(day + datetime.timedelta(days=i)) for i in range(3)):
        day += datetime.timedelta(days=7)
    return day


@pytest.fixture
def world():
    return create_tour_world()


@pytest.fixture
def visitor(client, world):
    plan = create_plan(*world["practices"].values())
    client.cookies["visit_plan"] = plan.token
    client.plan = plan
    return client


def settings_data(arrival, **overrides):
    return {
        "arrival_date": arrival.isoformat(),
        "arrival_time": "09:00",
        "arrival_place": place("ARN").pk,
        "departure_date": (arrival + datetime.timedelta(days=2)).isoformat(),
        "departure_time": "18:00",
        "departure_place": place("GOT").pk,
        "group_size": "12",
        "format": "on_site",
        "travel_mode": "rail",
        **overrides,
    }


def booking_data(itinerary, **overrides):
    return {
        "organisation": "Shenzhen Urban Planning Bureau",
        "organisation_kind": "government",
        "country": "CN",
        "contact_name": "Wang Fang",
        "email": "wang.fang@example.cn",
        "phone": "+8613800138000",
        "languages": ["en", "zh"],
        "consent_processing": "on",
        "itinerary": itinerary.fingerprint(),
        **overrides,
    }


def planned(visitor, arrival):
    response = visitor.post(reverse("tours:settings"), settings_data(arrival))
    assert response.status_code == 302
    return services.itinerary_for(visitor.plan)[1]


def test_the_plan_page_offers_the_planner_and_shows_the_itinerary(visitor):
    page = visitor.get(reverse("visits:plan"))
    assert page.status_code == 200
    assert 'id="tour"' in page.content.decode() and "Plan the tour" in page.content.decode()
    tuesday = next_tuesday()
    itinerary = planned(visitor, tuesday)
    assert len(itinerary.placements) == 3
    html = visitor.get(reverse("visits:plan")).content.decode()
    assert "Royal Seaport" in html and "receives groups Tuesday to Thursday" in html
    assert "by train" in html and reverse("tours:book") in html


def test_htmx_gets_the_planner_alone(visitor):
    response = visitor.post(reverse("tours:settings"), settings_data(next_tuesday()), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="tour"') and "Your itinerary" in html


def test_bad_settings_answer_400_with_the_reason_and_save_nothing(visitor):
    tuesday = next_tuesday()
    data = settings_data(tuesday, departure_date=(tuesday - datetime.timedelta(days=1)).isoformat())
    response = visitor.post(reverse("tours:settings"), data)
    assert response.status_code == 400
    assert "The departure day is before the arrival day." in response.content.decode()
    assert not TourSettings.objects.exists()
    for bad in ({"group_size": "0"}, {"arrival_place": "999999"}, {"arrival_date": "2027-02-30"}, {"format": "x"}):
        assert visitor.post(reverse("tours:settings"), {**settings_data(tuesday), **bad}).status_code == 400
    assert visitor.get(reverse("tours:settings")).status_code == 405


def test_move_lock_and_unlock_a_stop(visitor, world):
    tuesday = next_tuesday()
    planned(visitor, tuesday)
    stockholm = world["practices"]["stockholm"]
    url = reverse("tours:stop", args=[stockholm.pk])
    thursday = tuesday + datetime.timedelta(days=2)
    assert visitor.post(url, {"action": "move", "date": thursday.isoformat()}).status_code == 302
    itinerary = services.itinerary_for(visitor.plan)[1]
    moved = next(p for p in itinerary.placements if p.page == stockholm)
    assert moved.date == thursday and moved.moved
    afternoon = world["east"].visit_slots.get(label="Afternoon")
    visitor.post(url, {"action": "lock", "date": thursday.isoformat(), "slot": afternoon.pk})
    pin = TourPin.objects.get(plan=visitor.plan, page=stockholm)
    assert (pin.date, pin.slot) == (thursday, afternoon)
    visitor.post(url, {"action": "unlock"})
    assert not TourPin.objects.exists()
    # Refusals: outside the stay, nonsense, not in the plan, no plan at all.
    assert visitor.post(url, {"action": "move", "date": "2099-01-01"}).status_code == 302
    assert not TourPin.objects.exists()
    assert visitor.post(url, {"action": "lock", "date": thursday.isoformat(), "slot": "x"}).status_code == 302
    assert visitor.post(url, {"action": "move", "date": "\x00"}, HTTP_HX_REQUEST="true").status_code == 400
    assert visitor.post(reverse("tours:stop", args=[999999]), {"action": "move"}).status_code == 404
    assert visitor.get(url).status_code == 405
    visitor.cookies.pop("visit_plan")
    assert visitor.post(url, {"action": "unlock"}).status_code == 404


def test_pdf_and_ics_of_the_itinerary(visitor):
    tuesday = next_tuesday()
    planned(visitor, tuesday)
    response = visitor.get(reverse("tours:pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert shutil.which("pdftotext"), "poppler-utils (pdftotext) reads the PDF back"
    text = subprocess.run(
        [shutil.which("pdftotext"), "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert "Royal Seaport" in text and "Western Harbour" in text and "Day 1" in text
    response = visitor.get(reverse("tours:ics"))
    calendar = icalendar.Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    summaries = [str(event["summary"]) for event in events]
    assert {"Royal Seaport", "Western Harbour", "Electric buses"} <= set(summaries)
    assert any(summary.startswith("Travel from") for summary in summaries)
    stop = next(event for event in events if str(event["summary"]) == "Royal Seaport")
    assert "Stockholm" in str(stop["location"]) and stop.decoded("dtstart").date() == tuesday


def test_exports_without_a_tour_are_404(client):
    assert client.get(reverse("tours:pdf")).status_code == 404
    assert client.get(reverse("tours:ics")).status_code == 404


def test_booking_a_tour_takes_seats_at_every_office_in_one_request(visitor, world, django_capture_on_commit_callbacks):
    tuesday = next_tuesday()
    itinerary = planned(visitor, tuesday)
    assert visitor.get(reverse("tours:book")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = visitor.post(reverse("tours:book"), booking_data(itinerary))
    assert response.status_code == 302
    visit_request = VisitRequest.objects.get()
    assert visit_request.office == world["head"] and "study tour" in visit_request.routing_reason
    offices = set(RequestedSlot.objects.values_list("slot__office__title", flat=True))
    assert offices == {"East", "South", "West"}
    assert SlotHold.objects.filter(kind="group").count() == 3
    assert ItineraryStop.objects.filter(request=visit_request).count() == 3
    recipients = {address for message in mail.outbox for address in message.to}
    assert {world[name].request_email for name in ("head", "east", "south", "west")} <= recipients
    status = visitor.get(reverse("visits:status", args=[visit_request.status_token])).content.decode()
    assert "Your study tour" in status and "Western Harbour" in status
    ics = visitor.get(reverse("tours:programme_ics", args=[visit_request.status_token]))
    assert len(icalendar.Calendar.from_ical(ics.content).walk("VEVENT")) >= 3


def test_a_day_taken_meanwhile_saves_nothing(visitor, world):
    tuesday = next_tuesday()
    itinerary = planned(visitor, tuesday)
    malmo = next(p for p in itinerary.placements if p.office == world["south"])
    create_visit_request(world["south"], [(malmo.date, malmo.slot)])  # the only group seat
    before = VisitRequest.objects.count()
    response = visitor.post(reverse("tours:book"), booking_data(itinerary))
    assert response.status_code == 409
    assert "changed while you were filling in the form" in response.content.decode()
    assert VisitRequest.objects.count() == before and not ItineraryStop.objects.exists()


def test_a_full_slot_at_submission_rolls_everything_back(visitor, world):
    tuesday = next_tuesday()
    itinerary = planned(visitor, tuesday)
    holds = SlotHold.objects.count()
    malmo = next(p for p in itinerary.placements if p.office == world["south"])
    # The seat goes between reading availability and taking seats: the ledger refuses it.
    from visits import availability

    original = availability.hold_seats
    others = []

    def taken_first(request, office, day, slot, persons, visit=None):
        if office == world["south"] and not others:
            others.append(None)
            others.append(create_visit_request(world["south"], [(malmo.date, malmo.slot)]))
        return original(request, office, day, slot, persons, visit)

    availability.hold_seats = taken_first
    try:
        response = visitor.post(reverse("tours:book"), booking_data(itinerary))
    finally:
        availability.hold_seats = original
    assert response.status_code == 409
    assert not ItineraryStop.objects.exists()
    assert VisitRequest.objects.filter(organisation="Shenzhen Urban Planning Bureau").count() == 0
    # The competing booking ran inside the tour's transaction here, so it is rolled back too;
    # what matters is that none of the tour's seats at East or West stayed held.
    assert SlotHold.objects.count() == holds


def _submitted_tour(visitor):
    itinerary = planned(visitor, next_tuesday())
    visitor.post(reverse("tours:book"), booking_data(itinerary))
    return VisitRequest.objects.get(organisation="Shenzhen Urban Planning Bureau")


def test_each_office_sees_the_tour_and_moves_only_its_own_stops(
    visitor, client, world, django_capture_on_commit_callbacks
):
    visit_request = _submitted_tour(visitor)
    south_staff = create_staff("south_staff", Role.OFFICE_STAFF, world["south"])
    west_staff = create_staff("west_staff", Role.OFFICE_STAFF, world["west"])
    south_stop = ItineraryStop.objects.get(request=visit_request, office=world["south"])
    client.force_login(south_staff)
    detail = client.get(reverse("visits_staff:detail", args=[visit_request.pk]))
    assert detail.status_code == 200 and "Study tour itinerary" in detail.content.decode()
    afternoon = world["south"].visit_slots.get(label="Afternoon")
    mail.outbox.clear()
    url = reverse("tours_staff:move_stop", args=[south_stop.pk])
    data = {"date": south_stop.date.isoformat(), "slot": afternoon.pk, "start": "13:30"}
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, data).status_code == 302
    south_stop.refresh_from_db()
    assert (south_stop.slot, south_stop.start_time) == (afternoon, datetime.time(13, 30))
    assert RequestedSlot.objects.filter(request=visit_request, slot=afternoon).exists()
    assert [message.to for message in mail.outbox] == [[visit_request.email]]
    assert "13:30" in mail.outbox[0].body
    # West may not move South's stop; a slot of another office and bad input change nothing.
    client.force_login(west_staff)
    assert client.post(url, data).status_code == 403
    client.force_login(south_staff)
    other_slot = world["west"].visit_slots.first()
    client.post(url, {**data, "slot": other_slot.pk})
    client.post(url, {**data, "start": "\x00"})
    south_stop.refresh_from_db()
    assert south_stop.slot == afternoon
    assert client.get(url).status_code == 405
    client.logout()
    assert client.post(url, data).status_code in (302, 403)
    south_stop.refresh_from_db()
    assert south_stop.start_time == datetime.time(13, 30)


def test_a_stop_cannot_leave_its_slot(visitor, client, world):
    visit_request = _submitted_tour(visitor)
    stop = ItineraryStop.objects.get(request=visit_request, office=world["east"])
    coordinator = create_staff("coordinator", Role.COORDINATOR)
    client.force_login(coordinator)
    url = reverse("tours_staff:move_stop", args=[stop.pk])
    client.post(url, {"date": stop.date.isoformat(), "slot": stop.slot.pk, "start": "11:30"})
    before = stop.start_time
    stop.refresh_from_db()
    assert stop.start_time == before


def test_the_plan_page_query_count_with_a_tour(visitor, django_assert_max_num_queries):
    planned(visitor, next_tuesday())
    with django_assert_max_num_queries(45):
        assert visitor.get(reverse("visits:plan")).status_code == 200
