"""Site quotas: a best-practice site receives at most `groups_at_once` delegations and its
largest group at a time, whichever office schedules the visit (SiteHold in the ledger)."""

import datetime
import threading

import pytest
from django.db import connections

from catalogue.tests.factories import create_best_practice, create_home
from offices.models import StaffRole, VisitSlot
from offices.tests.factories import create_office, create_region
from visits import staff_services
from visits.models import SiteHold, Visit, VisitRequest
from visits.site_seats import SiteUnavailable, site_hours
from visits.tests.factories import create_visit_request, next_open_day
from visits.tests.personas import create_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def offices():
    home = create_home()
    defaults = {"groups_per_slot": 3, "persons_per_slot": 60, "largest_group": 30, "opening_weekdays": [0, 1, 2, 3, 4]}
    north = create_office(home, region=create_region(name="North", slug="north"), slug="lulea", **defaults)
    south = create_office(home, region=create_region(name="South", slug="south"), slug="malmo", **defaults)
    return north, south


def schedule(office, day, slot, sites, group_size, actor=None):
    """A request at `office` scheduled by its staff on (day, slot) with `sites`."""
    visit_request = create_visit_request(office, [(day, slot)], group_size=group_size)
    days = [{"office": office, "date": day, "slot": slot, "sites": sites}]
    return visit_request, staff_services.schedule_request(visit_request, actor, days)


def slot_at(office, start, end):
    return VisitSlot.objects.create(office=office, label="Custom", start_time=start, end_time=end)


def test_the_same_site_cannot_take_more_than_its_largest_group_through_two_offices(offices):
    north, south = offices
    site = create_best_practice(title="Luleå steelworks", largest_group=12, groups_at_once=2)
    day = next_open_day(north)
    schedule(north, day, north.visit_slots.first(), [site], group_size=8)

    second = create_visit_request(south, [(day, south.visit_slots.first())], group_size=8)
    with pytest.raises(SiteUnavailable) as refusal:
        staff_services.schedule_request(
            second, None, [{"office": south, "date": day, "slot": south.visit_slots.first(), "sites": [site]}]
        )
    assert "Luleå steelworks is fully booked from 09:00" in str(refusal.value)
    second.refresh_from_db()
    assert second.status == VisitRequest.Status.SUBMITTED  # nothing of it was saved
    assert not Visit.objects.filter(request=second).exists()
    assert SiteHold.objects.filter(kind="person").count() == 8 * len(site_hours(north.visit_slots.first()))

    schedule(south, day, south.visit_slots.first(), [site], group_size=4)  # 8 + 4 = 12 fits


def test_one_group_at_a_time_by_default_and_other_hours_stay_free(offices):
    north, south = offices
    site = create_best_practice(title="Heat plant")  # groups_at_once defaults to 1, no largest group
    day = next_open_day(north)
    morning = north.visit_slots.first()
    schedule(north, day, morning, [site], group_size=3)

    with pytest.raises(SiteUnavailable):
        schedule(south, day, south.visit_slots.first(), [site], group_size=3)
    schedule(south, day, south.visit_slots.all()[1], [site], group_size=3)  # the afternoon
    schedule(north, day + datetime.timedelta(days=7), morning, [site], group_size=3)  # another day


def test_slots_that_overlap_by_an_hour_compete_for_that_hour(offices):
    north, south = offices
    site = create_best_practice(title="Harbour")
    day = next_open_day(north)
    schedule(north, day, slot_at(north, datetime.time(9), datetime.time(11, 30)), [site], group_size=2)

    with pytest.raises(SiteUnavailable, match="fully booked from 11:00"):
        schedule(south, day, slot_at(south, datetime.time(11, 0), datetime.time(13)), [site], group_size=2)
    schedule(south, day, slot_at(south, datetime.time(12, 0), datetime.time(14)), [site], group_size=2)


