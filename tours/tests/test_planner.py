"""The planner on hand-checked cases: which stop on which day, and why (or why not)."""

import datetime
from decimal import Decimal

import pytest

from catalogue.tests.factories import create_best_practice, create_home
from offices.models import Closure
from offices.tests.factories import create_office, create_region
from tours.models import TourPin
from tours.planner import plan_tour
from tours.tests.factories import TODAY, TUESDAY, create_plan, create_tour, create_tour_world, place
from visits.tests.factories import create_visit_request

pytestmark = pytest.mark.django_db
WEDNESDAY = TUESDAY + datetime.timedelta(days=1)
THURSDAY = TUESDAY + datetime.timedelta(days=2)


@pytest.fixture
def world():
    return create_tour_world()


def plan_for(world, *names, pins=(), **overrides):
    pages = [world["practices"][name] for name in names]
    plan = create_plan(*pages)
    tour = create_tour(plan, **overrides)
    return plan_tour(tour, pages, pins, today=TODAY)


def where(itinerary):
    return {p.page.title: (p.date, p.slot.label, p.start.strftime("%H:%M")) for p in itinerary.placements}


def test_three_cities_in_travel_order_with_reasons(world):
    itinerary = plan_for(world, "goteborg", "stockholm", "malmo")
    assert not itinerary.problems and not itinerary.unplaced
    # Arlanda at 09:00 → Stockholm first (40 min), the train south (about 4½ h) misses Tuesday
    # afternoon in Malmö, so Malmö is Wednesday morning; Gothenburg is 2½ h on: Wednesday afternoon.
    assert [p.page.title for p in itinerary.placements] == ["Royal Seaport", "Western Harbour", "Electric buses"]
    assert where(itinerary)["Royal Seaport"] == (TUESDAY, "Morning", "09:40")
    assert where(itinerary)["Western Harbour"][:2] == (WEDNESDAY, "Morning")
    assert where(itinerary)["Electric buses"][:2] == (WEDNESDAY, "Afternoon")
    malmo = itinerary.placements[1]
    assert "in Malmö: South receives groups Tuesday to Thursday" in malmo.reason
    assert malmo.leg.mode == "rail" and 270 <= malmo.leg.minutes <= 320
    assert itinerary.final_leg.minutes > 0  # Gothenburg to Landvetter
    assert itinerary.travel_minutes == sum(p.leg.minutes for p in itinerary.placements) + itinerary.final_leg.minutes


def test_a_closure_moves_the_stop_to_an_open_day(world):
    Closure.objects.create(office=world["west"], start_date=WEDNESDAY, end_date=WEDNESDAY, public_note="Staff day")
    itinerary = plan_for(world, "stockholm", "malmo", "goteborg")
    assert where(itinerary)["Electric buses"][0] == THURSDAY


def test_a_public_holiday_is_never_used_and_is_named(world):
    # Ascension Day 2027 is Thursday 6 May: a one-day stay then has no open office.
    ascension = datetime.date(2027, 5, 6)
    itinerary = plan_for(
        world, "stockholm", arrival_date=ascension, departure_date=ascension, departure_place=place("ARN")
    )
    assert not itinerary.placements
    (unplaced,) = itinerary.unplaced
    assert "Public holiday" in unplaced.reason


def test_a_full_slot_is_skipped_and_a_full_stay_says_fully_booked(world):
    east = world["east"]
    morning, afternoon = east.visit_slots.all()
    create_visit_request(east, [(TUESDAY, morning), (TUESDAY, afternoon)])
    itinerary = plan_for(world, "stockholm", departure_place=place("ARN"))
    assert where(itinerary)["Royal Seaport"][0] == WEDNESDAY
    create_visit_request(east, [(day, slot) for day in (WEDNESDAY, THURSDAY) for slot in (morning, afternoon)])
    itinerary = plan_for(world, "stockholm", departure_place=place("ARN"))
    (unplaced,) = itinerary.unplaced
    assert "fully booked" in unplaced.reason


