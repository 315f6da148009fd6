import datetime
import re
from unittest import mock

import icalendar
import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalogue.tests.factories import create_focus_area, create_sub_area
from offices.models import Closure
from schedule.calendar import build_days, month_weeks
from schedule.models import CalendarFeedToken
from visits import services
from visits.models import Visit
from visits.tests.factories import create_bookable_office, create_visit, create_visit_request

pytestmark = pytest.mark.django_db
D = datetime.date

SECRET_BITS = ["Li Wei", "li.wei", "+8613800138000", "8613800138000", "A private message"]


@pytest.fixture
def office():
    return create_bookable_office(title="Smart City Sweden North", slug="north", city="Umeå", groups_per_slot=2)


@pytest.fixture
def visit(office):
    urban = create_sub_area(create_focus_area(title="Urban planning", slug="urban-planning"))
    visit = create_visit(
        office,
        D(2027, 3, 10),
        contact_name="Li Wei",
        email="li.wei@example.org",
        message="A private message",
        organisation="Secret Bureau",
        consent_public_name=False,
        country="CN",
        group_size=25,
    )
    visit.request.interests.set([urban])
    return visit


def test_month_weeks_start_on_monday_and_cover_the_month():
    start, end, weeks = month_weeks(2027, 2)
    assert (start, end) == (D(2027, 2, 1), D(2027, 2, 28))  # February 2027 begins on a Monday
    assert len(weeks) == 4
    start, end, weeks = month_weeks(2028, 2)  # leap year
    assert D(2028, 2, 29) in [day for week in weeks for day in week]
    assert start == D(2028, 1, 31) and end == D(2028, 3, 5)


def test_public_month_shows_a_confirmed_visit_without_identity(client, visit):
    html = client.get("/calendar/", {"date": "2027-03-01"}).content.decode()
    assert "Delegation from China, 25 people — Urban planning" in html
    assert "Secret Bureau" not in html
    for secret in SECRET_BITS:
        assert secret not in html


def test_public_label_uses_the_organisation_name_with_consent(client, office):
    create_visit(
        office, D(2027, 3, 11), organisation="Pune Municipal Corporation", consent_public_name=True, country="IN"
    )
    html = client.get("/calendar/", {"date": "2027-03-01"}).content.decode()
    assert "Pune Municipal Corporation, 10 people" in html


def test_requested_days_show_as_requested_only(client, office):
    create_visit_request(office, [(D(2027, 3, 12), office.visit_slots.first())], organisation="Hidden Org")
    html = client.get("/calendar/", {"date": "2027-03-12", "view": "week"}).content.decode()
    assert "Requested" in html and "Hidden Org" not in html


def test_cancelled_and_withdrawn_do_not_show_publicly(client, visit):
    services.cancel_request(visit.request)
    withdrawn = create_visit_request(visit.office, [(D(2027, 3, 15), visit.slot)])
    services.withdraw_request(withdrawn)
    html = client.get("/calendar/", {"date": "2027-03-01"}).content.decode()
    assert "Delegation from China" not in html and "Requested" not in html.split("How to read")[0]


def test_closures_and_holidays_overlap_and_both_show(client, office):
    Closure.objects.create(
        office=None, start_date=D(2027, 12, 20), end_date=D(2028, 1, 6), public_note="Opens 7 January"
    )
    html = client.get("/calendar/", {"date": "2027-12-01", "office": "north"}).content.decode()
    cell = html.split('datetime="2027-12-25"')[1].split("</td>")[0]
    assert "Opens 7 January" in cell and "Christmas Day" in cell
    january = client.get("/calendar/", {"date": "2028-01-01", "office": "north"}).content.decode()
    assert "Epiphany" in january.split('datetime="2028-01-06"')[1].split("</td>")[0]
    assert "Opens 7 January" not in january.split('datetime="2028-01-07"')[1].split("</td>")[0]


