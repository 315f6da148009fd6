"""A delegation plans a three-day tour across three regions, downloads it, books it, and each
office's staff find their own days."""

import datetime
import re
import shutil
import subprocess

import icalendar
import pytest
from playwright.sync_api import expect

from offices.models import StaffRole
from tours.tests.factories import create_tour_world
from tours.tests.test_views import next_tuesday
from visits.models import VisitRequest
from visits.tests.personas import create_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-test-password"


def star(page, title):
    button = page.get_by_role("button", name=f"Save in My Visit Plan: {title}")
    button.click()
    expect(page.get_by_role("button", name=f"Save in My Visit Plan: {title}")).to_have_attribute("aria-pressed", "true")


def test_plan_download_book_and_every_office_sees_its_days(page, live_server):
    world = create_tour_world()
    staff = {}
    for name in ("east", "south", "west"):
        user = create_staff(f"{name}_staff", StaffRole.Role.OFFICE_STAFF, world[name])
        user.set_password(PASSWORD)
        user.save()
        staff[name] = user

    page.goto(f"{live_server.url}/best-practices/")
    for title in ("Royal Seaport", "Western Harbour", "Electric buses"):
        star(page, title)
    page.get_by_role("link", name=re.compile(r"My Visit Plan \(3\)")).click()

    tuesday = next_tuesday()
    page.get_by_label(re.compile("^Arrival day")).fill(tuesday.isoformat())
    page.get_by_label(re.compile("^Arriving at")).select_option(label="Stockholm Arlanda Airport (ARN)")
    page.get_by_label(re.compile("^Departure day")).fill((tuesday + datetime.timedelta(days=2)).isoformat())
    page.get_by_label(re.compile("^Leaving from")).select_option(label="Gothenburg Landvetter Airport (GOT)")
    page.get_by_label(re.compile("^Number of people")).fill("12")
    page.get_by_role("button", name="Plan the tour").click()

    expect(page.get_by_role("heading", name="Your itinerary")).to_be_visible()
    stops = page.locator(".tour-stop")
    expect(stops).to_have_count(3)
    expect(page.get_by_text(re.compile("South receives groups Tuesday to Thursday"))).to_be_visible()

    # Move Stockholm to the last day: the itinerary is checked again at once.
    page.get_by_label("Day for Royal Seaport").select_option((tuesday + datetime.timedelta(days=2)).isoformat())
    page.locator(".tour-stop", has_text="Royal Seaport").get_by_role("button", name="Move").click()
    expect(page.locator(".tour-stop", has_text="Royal Seaport").get_by_text("Moved by you")).to_be_visible()
    page.locator(".tour-stop", has_text="Royal Seaport").get_by_role("button", name="Let the planner choose").click()
    expect(page.locator(".tour-stop", has_text="Royal Seaport").get_by_text("Moved by you")).to_have_count(0)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download as PDF").click()
    pdf = download_info.value.path().read_bytes()
    assert pdf.startswith(b"%PDF") and shutil.which("pdftotext")
    text = subprocess.run(  # noqa: S603
        [shutil.which("pdftotext"), "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    for title in ("Royal Seaport", "Western Harbour", "Electric buses"):
        assert title in text
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Add to your calendar (.ics)").click()
    calendar = icalendar.Calendar.from_ical(download_info.value.path().read_bytes())
    summaries = {str(event["summary"]) for event in calendar.walk("VEVENT")}
    assert {"Royal Seaport", "Western Harbour", "Electric buses"} <= summaries
    assert any(summary.startswith("Travel from") for summary in summaries)

    page.get_by_role("link", name="Book this study tour").click()
    page.get_by_label(re.compile(r"^Organisation")).fill("Shenzhen Urban Planning Bureau")
    page.get_by_label("National government").check()
    page.get_by_label(re.compile(r"^Country")).select_option("CN")
    page.get_by_label(re.compile(r"^Your name")).fill("Wang Fang")
    page.get_by_label(re.compile(r"^E-mail")).fill("wang.fang@example.cn")
    page.get_by_label(re.compile(r"^Phone")).fill("+86 138 0013 8000")
    page.get_by_label("English").check()
    page.get_by_label("I agree that Smart City Sweden stores").check()
    page.get_by_role("button", name="Send the tour request").click()
    expect(page.get_by_role("heading", name="Thank you, your request is sent")).to_be_visible()
    reference = VisitRequest.objects.get().reference

    for name, title in (("east", "Royal Seaport"), ("south", "Western Harbour"), ("west", "Electric buses")):
        page.context.clear_cookies()
        page.goto(f"{live_server.url}/admin/login/")
        page.get_by_label("Username").fill(f"{name}_staff")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.goto(f"{live_server.url}/admin/requests/")
        page.get_by_role("link", name=reference).click()
        itinerary = page.locator("section", has=page.get_by_role("heading", name="Study tour itinerary"))
        expect(itinerary.get_by_text(title)).to_be_visible()
        # Each office can move its own stop only.
        own = itinerary.locator("tr", has_text=title)
        expect(own.get_by_role("button", name="Move the stop")).to_be_visible()
        expect(itinerary.get_by_role("button", name="Move the stop")).to_have_count(1)
