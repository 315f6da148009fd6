import csv
import datetime
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from catalogue.tests.factories import create_focus_area, create_sub_area
from insights import stats
from insights.periods import Period, parse_period
from offices.models import StaffRole
from outcomes.models import FollowUp
from visits.models import Visit, VisitRequest
from visits.tests.factories import create_bookable_office
from visits.tests.personas import create_staff

pytestmark = pytest.mark.django_db
D = datetime.date


def year(y):
    return Period(D(y, 1, 1), D(y, 12, 31), "year")


@pytest.fixture
def fixture_data():
    """A known history: the expected figures below are counted by hand from it."""
    north = create_bookable_office(title="North", slug="north")
    south = create_bookable_office(title="South", slug="south")
    mobility = create_focus_area(title="Mobility", slug="mobility")
    buses, cycling = create_sub_area(mobility, title="Buses"), create_sub_area(mobility, title="Cycling")
    energy = create_sub_area(create_focus_area(title="Energy", slug="energy"), title="Heat")
    slot_n, slot_s = north.visit_slots.first(), south.visit_slots.first()
    number = iter(range(1, 100))

    def delegation(country, received, days, size, interests=(), fmt="on_site", office=None, status="completed"):
        n = next(number)
        request = VisitRequest.objects.create(
            reference=f"T-{n}",
            organisation=f"Org {n}",
            organisation_kind="municipality",
            country=country,
            contact_name="x",
            email="x@example.org",
            phone="+46701740605",
            group_size=size,
            format=fmt,
            office=office or days[0][0],
            consent_processing_at=received,
            created_at=received,
            status=status,
        )
        request.interests.set(interests)
        for office_, day, participants in days:
            Visit.objects.create(
                request=request,
                office=office_,
                date=day,
                slot=slot_n if office_ == north else slot_s,
                participants=participants,
                status="completed",
            )
        return request

    at = lambda d: datetime.datetime.combine(d, datetime.time(10), tzinfo=datetime.UTC)  # noqa: E731
    # 2019: three delegations; one saw both offices (counted once, largest day), one was handed over.
    delegation("CN", at(D(2019, 1, 10)), [(north, D(2019, 2, 1), 20), (south, D(2019, 2, 4), 18)], 20, [buses, energy])
    handed_over = delegation("CN", at(D(2019, 3, 1)), [(south, D(2019, 3, 20), 10)], 10, [buses], office=south)
    handed_over.status_changes.create(
        from_status="in_review", to_status="in_review", action="reassign", reason="Moved from North to South."
    )
    delegation("IN", at(D(2019, 11, 15)), [(north, D(2019, 12, 12), 5)], 5, [cycling], fmt="digital")
    # December 2019 → January 2020, and 2020 itself.
    delegation("KR", at(D(2019, 12, 20)), [(north, D(2020, 1, 9), 8)], 8, [energy])
    delegation("IN", at(D(2020, 4, 1)), [(south, D(2020, 5, 5), 12)], 12, [buses, cycling])
    # Requests that never became visits.
    for status in ("declined", "withdrawn"):
        VisitRequest.objects.create(
            reference=f"T-{status}",
            organisation="No visit",
            organisation_kind="other",
            country="BR",
            contact_name="x",
            email="x@example.org",
            phone="+46701740605",
            group_size=3,
            office=north,
            consent_processing_at=at(D(2019, 6, 1)),
            created_at=at(D(2019, 6, 1)),
            status=status,
        )
    FollowUp.objects.create(title="Pre-study", kind="pre_study", office=north, country="CN", start_date=D(2019, 9, 1))
    return {"north": north, "south": south}


def test_year_figures_match_the_fixture(fixture_data):
    figures = stats.figures(year(2019))
    assert figures.delegations == 3
    assert figures.visits_held == 4
    assert figures.visitors == 20 + 10 + 5  # the two-office delegation counts once, with its largest day
    assert figures.countries == 2
    assert (figures.on_site, figures.digital) == (2, 1)
    assert figures.requests_received == 6  # includes the December request visiting in January
    assert (figures.confirmed, figures.declined, figures.withdrawn) == (4, 1, 1)
    assert figures.follow_ups == 1
    # (22 + 25 + 19 + 27) / 4 days from request to each visit day
    assert figures.lead_time_days == round((22 + 25 + 19 + 27) / 4, 1)


def test_offices_count_where_the_visit_took_place(fixture_data):
    north, south = fixture_data["north"], fixture_data["south"]
    assert stats.figures(year(2019), north).delegations == 2
    assert stats.figures(year(2019), south).delegations == 2  # includes the request handed over from North
    assert stats.figures(year(2019), north).requests_received == 5  # the handed-over request counts at South now
    assert stats.figures(year(2019), south).requests_received == 1
    assert stats.by_office(year(2019)) == [("North", 2, 2, 25), ("South", 2, 2, 28)]


def test_a_custom_period_across_the_year_boundary(fixture_data):
    figures = stats.figures(Period(D(2019, 12, 1), D(2020, 1, 31)))
    assert (figures.delegations, figures.visitors, figures.countries) == (2, 13, 2)


