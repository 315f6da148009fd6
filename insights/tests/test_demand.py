"""The demand report: stars, requested against confirmed visits, attempts turned away."""

import csv
import datetime
import io

import pytest
from django.test import Client
from openpyxl import load_workbook
from wagtail.users.models import UserProfile

from catalogue.tests.factories import create_best_practice, create_company, create_home, translate_page
from insights import demand, demand_tables
from insights.models import TurnedAwayAttempt
from insights.periods import Period
from offices.models import StaffRole
from offices.tests.factories import create_office, create_region
from visits.models import Visit, VisitPlan, VisitPlanItem, VisitRequest
from visits.tests.personas import create_staff

pytestmark = pytest.mark.django_db
D = datetime.date
Y2019 = Period(D(2019, 1, 1), D(2019, 12, 31), "year")


def utc(year, month, day, hour=10, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=datetime.UTC)


@pytest.fixture
def data():
    """A small known history; every expected number below is counted by hand from it."""
    home = create_home()
    settings = {"groups_per_slot": 2, "persons_per_slot": 40, "largest_group": 30}
    north = create_office(home, create_region(("Västerbotten",)), title="North", slug="north", **settings)
    south = create_office(home, create_region(("Skåne",)), title="South", slug="south", **settings)
    alpha = create_best_practice(county="Västerbotten", title="Alpha")
    beta = create_best_practice(county="Västerbotten", title="Beta")
    gamma = create_best_practice(county="Skåne", title="Gamma")
    company = create_company(title="Acme")  # starred and requested too, but not a best practice
    beta_sv = translate_page(beta, "sv", title="Beta på svenska")

    def plan(*pages, added=None):
        visit_plan = VisitPlan.objects.create()
        for page in pages:
            VisitPlanItem.objects.create(plan=visit_plan, page=page)
        visit_plan.items.update(added_at=added or utc(2019, 6, 1))
        return visit_plan

    plan(alpha, beta, company)
    plan(alpha, gamma)
    plan(alpha, added=utc(2018, 6, 1))  # before the period
    plan(beta_sv)  # a star on the Swedish page counts for Beta
    plan(beta, beta_sv)  # both languages in one plan: one star

    number = iter(range(1, 100))

    def request(office, received, status, items, visits=()):
        n = next(number)
        visit_request = VisitRequest.objects.create(
            reference=f"D-{n}",
            organisation=f"Org {n}",
            organisation_kind="municipality",
            country="CN",
            contact_name="x",
            email="x@example.org",
            phone="+46701740605",
            group_size=10,
            office=office,
            consent_processing_at=received,
            created_at=received,
            status=status,
        )
        visit_request.plan_items.set(items)
        for visit_status, sites in visits:
            visit = Visit.objects.create(
                request=visit_request,
                office=office,
                date=received.date() + datetime.timedelta(days=30),
                slot=office.visit_slots.first(),
                participants=10,
                status=visit_status,
            )
            visit.sites.set(sites)
        return visit_request

    request(north, utc(2019, 1, 15), "completed", [alpha, beta, company], [("completed", [alpha])])
    request(north, utc(2019, 1, 20), "confirmed", [alpha], [("scheduled", [alpha, gamma])])
    request(north, utc(2019, 3, 5), "declined", [beta])
    request(south, utc(2019, 3, 10), "cancelled", [gamma], [("cancelled", [gamma])])
    request(south, utc(2019, 1, 31, 23, 30), "completed", [gamma], [("completed", [gamma])])  # 1 February in Sweden
    request(south, utc(2019, 12, 31, 23, 30), "submitted", [alpha])  # 1 January 2020 in Sweden

    morning = north.visit_slots.first()

    def attempt(office, day, reason, at, slot=None):
        TurnedAwayAttempt.objects.create(office=office, day=day, slot=slot, reason=reason, created_at=at)

    attempt(north, D(2019, 3, 11), "full", utc(2019, 3, 2), morning)
    attempt(north, D(2019, 3, 11), "full", utc(2019, 3, 2, 11), morning)
    attempt(north, D(2019, 4, 1), "closed", utc(2019, 3, 3))
    attempt(south, D(2019, 5, 20), "full", utc(2019, 5, 5))
    attempt(south, D(2019, 1, 7), "closed", utc(2018, 12, 28))  # before the period
    return {"north": north, "south": south}