def test_navigation_crosses_the_year_boundary(client, office):
    html = client.get("/calendar/", {"date": "2027-12-15"}).content.decode()
    assert 'href="/calendar/?date=2028-01-01" rel="next"' in html
    assert 'href="/calendar/?date=2027-11-01" rel="prev"' in html
    week = client.get("/calendar/", {"date": "2027-12-30", "view": "week"}).content.decode()
    assert "Week of 27 December – 2 January 2028" in week
    assert 'href="/calendar/?view=week&amp;date=2028-01-03" rel="next"' in week


def test_visit_times_are_swedish_time_across_dst(client, office):
    create_visit(office, D(2027, 3, 24))  # the week before the change (28 March): CET
    create_visit(office, D(2027, 3, 31))  # the week after: CEST
    html = client.get("/calendar/", {"date": "2027-03-22", "view": "agenda"}).content.decode()
    assert 'datetime="2027-03-24T09:00:00+01:00"' in html
    assert 'datetime="2027-03-31T09:00:00+02:00"' in html
    assert "Europe/Stockholm" in html


def test_leap_day_visit_shows_on_the_29th(client, office):
    create_visit(office, D(2028, 2, 29))
    html = client.get("/calendar/", {"date": "2028-02-01"}).content.decode()
    assert "10 people" in html.split('datetime="2028-02-29"')[1].split("</td>")[0]


def test_office_month_shows_availability_and_links_to_a_prefilled_booking(client, office, visit):
    html = client.get("/calendar/", {"date": "2027-03-01", "office": "north", "group_size": "10"}).content.decode()
    cell = html.split('datetime="2027-03-10"')[1].split("</td>")[0]
    assert "Partly booked" in cell
    morning = office.visit_slots.get(label="Morning")
    assert f'href="/book/?office=north&amp;date=2027-03-10&amp;slot={morning.pk}&amp;group_size=10"' in cell
    saturday = html.split('datetime="2027-03-13"')[1].split("</td>")[0]
    assert "Closed" in saturday and "/book/" not in saturday


def test_focus_area_filter_keeps_matching_visits(client, visit):
    create_focus_area(title="Mobility", slug="mobility")
    assert (
        "Delegation from China"
        in client.get("/calendar/", {"date": "2027-03-01", "focus_area": "urban-planning"}).content.decode()
    )
    assert (
        "Delegation from China"
        not in client.get("/calendar/", {"date": "2027-03-01", "focus_area": "mobility"}).content.decode()
    )


@pytest.mark.parametrize(
    "params",
    [
        {"date": "2027-13-01"},
        {"date": "yesterday"},
        {"date": "1066-10-14"},
        {"view": "year"},
        {"office": "<b>x</b>"},
        {"focus_area": "nope"},
        {"group_size": "-3"},
        {"group_size": "many"},
    ],
)
def test_bad_calendar_parameters_get_a_message_and_400(client, office, params):
    response = client.get("/calendar/", params)
    assert response.status_code == 400
    assert 'class="notice"' in response.content.decode()
    assert "<b>x</b>" not in response.content.decode()


def test_month_view_queries_do_not_grow_with_visits(client, office, uncached_pages):
    def queries(url):
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        return len(captured)

    create_visit(office, D(2027, 3, 10))
    urls = [
        "/calendar/?date=2027-03-01",
        "/calendar/?date=2027-03-01&office=north",
        "/calendar/?view=week&date=2027-03-08",
    ]
    small = [queries(url) for url in urls]
    for day in range(1, 20):
        when = D(2027, 3, day)
        if when.weekday() < 5:
            create_visit(office, when, slot=office.visit_slots.last())
    assert [queries(url) for url in urls] == small
    # A month or week without shared parts kept: 11; an office's adds its free days (4).
    assert max(small) <= 15, small