def test_previous_period_and_earlier_years():
    assert year(2020).previous() == year(2019)
    quarter = Period(D(2020, 1, 1), D(2020, 3, 31), "quarter")
    assert quarter.previous() == Period(D(2019, 10, 1), D(2019, 12, 31), "quarter")
    assert Period(D(2020, 2, 1), D(2020, 2, 29), "month").years_back(1) == Period(
        D(2019, 2, 1), D(2019, 2, 28), "month"
    )
    assert Period(D(2020, 3, 10), D(2020, 3, 19)).previous() == Period(D(2020, 2, 29), D(2020, 3, 9))
    assert stats.change(12, 10) == 20 and stats.change(5, 0) is None


def test_top_lists_and_small_count_grouping(fixture_data):
    assert stats.top_countries(year(2019)) == [("China", 2), ("India", 1)]
    assert stats.top_focus_areas(year(2019)) == [("Mobility", 3), ("Energy", 1)]
    assert stats.top_sub_areas(year(2019))[0] == ("Buses", 2)
    assert stats.group_small([("China", 5), ("India", 2), ("Kenya", 1)]) == [("China", 5), ("Other", 3)]
    assert stats.monthly_delegations(2019, 2020)[2019][1] == 1 and stats.monthly_delegations(2019, 2020)[2020][0] == 1


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"year": "2019"}, (D(2019, 1, 1), D(2019, 12, 31))),
        ({"period": "quarter", "year": "2019", "quarter": "4"}, (D(2019, 10, 1), D(2019, 12, 31))),
        ({"period": "month", "year": "2020", "month": "2"}, (D(2020, 2, 1), D(2020, 2, 29))),
        ({"period": "custom", "start": "2019-12-01", "end": "2020-01-31"}, (D(2019, 12, 1), D(2020, 1, 31))),
    ],
)
def test_periods_are_parsed(query, expected):
    period, errors = parse_period(query)
    assert (period.start, period.end) == expected and errors == []


@pytest.mark.parametrize(
    "query",
    [
        {"year": "abc"},
        {"year": "1900"},
        {"period": "quarter", "quarter": "5"},
        {"period": "month", "month": "0"},
        {"period": "custom", "start": "2020-02-01", "end": "2020-01-01"},
        {"period": "week"},
    ],
)
def test_bad_periods_get_a_message(query):
    _period, errors = parse_period(query)
    assert errors


def test_the_statistics_page_is_for_managers_and_coordinators(fixture_data):
    for role, expected in [(StaffRole.Role.MANAGER, 200), (StaffRole.Role.COORDINATOR, 200)]:
        client = Client()
        client.force_login(create_staff(f"user-{role}", role))
        response = client.get("/admin/statistics/", {"year": "2019"})
        assert response.status_code == expected
        assert "Delegations per month" in response.content.decode()
    office_staff = Client()
    office_staff.force_login(create_staff("office", StaffRole.Role.OFFICE_STAFF, fixture_data["north"]))
    response = office_staff.get("/admin/statistics/")
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert office_staff.get("/admin/statistics/countries.csv")["Location"] == "/admin/"
    # Editors see only the year-in-review part of the page (test_draft_news.py), never the figures.
    editor = Client()
    editor.force_login(create_staff("editor", StaffRole.Role.EDITOR))
    assert "Delegations per month" not in editor.get("/admin/statistics/", {"year": "2019"}).content.decode()
    assert editor.get("/admin/statistics/countries.csv")["Location"] == "/admin/"
    assert Client().get("/admin/statistics/")["Location"].startswith("/admin/login/")


def test_csv_and_xlsx_downloads_hold_the_table(fixture_data):
    client = Client()
    client.force_login(create_staff("manager", StaffRole.Role.MANAGER))
    response = client.get("/admin/statistics/countries.csv", {"year": "2019"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [["Country", "Delegations"], ["China", "2"], ["India", "1"]]
    response = client.get("/admin/statistics/summary.xlsx", {"year": "2019"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = {row[0]: row[1:] for row in sheet.iter_rows(values_only=True)}
    assert values["Delegations"][0] == 3 and values["Visitors"][0] == 35
    assert values["Delegations"][1] == 0  # 2018
    assert client.get("/admin/statistics/nothing.csv").status_code == 404
    assert client.get("/admin/statistics/countries.pdf").status_code == 404
    assert client.get("/admin/statistics/", {"year": "x"}).status_code == 400


def test_the_statistics_page_runs_a_bounded_number_of_queries(fixture_data):
    client = Client()
    client.force_login(create_staff("manager", StaffRole.Role.MANAGER))
    client.get("/admin/statistics/", {"year": "2019"})
    with CaptureQueriesContext(connection) as small:
        client.get("/admin/statistics/", {"year": "2019"})
    for _i in range(30):
        Visit.objects.create(
            request=VisitRequest.objects.first(),
            office=fixture_data["north"],
            date=D(2019, 5, 5),
            slot=fixture_data["north"].visit_slots.first(),
            participants=3,
            status="completed",
        )
    with CaptureQueriesContext(connection) as large:
        client.get("/admin/statistics/", {"year": "2019"})
    assert len(small) == len(large) and len(small) < 90
