"""A small Sweden for tour tests: a head office and three regional offices with a practice each.

create_tour_world() returns a dict; create_tour(plan, **overrides) saves the planner's inputs.
Dates are fixed in February 2027 (no Swedish holiday that week); tests pass `today` to the
planner or pick days relative to it.
"""

import datetime
from decimal import Decimal

from catalogue.tests.factories import create_best_practice, create_home
from offices.tests.factories import create_office, create_region
from tours.models import TourSettings, TravelPlace, TravelTime
from tours.travel_data import load_table
from visits.models import VisitPlan, VisitPlanItem

TUESDAY = datetime.date(2027, 2, 9)
TODAY = datetime.date(2027, 1, 11)


def create_tour_world():
    place("ARN")
    home = create_home()
    head = create_office(home, title="Head office", slug="head-office")
    east = create_office(
        home, region=create_region(("Stockholm",)), title="East", groups_per_slot=1, persons_per_slot=40
    )
    south = create_office(
        home,
        region=create_region(("Skåne",)),
        title="South",
        city="Malmö",
        latitude=Decimal("55.605"),
        longitude=Decimal("13.003"),
        opening_weekdays=[1, 2, 3],
        groups_per_slot=1,
    )
    west = create_office(
        home,
        region=create_region(("Västra Götaland",)),
        title="West",
        city="Gothenburg",
        latitude=Decimal("57.709"),
        longitude=Decimal("11.974"),
        groups_per_slot=1,
    )
    practices = {
        "stockholm": create_best_practice(
            title="Royal Seaport",
            county="Stockholm",
            municipality="Stockholm",
            latitude=Decimal("59.352"),
            longitude=Decimal("18.100"),
            duration_minutes=90,
        ),
        "malmo": create_best_practice(
            title="Western Harbour",
            county="Skåne",
            municipality="Malmö",
            latitude=Decimal("55.615"),
            longitude=Decimal("12.975"),
            duration_minutes=90,
        ),
        "goteborg": create_best_practice(
            title="Electric buses",
            county="Västra Götaland",
            municipality="Gothenburg",
            latitude=Decimal("57.706"),
            longitude=Decimal("11.937"),
            duration_minutes=90,
        ),
    }
    return {"head": head, "east": east, "south": south, "west": west, "practices": practices}


def place(code):
    # Transactional tests flush the data migration's table; load it again on demand.
    if not TravelTime.objects.exists():
        load_table(TravelPlace, TravelTime)
    return TravelPlace.objects.get(code=code)


def create_plan(*pages):
    plan = VisitPlan.objects.create()
    for page in pages:
        VisitPlanItem.objects.create(plan=plan, page=page)
    return plan


def create_tour(plan, **overrides):
    fields = {
        "arrival_date": TUESDAY,
        "arrival_time": datetime.time(9, 0),
        "arrival_place": place("ARN"),
        "departure_date": TUESDAY + datetime.timedelta(days=2),
        "departure_time": datetime.time(18, 0),
        "departure_place": place("GOT"),
        "group_size": 12,
        "format": "on_site",
        "travel_mode": "rail",
        **overrides,
    }
    return TourSettings.objects.create(plan=plan, **fields)