def test_stars_count_visit_plans_per_default_language_practice(data):
    stars, _practices = demand.practices(Y2019)
    assert stars == [("Beta", 3), ("Alpha", 2), ("Gamma", 1)]
    north_stars, _practices = demand.practices(Y2019, data["north"])
    assert north_stars == [("Beta", 3), ("Alpha", 2)]  # practices in North's region only


def test_requested_against_confirmed_per_practice(data):
    _stars, practices = demand.practices(Y2019)
    # Alpha: listed by two requests, both with a day showing it. Gamma: listed by the cancelled
    # request and the February one; confirmed by the February one and by a day of North's.
    assert practices == [("Alpha", 2, 2), ("Gamma", 2, 2), ("Beta", 2, 0)]
    _stars, north = demand.practices(Y2019, data["north"])
    assert north == [("Alpha", 2, 2), ("Beta", 2, 0), ("Gamma", 0, 1)]


def test_requested_against_confirmed_per_office_and_month(data):
    assert demand.by_office(Y2019) == [("North", 3, 2, 67), ("South", 2, 1, 50)]
    assert demand.by_office(Y2019, data["south"]) == [("South", 2, 1, 50)]
    months = {row[0]: row[1:] for row in demand.by_month(Y2019)}
    assert len(months) == 12
    assert months["2019-01"] == (2, 2, 0, 0)
    assert months["2019-02"] == (1, 1, 0, 0)  # received 31 January 23:30 UTC, in February in Stockholm
    assert months["2019-03"] == (2, 0, 2, 1)
    assert months["2019-05"] == (0, 0, 1, 0)
    assert sum(row[0] for row in months.values()) == 5  # the request of 1 January 2020 (Stockholm) is not in 2019


def test_turned_away_per_office_and_day(data):
    per_office, per_day = demand.turned_away(Y2019)
    assert per_office == [("North", 2, 1, 3), ("South", 1, 0, 1)]
    assert per_day == [
        ("North", D(2019, 3, 11), 2, 0, 2),
        ("North", D(2019, 4, 1), 0, 1, 1),
        ("South", D(2019, 5, 20), 1, 0, 1),
    ]
    assert demand.turned_away(Period(D(2018, 12, 1), D(2018, 12, 31)))[0] == [("South", 0, 1, 1)]


def manager_client():
    client = Client()
    client.force_login(create_staff("manager", StaffRole.Role.MANAGER))
    return client


def test_the_page_shows_charts_tables_and_definitions(data):
    response = manager_client().get("/admin/demand/", {"year": "2019"})
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("How these figures are counted", "Stars per best practice", "Turned away: full", "<caption>"):
        assert text in html
    assert html.count('role="img"') == 5 and html.count("<desc ") == 5
    assert html.count("<figcaption>") == 4 and "Requests visiting it" in html  # legends in words
    assert '<th scope="row">Beta</th><td>3</td>' in html
    assert "Acme" not in html and "x@example.org" not in html and "Org 1" not in html
    assert "/admin/demand/practices.csv?year=2019" in html


def test_only_managers_and_coordinators_see_it(data):
    assert Client().get("/admin/demand/")["Location"].startswith("/admin/login/")
    assert Client().get("/admin/demand/stars.csv")["Location"].startswith("/admin/login/")
    for role in (StaffRole.Role.MANAGER, StaffRole.Role.COORDINATOR):
        client = Client()
        client.force_login(create_staff(f"user-{role}", role))
        assert client.get("/admin/demand/", {"year": "2019"}).status_code == 200
        assert "/admin/demand/" in client.get("/admin/").content.decode()  # in the menu
    for username, role, office in (("office", StaffRole.Role.OFFICE_STAFF, data["north"]), ("ed", "editor", None)):
        client = Client()
        client.force_login(create_staff(username, role, office))
        # Wagtail turns a refusal in its admin into a redirect to the dashboard with a message.
        for url in ("/admin/demand/", "/admin/demand/stars.csv", "/admin/demand/months.xlsx"):
            response = client.get(url)
            assert response.status_code == 302 and response["Location"] == "/admin/"
        assert "/admin/demand/" not in client.get("/admin/").content.decode()