def test_a_month_at_a_new_address_reads_no_office_page_and_no_contact_data(client, visit, office):
    create_visit_request(office, [(D(2027, 3, 11), office.visit_slots.first())])  # a requested day
    Closure.objects.create(office=office, start_date=D(2027, 3, 15), end_date=D(2027, 3, 15), public_note="Moving")
    client.get("/calendar/?date=2027-03-01")  # keeps the shared parts, as a running server has them

    with CaptureQueriesContext(connection) as captured:
        html = client.get("/calendar/?date=2027-03-01&new=1").content.decode()

    # The offices that entries and the filter name are kept; the rows carry only their keys.
    assert not [q for q in captured if '"offices_officepage"' in q["sql"]], [q["sql"][:90] for q in captured]
    # What a public entry shows of a request, and never a column of its contact data.
    request_columns = {c for q in captured for c in re.findall(r'"visits_visitrequest"\."(\w+)"', q["sql"])}
    assert not request_columns & {"contact_name", "email", "phone", "message"}, request_columns
    # The month's events are kept with the shared parts, and the visits' topics come in one
    # query of paths without loading any sub-area page (9 queries before, with both).
    assert not [q for q in captured if '"schedule_eventpage"' in q["sql"] or "_prefetch_related_val" in q["sql"]]
    # Closures, visits, requested days and the visits' topics: the days are counted from
    # their rows, and the published tours are kept (8 queries before).
    assert len(captured) <= 4, [q["sql"][:90] for q in captured]
    assert "Delegation from China, 25 people" in html and "Requested" in html
    assert "Smart City Sweden North: Moving" in html and "Umeå" in html


def test_a_busy_day_is_summarised_and_a_quiet_one_lists_its_visits_in_slot_order(client):
    office = create_bookable_office(title="Busy office", slug="busy", groups_per_slot=3)
    morning, afternoon = office.visit_slots.order_by("start_time")[:2]
    for n, slot in enumerate([morning, morning, afternoon, afternoon]):
        create_visit(office, D(2027, 3, 10), slot=slot, organisation=f"Busy Org {n}", consent_public_name=True)
    create_visit_request(office, [(D(2027, 3, 10), morning)])
    create_visit(office, D(2027, 3, 11), slot=afternoon, organisation="Calm Org B", consent_public_name=True)
    create_visit(office, D(2027, 3, 11), slot=morning, organisation="Calm Org A", consent_public_name=True)

    month = client.get("/calendar/?date=2027-03-01").content.decode()
    assert "4 visits, 1 requested" in month and 'href="/calendar/?view=day&amp;date=2027-03-10"' in month
    assert "Busy Org" not in month
    assert month.index("Calm Org A") < month.index("Calm Org B")  # the morning first

    day = client.get("/calendar/?view=day&date=2027-03-10").content.decode()
    assert all(f"Busy Org {n}" in day for n in range(4)) and "Requested" in day


def test_days_with_more_rows_than_they_could_show_are_counted_and_only_quiet_days_read():
    # Two days at one entry each can show two rows: three visits are more than that, so
    # the days are counted, and only the quiet days' rows are read again.
    office = create_bookable_office(title="Busy office", slug="busy", groups_per_slot=3)
    morning, afternoon = office.visit_slots.order_by("start_time")[:2]
    for n, slot in enumerate([morning, afternoon, afternoon]):
        create_visit(office, D(2027, 3, 10), slot=slot, organisation=f"Busy Org {n}", consent_public_name=True)
    create_visit(office, D(2027, 3, 11), slot=morning, organisation="Calm Org", consent_public_name=True)

    with CaptureQueriesContext(connection) as captured:
        days = build_days(D(2027, 3, 10), D(2027, 3, 11), per_day_limit=1)

    assert [(entry.kind, entry.label) for entry in days[D(2027, 3, 10)].entries] == [
        ("summary", "3 visits, 0 requested")
    ]
    assert [entry.label for entry in days[D(2027, 3, 11)].entries] == ["Calm Org, 10 people"]
    counts = [q["sql"] for q in captured if "COUNT(" in q["sql"]]
    assert len(counts) == 1 and "visits_visit" in counts[0], counts  # the requested days were all read
    # Read again without the busy day: the rows read first (three, one more than could show) are dropped.
    assert len([q for q in captured if 'NOT ("visits_visit"."date" IN' in q["sql"]]) == 1
    assert not [q for q in captured if 'NOT ("visits_slothold"."date" IN' in q["sql"]]  # those were all read


