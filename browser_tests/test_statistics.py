import csv
import io

import pytest
from playwright.sync_api import expect

from insights.tests.test_statistics import fixture_data  # noqa: F401 - shared fixture
from offices.models import StaffRole
from visits.tests.personas import create_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_manager_opens_2019_switches_office_and_downloads_csv(page, live_server, fixture_data):  # noqa: F811
    user = create_staff("manager", StaffRole.Role.MANAGER)
    user.set_password("a-long-test-password")
    user.save()
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill("manager")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Sign in").click()

    page.goto(f"{live_server.url}/admin/statistics/")
    page.locator("#year").select_option("2019")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", name="2019 at a glance")).to_be_visible()
    expect(page.locator(".headline-figures")).to_contain_text("3 delegations")

    page.locator("#office").select_option("north")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", name="2019 at a glance · North")).to_be_visible()
    expect(page.locator(".headline-figures")).to_contain_text("2 delegations")

    with page.expect_download() as download_info:
        page.locator("caption", has_text="Delegations by country").get_by_role("link", name="CSV").click()
    download = download_info.value
    assert download.suggested_filename == "countries-2019-north.csv"
    rows = list(csv.reader(io.StringIO(download.path().read_text(encoding="utf-8-sig"))))
    assert rows == [["Country", "Delegations"], ["China", "1"], ["India", "1"]]