@pytest.mark.parametrize(
    "query",
    [
        {"year": "x"},
        {"year": "1900"},
        {"period": "week"},
        {"period": "month", "month": "13"},
        {"period": "custom", "start": "2019-02-30", "end": "2019-03-01"},
        {"period": "custom", "start": "9999-12-30", "end": "9999-12-31"},
        {"office": "nowhere"},
    ],
)
def test_bad_query_strings_get_a_400_with_a_message(data, query):
    client = manager_client()
    response = client.get("/admin/demand/", query)
    assert response.status_code == 400
    assert 'class="help-block help-warning"' in response.content.decode()
    download = client.get("/admin/demand/practices.csv", query)
    assert download.status_code == 400 and download.content


def test_unknown_tables_and_formats_are_not_found(data):
    client = manager_client()
    assert client.get("/admin/demand/summary.csv").status_code == 404
    assert client.get("/admin/demand/stars.pdf").status_code == 404


def test_csv_and_xlsx_downloads_hold_the_rows(data):
    client = manager_client()
    response = client.get("/admin/demand/practices.csv", {"year": "2019"})
    assert response["Content-Disposition"] == 'attachment; filename="demand-practices-2019-all-offices.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [
        ["Best practice", "Requests listing it", "Requests visiting it"],
        ["Alpha", "2", "2"],
        ["Gamma", "2", "2"],
        ["Beta", "2", "0"],
    ]
    response = client.get("/admin/demand/turned_away.xlsx", {"year": "2019", "office": "north"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert list(sheet.iter_rows(values_only=True)) == [
        ("Office", "Turned away: full", "Turned away: closed", "Turned away"),
        ("North", 2, 1, 3),
    ]
    response = client.get("/admin/demand/months.xlsx", {"period": "quarter", "year": "2019", "quarter": "1"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1:] == [("2019-01", 2, 2, 0, 0), ("2019-02", 1, 1, 0, 0), ("2019-03", 2, 0, 2, 1)]
    response = client.get("/admin/demand/stars.csv", {"year": "2019"})
    assert list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[1] == ["Beta", "3"]
    for name in demand_tables.NAMES:
        csv_rows = list(csv.reader(io.StringIO(client.get(f"/admin/demand/{name}.csv").content.decode("utf-8-sig"))))
        sheet = load_workbook(io.BytesIO(client.get(f"/admin/demand/{name}.xlsx").content)).active
        assert [list(map(str, row)) for row in sheet.iter_rows(values_only=True)][:1] == csv_rows[:1]


# Session, user, permissions, profile, staff role, Wagtail's menu (5), the office list and
# the report's nine aggregates and title look-ups; one more for a chosen office.
QUERIES = 21


def test_the_page_runs_a_bounded_number_of_queries(data, django_assert_max_num_queries):
    client = manager_client()
    client.get("/admin/demand/", {"year": "2019"})  # session, menu and content types warmed
    with django_assert_max_num_queries(QUERIES):
        client.get("/admin/demand/", {"year": "2019"})
    north, extra = data["north"], create_best_practice(county="Västerbotten", title="Delta")
    for n in range(20):
        visit_plan = VisitPlan.objects.create()
        VisitPlanItem.objects.create(plan=visit_plan, page=extra)
        visit_plan.items.update(added_at=utc(2019, 7, 1))
        TurnedAwayAttempt.objects.create(office=north, day=D(2019, 8, n + 1), reason="full", created_at=utc(2019, 7, 2))
    with django_assert_max_num_queries(QUERIES):
        response = client.get("/admin/demand/", {"year": "2019", "office": "north"})
    assert '<th scope="row">Delta</th><td>20</td>' in response.content.decode()


def test_titles_follow_the_admin_language_at_a_bounded_cost(data, django_assert_max_num_queries):
    user = create_staff("chef", StaffRole.Role.MANAGER)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "sv"
    profile.save()
    client = Client()
    client.force_login(user)
    client.get("/admin/demand/", {"year": "2019"})
    with django_assert_max_num_queries(QUERIES + 3):  # the titles of practices and offices in Swedish
        response = client.get("/admin/demand/", {"year": "2019"})
    html = response.content.decode()
    assert '<th scope="row">Beta på svenska</th><td>3</td>' in html
