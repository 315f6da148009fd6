import pytest
from playwright.sync_api import expect

from offices.models import OfficePage, StaffRole
from visits.tests.factories import create_visit_request, next_open_day
from visits.tests.personas import create_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_confirm_a_request_over_two_days_at_two_offices(page, live_server, demo_catalogue):
    north, south = OfficePage.objects.get(slug="north"), OfficePage.objects.get(slug="south")
    user = create_staff("coordinator", StaffRole.Role.COORDINATOR)
    user.set_password("a-long-test-password")
    user.save()
    visit_request = create_visit_request(
        north, organisation="Pune Municipal Corporation", consent_public_name=True, country="IN", group_size=14
    )
    day1 = next_open_day(north)
    day2 = next_open_day(south, day1)

    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill("coordinator")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/admin/requests/")
    page.get_by_role("link", name=visit_request.reference).click()
    expect(page.get_by_text("Pune Municipal Corporation").first).to_be_visible()
    page.get_by_role("button", name="Start review").click()
    expect(page.get_by_text("Review started.")).to_be_visible()

    page.get_by_role("link", name="Confirm and schedule").click()
    page.locator("#id_day-0-date").fill(day1.isoformat())
    page.locator("#id_day-0-slot").select_option(label="Smart City Sweden North — Morning 09:00–12:00")
    page.locator("#id_day-0-programme").fill("09:00 Welcome\n10:00 Biogas plant")
    page.locator("#id_day-1-date").fill(day2.isoformat())
    page.locator("#id_day-1-slot").select_option(label="Smart City Sweden South — Afternoon 13:00–16:00")
    page.get_by_role("button", name="Confirm these days").click()
    expect(page.get_by_text("Confirmed; the programme and calendar file are on their way")).to_be_visible()

    for day in (day1, day2):
        page.goto(f"{live_server.url}/calendar/?view=week&date={day:%Y-%m-%d}")
        cell = page.locator("td", has=page.locator(f'time[datetime="{day:%Y-%m-%d}"]'))
        expect(cell).to_contain_text("Pune Municipal Corporation, 14 people")
    expect(page.locator("td", has=page.locator(f'time[datetime="{day2:%Y-%m-%d}"]'))).to_contain_text("Malmö")
