import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from offices.models import OfficePage
from visits.tests.factories import create_visit, next_open_day

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_move_through_months_filter_by_office_and_book_a_free_day(page, live_server, demo_catalogue):
    north = OfficePage.objects.get(slug="north")
    north.groups_per_slot = 1
    north.save()
    first_free = next_open_day(north, timezone.localdate() + datetime.timedelta(days=35))
    create_visit(north, first_free, organisation="Visible Org", consent_public_name=True)

    page.goto(f"{live_server.url}/calendar/")
    expect(page.get_by_role("table")).to_be_visible()
    this_month = page.locator("caption").inner_text()
    page.get_by_role("link", name="Next month").click()
    expect(page.locator("caption")).not_to_have_text(this_month)
    page.get_by_role("link", name="Previous month").click()
    expect(page.locator("caption")).to_have_text(this_month)

    page.goto(f"{live_server.url}/calendar/?date={first_free:%Y-%m-%d}")
    expect(page.get_by_text("Visible Org, 10 people")).to_be_visible()
    page.get_by_label("Office").select_option("north")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("caption")).to_contain_text("Smart City Sweden North")
    booked_cell = page.locator("td", has=page.locator(f'time[datetime="{first_free:%Y-%m-%d}"]'))
    expect(booked_cell).to_contain_text("Partly booked")

    link = booked_cell.get_by_role("link", name=re.compile("^Book Afternoon"))
    link.click()
    expect(page.get_by_role("heading", name="Book a study visit")).to_be_visible()
    expect(page.get_by_label(re.compile("^Office"))).to_have_value("north")
    afternoon = north.visit_slots.get(label="Afternoon")
    expect(page.locator(f'input[name=slots][value="{first_free:%Y-%m-%d}|{afternoon.pk}"]')).to_be_checked()


def test_calendar_has_no_accessibility_violations(page, live_server, demo_catalogue):
    from axe_playwright_python.sync_playwright import Axe

    north = OfficePage.objects.get(slug="north")
    create_visit(north, next_open_day(north))
    for path in ["/calendar/", "/calendar/?office=north", "/calendar/?view=week", "/calendar/?view=agenda"]:
        page.goto(f"{live_server.url}{path}")
        results = Axe().run(page)
        assert results.violations_count == 0, (path, results.generate_report())