def test_days_with_no_more_rows_than_they_could_show_are_counted_from_their_rows():
    office = create_bookable_office(title="Busy office", slug="busy", groups_per_slot=3)
    morning, afternoon = office.visit_slots.order_by("start_time")[:2]
    create_visit(office, D(2027, 3, 10), slot=morning, organisation="Busy Org A", consent_public_name=True)
    create_visit(office, D(2027, 3, 10), slot=afternoon, organisation="Busy Org B", consent_public_name=True)

    with CaptureQueriesContext(connection) as captured:
        days = build_days(D(2027, 3, 10), D(2027, 3, 13), per_day_limit=1)

    assert [entry.label for entry in days[D(2027, 3, 10)].entries] == ["2 visits, 0 requested"]
    assert not [q["sql"] for q in captured if "COUNT(" in q["sql"]]


def templates_rendered(response) -> set[str]:
    return {template.name for template in response.templates}


def test_after_a_booking_only_the_days_are_rendered_again_inside_the_kept_page(client, office):
    month = "/calendar/?date=2027-03-01"
    first = client.get(month)
    assert {"base.html", "schedule/includes/calendar_days.html"} <= templates_rendered(first)

    create_visit(office, D(2027, 3, 10), organisation="Harbour Board", consent_public_name=True)
    second = client.get(month)

    assert second["X-Page-Cache"] == "miss"  # the booking retired the stored page
    assert templates_rendered(second) == {"schedule/includes/calendar_days.html"}
    html = second.content.decode()
    assert "Harbour Board, 10 people" in html
    assert html.count("<!--schedule:days-->") == 0 and html.count('<table class="calendar-grid') == 1
    # The rest of the page is as a whole rendering has it, with this visitor's own token.
    with override_settings(PAGE_CACHE_SECONDS=0):
        whole = client.get(month).content.decode()
    assert re.sub(r'X-CSRFToken": "\w+', "", html) == re.sub(r'X-CSRFToken": "\w+', "", whole)
    assert "<!--pc:" not in html


def test_a_page_rendered_for_one_visitor_is_never_kept_as_the_frame_of_another(client, office):
    from offices.models import StaffRole
    from visits.tests.personas import create_staff

    month = "/calendar/?date=2027-03-01"
    staff = Client()
    staff.force_login(create_staff("office", StaffRole.Role.OFFICE_STAFF, office))
    own = staff.get(month)
    token = re.search(r'X-CSRFToken": "(\w+)"', own.content.decode()).group(1)
    assert "base.html" in templates_rendered(own)

    anonymous = client.get(month)
    assert "base.html" in templates_rendered(anonymous)  # not found kept: rendered anew
    assert token not in anonymous.content.decode()
    assert "base.html" in templates_rendered(staff.get(month))  # a personal page, rendered whole every time


def test_the_kept_page_around_the_days_is_one_per_day_and_address(client, office):
    month = "/calendar/?date=2027-03-01"
    client.get(month)
    assert "base.html" in templates_rendered(client.get("/sv/calendar/?date=2027-03-01"))
    assert "base.html" in templates_rendered(client.get(month + "&group_size=3"))
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with mock.patch("django.utils.timezone.localdate", return_value=tomorrow):
        html = client.get(month).content.decode()
    assert f"date={tomorrow.isoformat()}" in html  # "Today" links to the new day


