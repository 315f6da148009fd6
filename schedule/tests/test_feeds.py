"""The iCalendar feeds: a bounded window, conditional requests (ETag → 304) and a cache of
rendered feeds keyed by what they show (schedule/feeds.py)."""

import datetime

import icalendar
import pytest
from django.core.cache import cache

from catalogue.tests.factories import create_focus_area, create_home, create_sub_area, translate_page
from offices.models import Closure, StaffRole
from schedule import feeds
from schedule.models import CalendarFeedToken
from schedule.tests.test_events import create_event
from visits import services
from visits.models import Visit
from visits.tests.factories import create_bookable_office, create_visit, next_open_day
from visits.tests.personas import create_staff

pytestmark = pytest.mark.django_db
D = datetime.date
ALL, NORTH, EVENTS = "/calendar/feeds/visits.ics", "/calendar/feeds/offices/north.ics", "/calendar/feeds/events.ics"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def office():
    return create_bookable_office(title="Smart City Sweden North", slug="north", city="Umeå", groups_per_slot=4)


@pytest.fixture
def soon(office):
    from django.utils import timezone

    return next_open_day(office, timezone.localdate() + datetime.timedelta(days=10))


def uids(response):
    assert response.status_code == 200, response.status_code
    return [str(event["UID"]) for event in icalendar.Calendar.from_ical(response.content).walk("VEVENT")]


def moved_to(visit, day):
    """The visit on `day` (written directly: the rules for booking a day do not matter here)."""
    Visit.objects.filter(pk=visit.pk).update(date=day)
    return visit


def test_the_window_is_90_days_back_to_the_end_of_the_18th_month_ahead():
    assert feeds.window(D(2026, 5, 15)) == (D(2026, 2, 14), D(2027, 11, 30))
    assert feeds.window(D(2026, 12, 31)) == (D(2026, 10, 2), D(2028, 6, 30))


def test_visits_feeds_leave_out_visits_outside_the_window(client, office, soon):
    start, end = feeds.window()
    inside = [moved_to(create_visit(office, soon), start), moved_to(create_visit(office, soon), end)]
    outside = [
        moved_to(create_visit(office, soon), start - datetime.timedelta(days=1)),
        moved_to(create_visit(office, soon), end + datetime.timedelta(days=1)),
    ]
    expected = [visit.ical_uid for visit in inside]
    assert uids(client.get(ALL)) == expected
    assert uids(client.get(NORTH)) == expected
    coordinator = create_staff("coordinator", StaffRole.Role.COORDINATOR)
    assert uids(client.get(f"/calendar/feeds/staff/{CalendarFeedToken.for_user(coordinator).token}.ics")) == expected
    assert not {visit.ical_uid for visit in outside} & set(expected)