def test_a_site_refuses_other_weekdays_hours_and_groups_larger_than_it_takes(offices):
    north, _south = offices
    day = next_open_day(north)
    other_day = (day.weekday() + 1) % 7
    closed_day = create_best_practice(title="Tuesday site", visiting_weekdays=[other_day])
    with pytest.raises(SiteUnavailable, match="Tuesday site does not receive visitors on"):
        schedule(north, day, north.visit_slots.first(), [closed_day], group_size=2)

    early = create_best_practice(title="Early site", visiting_from=datetime.time(8), visiting_until=datetime.time(11))
    with pytest.raises(SiteUnavailable, match="between 08:00 and 11:00"):
        schedule(north, day, north.visit_slots.first(), [early], group_size=2)  # 09:00–12:00

    small = create_best_practice(title="Small site", largest_group=5)
    with pytest.raises(SiteUnavailable, match="groups of at most 5 people"):
        schedule(north, day, north.visit_slots.first(), [small], group_size=6)
    assert not SiteHold.objects.exists() and not Visit.objects.exists()


def test_cancelling_a_visit_gives_its_site_seats_back(offices):
    north, south = offices
    site = create_best_practice(title="Heat plant")
    day = next_open_day(north)
    first, _visits = schedule(north, day, north.visit_slots.first(), [site], group_size=3)
    staff_services.cancel_by_staff(first, None, "The delegation's flight was cancelled.")
    assert not SiteHold.objects.exists()
    schedule(south, day, south.visit_slots.first(), [site], group_size=3)


def test_the_staff_schedule_page_says_why_a_site_cannot_take_the_visit(client, offices):
    north, south = offices
    site = create_best_practice(title="Luleå steelworks", largest_group=12)
    day = next_open_day(north)
    schedule(north, day, north.visit_slots.first(), [site], group_size=8)
    waiting = create_visit_request(south, [(day, south.visit_slots.first())], group_size=8)
    client.force_login(create_staff("south_staff", StaffRole.Role.OFFICE_STAFF, south))

    page = client.get(f"/admin/requests/{waiting.pk}/schedule/")
    from visits.tests.test_staff import schedule_post

    data = schedule_post(page)
    data["day-0-sites"] = [str(site.pk)]
    response = client.post(f"/admin/requests/{waiting.pk}/schedule/", data)
    assert response.status_code == 409
    assert "Luleå steelworks is fully booked from 09:00" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status != VisitRequest.Status.CONFIRMED


@pytest.mark.django_db(transaction=True)
def test_two_offices_taking_the_last_site_seat_at_the_same_moment_exactly_one_wins(offices):
    north, south = offices
    site = create_best_practice(title="Luleå steelworks", largest_group=12, groups_at_once=2)
    day = next_open_day(north)
    schedule(north, day, north.visit_slots.first(), [site], group_size=6)  # 6 of 12 taken
    contenders = [
        (office, create_visit_request(office, [(day, office.visit_slots.first())], group_size=6))
        for office in (north, south)
    ]
    start = threading.Barrier(len(contenders))
    outcomes = [None] * len(contenders)

    def take(n):
        office, visit_request = contenders[n]
        try:
            start.wait()
            days = [{"office": office, "date": day, "slot": office.visit_slots.first(), "sites": [site]}]
            staff_services.schedule_request(visit_request, None, days)
            outcomes[n] = "scheduled"
        except SiteUnavailable:
            outcomes[n] = "refused"
        except Exception as error:  # a deadlock or a 500 would show here
            outcomes[n] = repr(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take, args=(n,)) for n in range(len(contenders))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == ["refused", "scheduled"], outcomes
    hours = len(site_hours(north.visit_slots.first()))
    assert SiteHold.objects.filter(kind="person").count() == 12 * hours
    assert SiteHold.objects.filter(kind="group").count() == 2 * hours
    assert Visit.objects.count() == 2


def test_a_digital_visit_takes_no_site_seats(offices):
    north, south = offices
    site = create_best_practice(title="Heat plant", largest_group=5)
    day = next_open_day(north)
    visit_request = create_visit_request(north, [(day, north.visit_slots.first())], group_size=8, format="digital")
    days = [{"office": north, "date": day, "slot": north.visit_slots.first(), "sites": [site]}]
    staff_services.schedule_request(visit_request, None, days)
    assert not SiteHold.objects.exists()
    schedule(south, day, south.visit_slots.first(), [site], group_size=3)  # the site is still free on site