def test_travel_longer_than_the_gap_between_two_stops_on_one_day(world):
    home = create_home()
    create_office(
        home,
        region=create_region(("Norrbotten",)),
        title="North",
        city="Luleå",
        latitude=Decimal("65.584"),
        longitude=Decimal("22.156"),
    )
    lulea = create_best_practice(
        title="Winter cycling",
        county="Norrbotten",
        municipality="Luleå",
        latitude=Decimal("65.585"),
        longitude=Decimal("22.150"),
        duration_minutes=60,
    )
    world["practices"]["lulea"] = lulea
    malmo = world["practices"]["malmo"]
    plan = create_plan(lulea, malmo)
    pins = [TourPin.objects.create(plan=plan, page=page, date=WEDNESDAY) for page in (lulea, malmo)]
    tour = create_tour(plan, arrival_place=place("LLA"), departure_place=place("CPH"))
    itinerary = plan_tour(tour, [lulea, malmo], pins, today=TODAY)
    assert len(itinerary.placements) == 1
    (unplaced,) = itinerary.unplaced
    assert "Luleå and Malmö on the same day" in unplaced.reason or "Malmö and Luleå on the same day" in unplaced.reason
    assert "by train" in unplaced.reason


def test_a_locked_stop_stays_where_it_was_locked(world):
    stockholm = world["practices"]["stockholm"]
    afternoon = world["east"].visit_slots.get(label="Afternoon")
    plan = create_plan(stockholm)
    pin = TourPin.objects.create(plan=plan, page=stockholm, date=THURSDAY, slot=afternoon)
    tour = create_tour(plan, departure_place=place("ARN"))
    itinerary = plan_tour(tour, [stockholm], [pin], today=TODAY)
    (placement,) = itinerary.placements
    assert (placement.date, placement.slot) == (THURSDAY, afternoon)
    assert placement.locked and "You locked this stop." in placement.reason


def test_a_moved_stop_on_a_closed_day_says_why(world):
    malmo = world["practices"]["malmo"]
    plan = create_plan(malmo)
    monday = TUESDAY - datetime.timedelta(days=1)
    pin = TourPin.objects.create(plan=plan, page=malmo, date=monday)
    tour = create_tour(plan, arrival_date=monday, arrival_place=place("CPH"), departure_place=place("CPH"))
    itinerary = plan_tour(tour, [malmo], [pin], today=TODAY)
    (unplaced,) = itinerary.unplaced
    assert "You moved it to" in unplaced.reason and "does not receive visits on Monday" in unplaced.reason


def test_site_rules_visiting_days_largest_group_and_format(world):
    stockholm = world["practices"]["stockholm"]
    stockholm.visiting_weekdays = [3]  # Thursdays only
    stockholm.largest_group = 20
    stockholm.save()
    itinerary = plan_for(world, "stockholm", departure_place=place("ARN"))
    (placement,) = itinerary.placements
    assert placement.date == THURSDAY and "The site receives groups on Thursday." in placement.reason
    itinerary = plan_for(world, "stockholm", departure_place=place("ARN"), group_size=25)
    assert "at most 20 people" in itinerary.unplaced[0].reason
    itinerary = plan_for(world, "stockholm", departure_place=place("ARN"), format="digital")
    assert "cannot be visited digitally" in itinerary.unplaced[0].reason


def test_digital_tours_have_no_travel(world):
    for page in world["practices"].values():
        page.visitable_digitally = True
        page.save()
    itinerary = plan_for(world, "stockholm", "malmo", "goteborg", format="digital")
    assert len(itinerary.placements) == 3 and itinerary.travel_minutes == 0
    assert "online" in itinerary.placements[0].reason


def test_impossible_stays_are_refused_with_the_reason(world):
    itinerary = plan_for(world, "stockholm", departure_date=TUESDAY - datetime.timedelta(days=1))
    assert itinerary.problems == ["The departure day is before the arrival day."]
    itinerary = plan_for(world, "stockholm", departure_date=TUESDAY + datetime.timedelta(days=9))
    assert "at most 7 days" in itinerary.problems[0]
    itinerary = plan_for(
        world,
        "stockholm",
        departure_date=TUESDAY,
        arrival_place=place("LLA"),
        departure_place=place("MMX"),
        departure_time=datetime.time(12, 0),
    )
    assert "Getting from" in itinerary.problems[0] and "arrive earlier or leave later" in itinerary.problems[0]


def test_the_query_count_does_not_grow_with_the_stops(world, django_assert_max_num_queries):
    pages = list(world["practices"].values())
    plan = create_plan(*pages)
    tour = create_tour(plan)
    with django_assert_max_num_queries(12):
        plan_tour(tour, pages, today=TODAY)