def test_an_etag_round_trip_gives_304_until_the_feed_changes(client, office, soon):
    visit = create_visit(office, soon)
    first = client.get(ALL)
    etag = first["ETag"]
    assert etag.startswith('W/"') and first["Cache-Control"] == "max-age=300"
    again = client.get(ALL, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag and again["Cache-Control"] == "max-age=300"

    def changes():
        nonlocal etag
        response = client.get(ALL, HTTP_IF_NONE_MATCH=etag)
        assert response.status_code == 200, "the feed changed, so the old ETag must not match"
        assert response["ETag"] != etag
        etag = response["ETag"]
        return response

    second = create_visit(office, soon)  # a new visit
    assert second.ical_uid in uids(changes())
    services.cancel_request(visit.request)  # a status change
    assert "STATUS:CANCELLED" in changes().content.decode()
    closure = Closure.objects.create(office=office, start_date=soon, end_date=soon, public_note="Closed for a move")
    assert "Closed for a move" in changes().content.decode()
    closure.public_note = "Closed for the move"  # the same length: a text, not a count, changes
    closure.save()
    assert "Closed for the move" in changes().content.decode()
    second.request.consent_public_name = True  # a change to the request shows in the label
    second.request.save()
    assert second.request.organisation in changes().content.decode()
    office.title = "Smart City Sweden Norrland"  # an office's name is in every visit's location
    office.save_revision().publish()
    assert "Smart City Sweden Norrland" in changes().content.decode()
    assert client.get(ALL, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_304s_and_cached_feeds_cost_a_fixed_number_of_queries(client, office, soon, django_assert_num_queries):
    for _i in range(3):
        create_visit(office, soon)
    Closure.objects.create(start_date=soon, end_date=soon, public_note="Closed")
    for url in (ALL, NORTH):
        etag = client.get(url)["ETag"]  # built and stored
        with django_assert_num_queries(2):  # the version (one aggregate row) and the closures
            assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
        with django_assert_num_queries(2):  # a client without the feed gets it from the cache
            assert client.get(url).status_code == 200
    etag = client.get(EVENTS)["ETag"]
    with django_assert_num_queries(1):
        assert client.get(EVENTS, HTTP_IF_NONE_MATCH=etag).status_code == 304
    token = CalendarFeedToken.for_user(create_staff("north_staff", StaffRole.Role.OFFICE_STAFF, office)).token
    etag = client.get(f"/calendar/feeds/staff/{token}.ics")["ETag"]
    with django_assert_num_queries(3):  # the token with its user and role, then as above
        assert client.get(f"/calendar/feeds/staff/{token}.ics", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_the_version_does_not_grow_with_the_visits(client, office, soon, django_assert_num_queries):
    etag = client.get(ALL)["ETag"]  # no visit at all: still one row of totals
    with django_assert_num_queries(2):
        assert client.get(ALL, HTTP_IF_NONE_MATCH=etag).status_code == 304
    for _i in range(4):
        create_visit(office, soon)
    etag = client.get(ALL)["ETag"]
    with django_assert_num_queries(2):
        assert client.get(ALL, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_building_a_feed_costs_a_fixed_number_of_queries(client, office, soon, django_assert_num_queries):
    def build_queries():
        cache.clear()
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get(ALL).status_code == 200
        return len(captured)

    urban = create_sub_area(create_focus_area(title="Urban planning", slug="urban-planning"))
    create_visit(office, soon).request.interests.set([urban])
    few = build_queries()
    for _i in range(3):
        create_visit(office, soon).request.interests.set([urban])
    Closure.objects.create(start_date=soon, end_date=soon, public_note="Closed")
    assert build_queries() == few


def test_the_cache_keeps_the_latest_body_of_each_feed_and_language(client, office, soon):
    def stored():
        return sorted(key for key in cache._cache if ":schedule:feed:" in key)  # LocMemCache's own keys

    create_visit(office, soon)
    client.get(ALL), client.get("/sv" + ALL)
    first = stored()
    assert len(first) == 2
    create_visit(office, soon)
    assert client.get(ALL).status_code == 200
    assert len(stored()) == 2 and len(set(stored()) & set(first)) == 1  # English replaced, Swedish as it was


def test_an_unknown_or_unpublished_office_has_no_feed(client, office):
    assert client.get("/calendar/feeds/offices/nowhere.ics").status_code == 404
    office.unpublish()
    assert client.get(NORTH).status_code == 404


def test_closures_show_in_the_feeds_of_their_office_only(client, office, soon):
    south = create_bookable_office(title="Smart City Sweden South", slug="south")
    everywhere = Closure.objects.create(start_date=soon, end_date=soon, public_note="Midsummer")
    north_only = Closure.objects.create(office=office, start_date=soon, end_date=soon, public_note="Moving")
    south_only = Closure.objects.create(office=south, start_date=soon, end_date=soon, public_note="Painting")
    closure_uid = "closure-{}@showcase.smartcitysweden".format
    assert uids(client.get(NORTH)) == [closure_uid(everywhere.pk), closure_uid(north_only.pk)]
    assert set(uids(client.get(ALL))) == {closure_uid(c.pk) for c in (everywhere, north_only, south_only)}
    (event,) = [
        e for e in icalendar.Calendar.from_ical(client.get(NORTH).content).walk("VEVENT") if "Moving" in e["SUMMARY"]
    ]
    assert str(event["SUMMARY"]) == "Smart City Sweden North: Moving"
    assert event["DTSTART"].dt == soon and event["DTEND"].dt == soon + datetime.timedelta(days=1)
    assert event["TRANSP"] == "TRANSPARENT"


def test_each_language_has_its_own_version_and_text(client, office, soon):
    create_visit(office, soon)
    english, swedish = client.get(ALL), client.get("/sv" + ALL)
    assert english["ETag"] != swedish["ETag"]
    assert "Visits at Smart City Sweden" in english.content.decode()
    assert "Besök hos Smart City Sweden" in swedish.content.decode()
    assert client.get("/sv" + ALL, HTTP_IF_NONE_MATCH=english["ETag"]).status_code == 200


def test_the_staff_feed_is_never_cached_and_follows_role_changes(client, office, soon):
    create_visit(office, soon, email="li.wei@example.org")
    user = create_staff("north_staff", StaffRole.Role.OFFICE_STAFF, office)
    url = f"/calendar/feeds/staff/{CalendarFeedToken.for_user(user).token}.ics"
    response = client.get(url)
    assert "li.wei@example.org" in response.content.decode().replace("\r\n ", "")  # unfolded
    assert response["Cache-Control"] == "private, max-age=60"
    assert not any(b"li.wei" in stored for stored in cache._cache.values())  # LocMemCache keeps pickles
    user.staff_role.role = StaffRole.Role.MANAGER  # may see the visit, no longer the contact
    user.staff_role.office = None
    user.staff_role.save()
    changed = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert changed.status_code == 200 and "li.wei" not in changed.content.decode()


def test_the_events_feed_changes_with_a_published_edit_in_every_language(client, soon):
    from schedule.models import EventIndexPage

    index = EventIndexPage(title="Events", slug="events")
    create_home().add_child(instance=index)
    event = create_event(index, 20, title="Nordic Edge Expo", slug="edge")
    event.save_revision().publish()
    translate_page(event, "sv", alias=True)  # shows the English text until translated
    english, swedish = client.get(EVENTS)["ETag"], client.get("/sv" + EVENTS)["ETag"]
    event.title = "Nordic Edge Expo 2027"
    event.save_revision().publish()
    for url, etag in ((EVENTS, english), ("/sv" + EVENTS, swedish)):
        response = client.get(url, HTTP_IF_NONE_MATCH=etag)
        assert response.status_code == 200, url
        assert "Nordic Edge Expo 2027" in response.content.decode()


def test_long_and_special_text_is_folded_and_escaped_as_icalendar_reads_it():
    summary = "Delegation from China, 25 people — Urban; planning\\ok\nsecond line " + "智慧城市" * 30
    lines = feeds._line(f"SUMMARY:{feeds._text(summary)}")
    assert all(len(line) <= 75 for line in lines.split(b"\r\n"))
    lines.decode()  # never cut inside a character
    event = icalendar.Event.from_ical(b"BEGIN:VEVENT\r\n" + lines + b"END:VEVENT\r\n")
    assert str(event["SUMMARY"]) == summary
