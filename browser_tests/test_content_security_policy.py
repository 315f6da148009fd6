"""Under the site's Content-Security-Policy nothing is refused and htmx still works, for a
visitor and in the staff admin."""

import re

import pytest
from playwright.sync_api import expect

from catalogue.models import BestPracticePage
from offices.models import StaffRole
from visits.tests.factories import create_visit_request
from visits.tests.personas import create_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def watch_for_refusals(page):
    """Chromium reports each thing the policy refused on the console."""
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(f"{page.url}: {message.text[:160]}") if "Content Security Policy" in message.text else None
        ),
    )
    return refused


def test_a_visitor_browses_stars_and_opens_the_booking_form_with_nothing_refused(page, live_server, demo_catalogue):
    refused = watch_for_refusals(page)
    response = page.goto(f"{live_server.url}/best-practices/")
    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy and "unsafe-eval" not in policy
    assert "camera=()" in response.headers["permissions-policy"]

    # htmx swaps the star button in place: it must have loaded and been allowed to run.
    button = page.get_by_role("button", name="Save in My Visit Plan: Biogas buses in Malmö")
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_role("link", name="My Visit Plan (1)")).to_be_visible()

    page.goto(live_server.url)
    page.get_by_role("link", name="Mobility").click()
    page.get_by_role("link", name="Electric buses in Umeå").click()
    page.goto(f"{live_server.url}/calendar/")
    page.goto(f"{live_server.url}/book/")
    with page.expect_response(lambda answer: "/book/days/" in answer.url):
        page.get_by_label(re.compile(r"^Number of people")).fill("12")
        page.get_by_label(re.compile(r"^Number of people")).blur()
    assert refused == []


def test_staff_work_in_the_admin_with_nothing_refused(page, live_server, demo_catalogue):
    user = create_staff("coordinator", StaffRole.Role.COORDINATOR)
    user.set_password("a-long-test-password")
    user.save()
    visit_request = create_visit_request(organisation="Pune Municipal Corporation")
    practice = BestPracticePage.objects.get(title="Biogas buses in Malmö")

    refused = watch_for_refusals(page)
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill("coordinator")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1).first).to_be_visible()
    for address in (
        "/admin/",
        "/admin/requests/",
        f"/admin/requests/{visit_request.pk}/",
        f"/admin/pages/{practice.pk}/edit/",
        "/admin/images/",
    ):
        page.goto(f"{live_server.url}{address}")
        page.wait_for_load_state("networkidle")
    assert refused == []