def test_only_requested_days_beyond_what_the_days_could_show_are_counted_again():
    office = create_bookable_office(title="Busy office", slug="busy", groups_per_slot=3)
    morning, afternoon = office.visit_slots.order_by("start_time")[:2]
    for slot in [morning, afternoon, afternoon]:
        create_visit_request(office, [(D(2027, 3, 10), slot)])
    create_visit(office, D(2027, 3, 11), slot=morning, organisation="Calm Org", consent_public_name=True)

    with CaptureQueriesContext(connection) as captured:
        days = build_days(D(2027, 3, 10), D(2027, 3, 11), per_day_limit=1)

    assert [entry.label for entry in days[D(2027, 3, 10)].entries] == ["0 visits, 3 requested"]
    assert [entry.label for entry in days[D(2027, 3, 11)].entries] == ["Calm Org, 10 people"]
    counts = [q["sql"] for q in captured if "COUNT(" in q["sql"]]
    assert len(counts) == 1 and "visits_slothold" in counts[0], counts
    assert not [q for q in captured if 'NOT ("visits_visit"."date" IN' in q["sql"]]


def test_topics_of_many_visits_are_read_by_a_subquery_and_name_the_same_focus_areas(office, monkeypatch):
    from schedule import calendar

    urban = create_sub_area(create_focus_area(title="Urban planning", slug="urban-planning"))
    energy = create_sub_area(create_focus_area(title="Energy", slug="energy"))
    for day, sub_area in [(D(2027, 3, 10), urban), (D(2027, 3, 11), energy)]:
        visit = create_visit(office, day)
        visit.request.interests.set([sub_area])

    def labels():
        days = build_days(D(2027, 3, 10), D(2027, 3, 11))
        return [entry.label for day in days.values() for entry in day.entries]

    listed = labels()
    monkeypatch.setattr(calendar, "MAX_LISTED_IDS", 1)
    with CaptureQueriesContext(connection) as captured:
        assert labels() == listed
    assert [label.rsplit(" — ", 1)[1] for label in listed] == ["Urban planning", "Energy"]
    topics = [q["sql"] for q in captured if "visits_visitrequest_interests" in q["sql"]]
    assert len(topics) == 1 and '"visits_visit"' in topics[0], topics


def test_a_kept_page_without_the_days_marker_is_not_used(client, office, monkeypatch):
    """A page kept by a release whose template had no marker (or a template that lost it)
    would show a calendar without days: the page is rendered whole instead."""
    from schedule import views

    create_visit(office, D(2027, 3, 10), organisation="Harbour Board", consent_public_name=True)
    monkeypatch.setattr(views, "kept_frame", lambda request, name, render: "<html>a page kept before</html>")
    html = client.get("/calendar/?date=2027-03-01").content.decode()
    assert "Harbour Board" in html and "a page kept before" not in html


def test_nothing_is_kept_for_an_address_with_mistakes(client, office, monkeypatch):
    from schedule import views

    kept = []
    monkeypatch.setattr(views, "kept_frame", lambda request, name, render: kept.append(name))
    assert client.get("/calendar/?date=2027-13-01").status_code == 400
    assert kept == []


def test_a_content_change_retires_the_kept_page_around_the_days(client, office):
    month = "/calendar/?date=2027-03-01"
    assert ">Smart City Sweden North</option>" in client.get(month).content.decode()
    office.title = "Smart City Sweden Umeå"
    office.save_revision().publish()
    html = client.get(month).content.decode()
    assert ">Smart City Sweden Umeå</option>" in html and "Smart City Sweden North" not in html


def test_a_closure_of_an_offices_translated_page_names_that_office(client, office):
    from catalogue.tests.factories import translate_page

    swedish = translate_page(office, "sv", title="Smart City Sweden Norr")
    Closure.objects.create(office=swedish, start_date=D(2027, 3, 15), end_date=D(2027, 3, 15), public_note="Flytt")

    html = client.get("/sv/calendar/?date=2027-03-01").content.decode()
    assert "Smart City Sweden Norr: Flytt" in html
    entries = client.get("/api/v1/calendar", {"start": "2027-03-15", "end": "2027-03-15"}).json()
    assert [entry["office"] for entry in entries if entry["kind"] == "closure"] == [swedish.slug]


# --- feeds -----------------------------------------------------------------------------


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


