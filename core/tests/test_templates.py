"""Accessibility of the shared templates: form descriptions, titles, language, focus colours, userbar."""

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.utils import translation

from catalogue.tests.factories import create_home
from visits.tests.factories import create_bookable_office

CSS = Path(__file__).resolve().parents[2] / "showcase" / "static" / "css" / "showcase.css"


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def assert_descriptions_resolve(page):
    described = page.select("[aria-describedby]")
    assert described, "nothing in the page is described"
    for element in described:
        for ref in element["aria-describedby"].split():
            assert page.find(id=ref) is not None, f"{element.name}#{element.get('id')} refers to missing #{ref}"


@pytest.mark.django_db
def test_every_description_of_the_booking_form_with_errors_exists_in_the_page(client):
    office = create_bookable_office(title="Smart City Sweden North", slug="north")
    page = soup(client.post("/book/", {"email": "not an address", "phone": "12", "office": office.slug}))
    assert_descriptions_resolve(page)
    email = page.find(id="id_email")
    assert "Enter a valid email address." in page.find(id=email["aria-describedby"].split()[-1]).get_text()
    phone = page.find(id="id_phone")
    helps = [page.find(id=ref).get_text() for ref in phone["aria-describedby"].split()]
    assert any("International format" in text for text in helps)


@pytest.mark.django_db
def test_every_description_of_the_newsletter_form_with_errors_exists_in_the_page(client):
    assert_descriptions_resolve(soup(client.post("/newsletter/subscribe/", {"email": "nope"})))


@pytest.mark.django_db
def test_error_summary_links_of_choice_groups_lead_to_their_first_input(client):
    create_bookable_office(title="Smart City Sweden North", slug="north")
    page = soup(client.post("/book/", {}))
    links = {a.get_text().split(":")[0]: a["href"] for a in page.select("#error-summary a")}
    for label in ("Kind of organisation", "Languages the group understands", "E-mail"):
        target = page.find(id=links[label].removeprefix("#"))
        assert target is not None and target.name in {"input", "select", "textarea"}, (label, links[label])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("view=month&date=2026-11-26", "Calendar — November 2026"),
        ("view=week&date=2026-11-26", "Calendar — week 48, 2026"),
        ("view=day&date=2026-11-26", "Calendar — Thursday 26 November 2026"),
    ],
)
def test_calendar_titles_name_the_period_shown(client, query, expected):
    create_home()
    title = soup(client.get(f"/calendar/?{query}")).title.get_text()
    assert title.startswith(expected), title


@pytest.mark.django_db
def test_the_staff_calendar_has_a_real_title(client):
    create_home()
    client.force_login(get_user_model().objects.create_superuser("admin", "admin@example.org", "pw"))
    title = soup(client.get("/admin/calendar/?date=2026-11-26")).title.get_text().strip()
    assert title.startswith("Calendar — November 2026"), title


def test_the_server_error_page_speaks_the_active_language():
    with translation.override("sv"):
        html = render_to_string("500.html")
    assert re.search(r'<html lang="sv"', html)


def _relative_luminance(hex_colour):
    hex_colour = hex_colour.lstrip("#")
    if len(hex_colour) == 3:
        hex_colour = "".join(c * 2 for c in hex_colour)
    channels = []
    for i in (0, 2, 4):
        c = int(hex_colour[i : i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    r, g, b = channels
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b):
    high, low = sorted((_relative_luminance(a), _relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _focus_colours(css):
    """The colours of the :focus-visible rule by property (outline, box-shadow), var()s resolved."""
    variables = dict(re.findall(r"(--[\w-]+):\s*(#[0-9a-fA-F]{3,6})\b", css))
    rule = re.search(r"(?<![\w-]):focus-visible\s*\{([^}]*)\}", css).group(1)
    colours = {}
    for prop, value in re.findall(r"(outline|box-shadow)\s*:([^;]*)", rule):
        for name, literal in re.findall(r"var\((--[\w-]+)\)|(#[0-9a-fA-F]{3,6})\b", value):
            colours.setdefault(prop, []).append(variables[name] if name else literal)
    return variables, colours


def test_contrast_helper_matches_known_ratios():
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#ffbf47", "#ffffff"), 1) == 1.6


def test_the_focus_indicator_stands_out_on_white_and_on_the_header():
    variables, colours = _focus_colours(CSS.read_text())
    # The outline, drawn outermost, must stand out on white pages (WCAG 1.4.11: 3:1)...
    assert colours.get("outline"), colours
    assert all(contrast(colour, "#ffffff") >= 3 for colour in colours["outline"]), colours
    # ...and some ring of the indicator must stand out on the dark green header.
    every = [colour for found in colours.values() for colour in found]
    assert max(contrast(colour, variables["--brand"]) for colour in every) >= 3, every


@pytest.mark.django_db
def test_editors_get_the_userbar_and_visitors_do_not(client):
    create_home()
    assert "wagtail-userbar" not in client.get("/").content.decode()
    client.force_login(get_user_model().objects.create_superuser("admin", "admin@example.org", "pw"))
    assert "wagtail-userbar" in client.get("/").content.decode()
