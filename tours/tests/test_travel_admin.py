"""Coordinators and editors keep the travel-time table in the admin; the planner reads their edits."""

import pytest
from django.urls import reverse

from offices.models import StaffRole
from tours.models import TravelTime
from tours.tests.factories import create_tour_world, place
from tours.travel import Point, TravelTable
from visits.tests.personas import create_staff

pytestmark = pytest.mark.django_db


def row(a, b):
    return TravelTime.objects.get(origin__code=a, destination__code=b)


def test_a_coordinator_edits_a_travel_time_and_the_planner_uses_it(client):
    place("ARN")
    # Coordinators reach the table through their group (tours/0002); a superuser is a coordinator.
    coordinator = create_staff("coordinator", StaffRole.Role.COORDINATOR)
    coordinator.is_superuser = True
    coordinator.save()
    client.force_login(coordinator)
    assert client.get(reverse("traveltime:index")).status_code == 200
    travel = row("stockholm", "goteborg")
    url = reverse("traveltime:edit", args=[travel.pk])
    assert client.get(url).status_code == 200
    data = {
        "origin": travel.origin_id,
        "destination": travel.destination_id,
        "rail_minutes": "200",
        "road_minutes": str(travel.road_minutes),
        "source": "Checked against the winter timetable",
    }
    assert client.post(url, data).status_code == 302
    travel.refresh_from_db()
    assert travel.rail_minutes == 200
    stockholm = Point("Stockholm", 59.330, 18.059)
    gothenburg = Point("Gothenburg", 57.709, 11.973)
    assert TravelTable.load().leg(stockholm, gothenburg).minutes == 210  # 200 + 10 to board, rounded to 5
    # A pair twice, or a place with itself, is refused with a message, not a 500.
    assert client.post(reverse("traveltime:add"), {**data, "destination": travel.origin_id}).status_code == 200


def test_office_staff_cannot_edit_the_table(client):
    world = create_tour_world()
    staff = create_staff("staff", StaffRole.Role.OFFICE_STAFF, world["east"])
    client.force_login(staff)
    response = client.get(reverse("traveltime:index"))
    assert response.status_code in (302, 403)
