import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def card_titles(page):
    return sorted(page.locator("main .card-title a").all_inner_texts())


def test_home_to_focus_area_to_sub_area_to_best_practice(page, live_server, demo_catalogue):
    page.goto(live_server.url)
    page.get_by_role("link", name="Mobility").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mobility")
    page.get_by_role("link", name="Public transport").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Public transport")
    page.get_by_role("link", name="Electric buses in Umeå").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Electric buses in Umeå")
    expect(page.get_by_text("Quiet electric buses.")).to_be_visible()
    expect(page.get_by_role("heading", name="Visiting")).to_be_visible()
    assert page.title().startswith("Electric buses in Umeå")


def test_filters_and_search_narrow_the_listing_and_the_url_reproduces_them(page, live_server, demo_catalogue):
    page.goto(f"{live_server.url}/best-practices/")
    expect(page.get_by_role("heading", name="7 best practices")).to_be_visible()

    page.get_by_label("South (Malmö)").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"region=south"))
    expect(page.get_by_role("heading", name="4 best practices")).to_be_visible()

    page.get_by_label("Biogas & renewable fuels").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"sub_area=biogas-renewable-fuels"))
    expect(page.get_by_role("heading", name="2 best practices")).to_be_visible()

    page.get_by_label("Search", exact=True).fill("biogas")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page).to_have_url(re.compile(r"q=biogas"))
    expect(page.get_by_role("heading", name="2 best practices")).to_be_visible()
    page.get_by_label("Search", exact=True).fill("buses")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_role("heading", name="1 best practice", exact=True)).to_be_visible()
    assert card_titles(page) == ["Biogas buses in Malmö"]

    url = page.url
    assert "region=south" in url and "sub_area=biogas-renewable-fuels" in url and "q=buses" in url
    other = page.context.new_page()
    other.goto(url)
    assert card_titles(other) == ["Biogas buses in Malmö"]
    expect(other.get_by_label("South (Malmö)")).to_be_checked()

    page.get_by_role("link", name="Remove filter: South (Malmö)").click()
    expect(page).not_to_have_url(re.compile(r"region="))
    expect(page.get_by_role("heading", name="1 best practice", exact=True)).to_be_visible()


def test_the_map_shows_points_and_a_list_alternative(page, live_server, demo_catalogue):
    page.goto(f"{live_server.url}/best-practices/?sub_area=district-heating")
    page.get_by_role("link", name="Show on a map").click()
    expect(page).to_have_url(re.compile(r"view=map"))
    svg = page.get_by_role("group", name="Best practices on the map")
    expect(svg).to_be_visible()
    expect(svg.locator("circle")).to_have_count(2)
    # A short list alternative is open from the start; a long one is one click away.
    expect(page.get_by_text("The 2 places on the map, as a list")).to_be_visible()
    page.locator(".map-list").get_by_role("link", name="Heat pumps in Malmö").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Heat pumps in Malmö")
    expect(page.get_by_role("group", name="Location on the map of Sweden").locator("circle")).to_have_count(2)


def test_the_listing_works_without_javascript(browser, live_server, demo_catalogue):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/best-practices/")
    page.get_by_label("North (Umeå)").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("heading", name="3 best practices")).to_be_visible()
    context.close()


@pytest.mark.parametrize(
    "path",
    ["/", "/mobility/", "/mobility/public-transport/", "/best-practices/", "/best-practices/?view=map", "/offices/"],
)
def test_pages_have_no_accessibility_violations(page, live_server, demo_catalogue, path):
    page.goto(f"{live_server.url}{path}")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
