"""Issue #9 (WCAG 2.1 AA): what a keyboard, screen reader, small screen or printer user meets."""

import re

import pytest
from playwright.sync_api import expect

from insights.tests.test_statistics import fixture_data  # noqa: F401 - shared fixture
from offices.models import OfficePage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ACTIVE_LABEL = "document.activeElement && document.activeElement.getAttribute('aria-label')"


def tab_to(page, selector, limit=80):
    """Press Tab until the focused element matches selector, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)", selector):
            return page.evaluate(ACTIVE_LABEL)
    raise AssertionError(f"Tab never reached {selector}")


def settled(page):
    """htmx has finished swapping: a key pressed mid-swap would take the plain-form path."""
    page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')")


def test_the_star_keeps_focus_and_announces_the_plan(page, live_server, demo_catalogue):
    page.goto(f"{live_server.url}/best-practices/")
    # htmx is deferred; a key pressed before it has loaded takes the plain-form path (a reload).
    page.wait_for_function("() => window.htmx !== undefined && document.readyState === 'complete'")
    live = page.locator("#live-status")
    expect(live).to_have_attribute("role", "status")
    expect(live).to_have_text("")

    label = tab_to(page, "button.star")
    star = page.get_by_role("button", name=label)
    expect(star).to_have_attribute("aria-pressed", "false")

    page.keyboard.press("Enter")
    expect(star).to_have_attribute("aria-pressed", "true")
    expect(live).to_have_text("Added to your visit plan (1 item)")
    assert page.evaluate(ACTIVE_LABEL) == label
    expect(page.get_by_role("status").filter(has_text="Added to your visit plan (1 item)")).to_have_count(1)
    expect(page.get_by_role("link", name="My Visit Plan (1)")).to_be_visible()

    settled(page)
    page.keyboard.press("Space")
    expect(star).to_have_attribute("aria-pressed", "false")
    expect(live).to_have_text("Removed from your visit plan (0 items)")
    assert page.evaluate(ACTIVE_LABEL) == label

    settled(page)
    page.keyboard.press("Enter")
    expect(star).to_have_attribute("aria-pressed", "true")
    expect(live).to_have_text("Added to your visit plan (1 item)")
    assert page.evaluate(ACTIVE_LABEL) == label


def test_the_error_summary_takes_focus_and_its_links_reach_inputs(page, live_server, demo_catalogue):
    page.goto(f"{live_server.url}/book/")
    page.get_by_label("English").uncheck()
    page.get_by_label(re.compile("^Office")).select_option("north")
    expect(page.locator("#day-picker input[name=slots]").first).to_be_attached()
    page.get_by_role("button", name="Send request").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()

    summary.get_by_role("link", name=re.compile("^Kind of organisation")).click()
    expect(page.locator("#id_organisation_kind_0")).to_be_focused()

    summary.get_by_role("link", name=re.compile("^Languages the group understands")).click()
    expect(page.locator("#id_languages_0")).to_be_focused()

    # The day picker's checkboxes have no ids of their own: the link still lands on the first one.
    summary.get_by_role("link", name=re.compile("^Preferred days and times")).click()
    expect(page.locator("#day-picker input[name=slots]").first).to_be_focused()

    page.locator("#error-summary").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the first link, followed with the keyboard
    expect(page.locator(":focus")).to_have_count(1)
    assert page.evaluate("['INPUT', 'SELECT', 'TEXTAREA'].includes(document.activeElement.tagName)")


def test_the_booking_form_with_errors_has_no_accessibility_violations(page, live_server, demo_catalogue):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(f"{live_server.url}/book/")
    page.get_by_label(re.compile(r"^E-mail")).fill("not an address")
    page.get_by_label(re.compile(r"^Phone")).fill("12")
    page.get_by_role("button", name="Send request").click()
    expect(page.locator("#error-summary")).to_be_visible()
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def _scroll_width(page):
    return page.evaluate("document.documentElement.scrollWidth")


def test_an_office_page_reflows_at_320_pixels(page, live_server, demo_catalogue):
    office = OfficePage.objects.get(slug="south")
    office.request_email = "study-visits-and-delegations.south@smartcitysweden-regional-offices.example.org"
    office.save()
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{live_server.url}{office.url}")
    expect(page.get_by_role("link", name=office.request_email)).to_be_visible()
    assert _scroll_width(page) <= 320


def test_the_year_in_review_reflows_at_320_pixels(page, live_server, fixture_data):  # noqa: F811
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{live_server.url}/year-in-review/2019/")
    expect(page.get_by_role("heading", name="2019")).to_be_visible()
    assert _scroll_width(page) <= 320
    # The wide table scrolls on its own, and a keyboard can reach and name it.
    region = page.get_by_role("region", name="Delegations and visitors per year")
    expect(region).to_have_attribute("tabindex", "0")


def test_the_calendar_prints_without_filters_and_navigation(page, live_server, demo_catalogue):
    page.goto(f"{live_server.url}/calendar/")
    expect(page.locator(".calendar-filters")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.get_by_role("table")).to_be_visible()
    expect(page.locator(".calendar-filters")).to_be_hidden()
    expect(page.get_by_role("navigation", name="Calendar navigation")).to_be_hidden()
    expect(page.get_by_role("button", name="Show")).to_be_hidden()


def test_the_plan_prints_without_its_controls(page, live_server, demo_catalogue):
    page.goto(f"{live_server.url}/best-practices/")
    page.get_by_role("button", name="Save in My Visit Plan: Tram in Lund").click()
    expect(page.get_by_role("link", name="My Visit Plan (1)")).to_be_visible()
    page.goto(f"{live_server.url}/plan/")
    page.get_by_label("Your note on Tram in Lund").fill("Ask about the depot")
    page.get_by_role("button", name="Save note").click()
    expect(page.get_by_label("Your note on Tram in Lund")).to_have_value("Ask about the depot")

    page.emulate_media(media="print")
    expect(page.get_by_role("heading", name="Tram in Lund")).to_be_visible()
    expect(page.locator(".plan-item p").filter(has_text="Ask about the depot")).to_be_visible()  # as text
    for control in page.locator("main button, main input, main textarea, main select").all():
        expect(control).to_be_hidden()
    expect(page.get_by_role("link", name="Book this visit")).to_be_hidden()