@pytest.fixture
def soon_visit(office):
    from django.utils import timezone

    from visits.tests.factories import next_open_day

    return create_visit(
        office,
        next_open_day(office, timezone.localdate() + datetime.timedelta(days=10)),
        contact_name="Li Wei",
        email="li.wei@example.org",
        message="A private message",
        organisation="Secret Bureau",
    )


def test_public_feeds_parse_and_carry_no_personal_data(client, soon_visit):
    for url in ["/calendar/feeds/visits.ics", "/calendar/feeds/offices/north.ics"]:
        response = client.get(url)
        calendar = parse(response)
        events = calendar.walk("VEVENT")
        assert len(events) == 1
        assert events[0]["UID"] == f"visit-{soon_visit.pk}@showcase.smartcitysweden"
        assert events[0]["STATUS"] == "CONFIRMED"
        assert str(events[0]["DTSTART"].dt.tzinfo) == "Europe/Stockholm"
        assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Stockholm"
        text = response.content.decode().replace("\r\n ", "")  # unfold long lines first
        for secret in [*SECRET_BITS, "Secret Bureau"]:
            assert secret not in text
    assert client.get("/calendar/feeds/offices/nowhere.ics").status_code == 404


def test_a_cancelled_visit_stays_in_the_feed_as_cancelled_with_a_higher_sequence(client, soon_visit):
    before = parse(client.get("/calendar/feeds/visits.ics")).walk("VEVENT")[0]
    services.cancel_request(soon_visit.request)
    after = parse(client.get("/calendar/feeds/visits.ics")).walk("VEVENT")[0]
    assert after["UID"] == before["UID"]
    assert after["STATUS"] == "CANCELLED"
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])
    assert Visit.objects.get().status == Visit.Status.CANCELLED


def test_the_staff_feed_has_full_details_and_its_token_can_be_regenerated(client, soon_visit):
    from offices.models import StaffRole
    from visits.tests.personas import create_staff

    user = create_staff("office", StaffRole.Role.OFFICE_STAFF, soon_visit.office)
    token = CalendarFeedToken.for_user(user).token
    (event,) = parse(client.get(f"/calendar/feeds/staff/{token}.ics")).walk("VEVENT")
    assert "Secret Bureau" in event["SUMMARY"] and "li.wei@example.org" in event["DESCRIPTION"]
    client.force_login(user)
    assert client.post("/admin/calendar/feed-token/").status_code == 302
    new_token = CalendarFeedToken.objects.get(user=user).token
    assert new_token != token
    assert client.get(f"/calendar/feeds/staff/{token}.ics").status_code == 404
    assert client.get(f"/calendar/feeds/staff/{new_token}.ics").status_code == 200
    user.is_active = False
    user.save()
    assert client.get(f"/calendar/feeds/staff/{new_token}.ics").status_code == 404


