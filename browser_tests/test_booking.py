import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def star(page, title):
    button = page.get_by_role("button", name=f"Save in My Visit Plan: {title}")
    expect(button).to_have_attribute("aria-pressed", "false")
    button.click()
    expect(page.get_by_role("button", name=f"Save in My Visit Plan: {title}")).to_have_attribute("aria-pressed", "true")


def test_star_plan_book_follow_and_withdraw(page, live_server, demo_catalogue):
    page.goto(f"{live_server.url}/best-practices/")
    star(page, "Biogas buses in Malmö")
    star(page, "Heat pumps in Malmö")
    star(page, "Electric buses in Umeå")
    expect(page.get_by_role("link", name="My Visit Plan (3)")).to_be_visible()

    page.get_by_role("link", name="My Visit Plan (3)").click()
    expect(page.get_by_role("heading", name="Smart City Sweden South")).to_be_visible()
    expect(page.get_by_role("heading", name="Smart City Sweden North")).to_be_visible()
    expect(page.locator(".plan-item")).to_have_count(3)

    page.get_by_role("link", name="Book this visit").click()
    expect(page.get_by_role("heading", name="Book a study visit")).to_be_visible()
    expect(page.get_by_text("We suggest Smart City Sweden South.")).to_be_visible()
    page.get_by_label(re.compile(r"^Organisation")).fill("Pune Municipal Corporation")
    page.get_by_label("Municipality or region").check()
    page.get_by_label(re.compile(r"^Country")).select_option("IN")
    page.get_by_label(re.compile(r"^Your name")).fill("Asha Rao")
    page.get_by_label(re.compile(r"^E-mail")).fill("asha.rao@example.org")
    page.get_by_label(re.compile(r"^Phone")).fill("+91 98765 43210")
    page.get_by_label(re.compile(r"^Number of people")).fill("12")
    # Wait for the day picker's htmx refresh itself: a slot ticked before it lands would be replaced.
    with page.expect_response(lambda response: "/book/days/" in response.url):
        page.get_by_label(re.compile(r"^Number of people")).blur()
    page.wait_for_load_state("networkidle")

    first_slot = page.locator("#day-picker input[name=slots]").first
    slot_value = first_slot.get_attribute("value")
    first_slot.check()
    page.get_by_label("I agree that Smart City Sweden stores").check()
    page.get_by_role("button", name="Send request").click()

    expect(page.get_by_role("heading", name="Thank you, your request is sent")).to_be_visible()
    reference = page.locator(".reference strong").inner_text()
    assert re.fullmatch(r"SCS-\d{4}-0001", reference)

    day, _slot = slot_value.split("|")
    other = page.context.new_page()
    other.goto(f"{live_server.url}/book/?office=south&date={day}")
    expect(other.locator(f'input[value="{slot_value}"]')).to_have_count(0)  # the only group seat is held
    expect(other.get_by_text("fully booked").first).to_be_visible()

    page.get_by_role("link", name="Follow your request").click()
    expect(page.get_by_role("heading", name=reference)).to_be_visible()
    expect(page.get_by_text("Submitted").first).to_be_visible()
    page.get_by_label("Reason (optional)").fill("Our trip moved to next year")
    page.get_by_role("button", name="Withdraw the request…").click()
    expect(page.get_by_role("heading", name="Withdraw this request?")).to_be_visible()
    page.get_by_role("button", name="Yes, withdraw the request").click()
    expect(page.get_by_text("Your request is withdrawn and its days are free again.")).to_be_visible()
    expect(page.locator(".status")).to_have_text("Withdrawn")

    other.reload()
    expect(other.locator(f'input[value="{slot_value}"]')).to_have_count(1)


def test_booking_form_shows_an_error_summary_linking_to_fields(page, live_server, demo_catalogue):
    page.goto(f"{live_server.url}/book/")
    page.get_by_role("button", name="Send request").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    summary.get_by_role("link", name=re.compile("^E-mail")).click()
    expect(page.get_by_label(re.compile(r"^E-mail"))).to_be_focused()


def test_the_star_works_without_javascript(browser, live_server, demo_catalogue):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/best-practices/")
    page.get_by_role("button", name="Save in My Visit Plan: Tram in Lund").click()
    expect(page).to_have_url(re.compile(r"/best-practices/$"))
    expect(page.get_by_role("button", name="Save in My Visit Plan: Tram in Lund")).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(page.get_by_role("link", name="My Visit Plan (1)")).to_be_visible()
    context.close()


@pytest.mark.parametrize("path", ["/book/", "/plan/"])
def test_booking_pages_have_no_accessibility_violations(page, live_server, demo_catalogue, path):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(f"{live_server.url}/best-practices/")
    page.get_by_role("button", name="Save in My Visit Plan: Tram in Lund").click()
    expect(page.get_by_role("link", name="My Visit Plan (1)")).to_be_visible()
    page.goto(f"{live_server.url}{path}")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_status_page_has_no_accessibility_violations(page, live_server, demo_catalogue):
    from axe_playwright_python.sync_playwright import Axe

    from visits.tests.factories import create_visit_request

    visit_request = create_visit_request()
    page.goto(f"{live_server.url}/visit/{visit_request.status_token}/")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