def test_the_staff_calendar_shows_details_and_links_to_requests(client, visit):
    admin = get_user_model().objects.create_superuser("coordinator", "c@example.org", "pw")
    client.force_login(admin)
    response = client.get("/admin/calendar/", {"date": "2027-03-01"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Secret Bureau" in html and visit.request.reference in html
    assert f"/admin/requests/{visit.request_id}/" in html
    assert "/calendar/feeds/staff/" in html


def test_strangers_cannot_see_the_staff_calendar(client, visit):
    response = client.get("/admin/calendar/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert client.post("/admin/calendar/feed-token/").status_code == 302
    assert not CalendarFeedToken.objects.exists()


def test_feed_token_regeneration_needs_post(client):
    admin = get_user_model().objects.create_superuser("coordinator", "c@example.org", "pw")
    client.force_login(admin)
    assert client.get("/admin/calendar/feed-token/").status_code == 405


def test_the_public_calendar_offers_webcal_links(client, office):
    html = client.get("/calendar/", {"office": "north"}).content.decode()
    assert re.search(r'href="webcal://testserver/calendar/feeds/offices/north\.ics"', html)
    assert 'href="webcal://testserver/calendar/feeds/visits.ics"' in html


def test_staff_calendar_and_feed_follow_the_roles(client, soon_visit):
    from offices.models import StaffRole
    from visits.tests.factories import create_bookable_office
    from visits.tests.personas import create_staff

    other_office = create_bookable_office(title="Other", slug="other")
    editor = create_staff("editor", StaffRole.Role.EDITOR)
    client.force_login(editor)
    assert client.get("/admin/calendar/")["Location"] == "/admin/"
    assert client.get(f"/calendar/feeds/staff/{CalendarFeedToken.for_user(editor).token}.ics").status_code == 404

    manager = create_staff("manager", StaffRole.Role.MANAGER)
    (event,) = parse(client.get(f"/calendar/feeds/staff/{CalendarFeedToken.for_user(manager).token}.ics")).walk(
        "VEVENT"
    )
    assert "Secret Bureau" in event["SUMMARY"] and "li.wei" not in event["DESCRIPTION"]

    stranger_staff = create_staff("other_staff", StaffRole.Role.OFFICE_STAFF, other_office)
    token = CalendarFeedToken.for_user(stranger_staff).token
    assert parse(client.get(f"/calendar/feeds/staff/{token}.ics")).walk("VEVENT") == []
    client.force_login(stranger_staff)
    html = client.get("/admin/calendar/", {"date": soon_visit.date.isoformat()}).content.decode()
    assert "Secret Bureau" not in html and "Other" in html


def test_the_filters_and_topics_follow_a_publish_at_once_though_kept(client, settings, visit, office):
    """The office and focus-area choices and the topic names are kept with the shared parts
    (retired by any write): a new, renamed or withdrawn page shows in the next calendar."""
    settings.PAGE_CACHE_DATA_SECONDS = 3600
    month = {"date": "2027-03-01"}
    html = client.get("/calendar/", month).content.decode()
    assert ">Smart City Sweden North</option>" in html and "— Urban planning" in html

    focus_area = create_focus_area(title="Mobility", slug="mobility")
    office.title = "Smart City Sweden Umeå"
    office.save_revision().publish()
    urban = visit.request.interests.get().get_parent().specific
    urban.title = "Urban development"
    urban.save_revision().publish()
    html = client.get("/calendar/", month).content.decode()
    assert '<option value="mobility" >Mobility</option>' in html
    assert ">Smart City Sweden Umeå</option>" in html and "Smart City Sweden North" not in html
    assert "— Urban development" in html and "Urban planning" not in html

    focus_area.unpublish()
    assert ">Mobility</option>" not in client.get("/calendar/", month).content.decode()


def test_a_day_cell_escapes_what_it_shows_and_names_the_city_only_for_all_offices(office):
    from django.utils import translation

    from schedule.calendar import CalendarDay, Entry, Kind
    from schedule.templatetags.calendar_tags import calendar_day

    start = timezone.make_aware(datetime.datetime(2027, 3, 10, 9, 30))
    day = CalendarDay(D(2027, 3, 10))
    day.entries = [
        Entry(Kind.VISIT, "<script>alert(1)</script> & co", office=office, start=start, cancelled=True),
        Entry(Kind.EVENT, "Expo", url="/events/expo/?a=1&b=2", detail="<b>bold</b>"),
    ]
    html = calendar_day(day, office_chosen=None)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html
    assert '<li class="entry entry-visit entry-cancelled">' in html and '<span class="badge">Cancelled</span>' in html
    assert '<time datetime="2027-03-10T09:30:00+01:00">09:30</time>' in html
    assert f'<span class="entry-office">{office.city}</span>' in html
    assert '<a href="/events/expo/?a=1&amp;b=2">Expo</a>' in html and "<small>&lt;b&gt;bold&lt;/b&gt;</small>" in html
    assert "entry-office" not in calendar_day(day, office_chosen=office)
    with translation.override("sv"):
        assert '<span class="badge">Avbokad</span>' in calendar_day(day, office_chosen=None)
