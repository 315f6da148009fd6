"""An office's public page: its region's best practices as cards and on its map."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue.tests.factories import create_best_practice, create_home
from offices.tests.factories import create_office, create_region

pytestmark = pytest.mark.django_db

MAP_POINTS = re.compile(r'<g class="map-points map-point-(\w+)" aria-hidden="true">(.*?)</g>')


def points_by_kind(html) -> dict[str, int]:
    return {kind: marks.count("<circle") for kind, marks in MAP_POINTS.findall(html)}


@pytest.fixture
def north():
    region = create_region(name="North", slug="north", counties=("Västerbotten",))
    return create_office(create_home(), region=region, title="North office", slug="north-office")


def add_practices(titles, county="Västerbotten"):
    return [create_best_practice(county=county, title=title) for title in titles]


def test_a_regional_office_shows_its_regions_practices_as_cards_and_on_the_map(client, north):
    add_practices(["Biogas buses", "Heat storage"])
    add_practices(["Elsewhere"], county="Stockholm")

    html = client.get(north.url).content.decode()

    assert "Biogas buses" in html and "Heat storage" in html and "Elsewhere" not in html
    assert points_by_kind(html)["site"] == 2
    assert "See them all on the map" not in html  # all of them are shown


def test_a_large_region_shows_the_first_practices_and_links_to_all_of_them_on_the_map(client, north, monkeypatch):
    monkeypatch.setattr("offices.models.PRACTICES_SHOWN", 2)
    add_practices(["Cycle paths", "Biogas buses", "Heat storage"])

    html = client.get(north.url).content.decode()

    assert "Biogas buses" in html and "Cycle paths" in html and "Heat storage" not in html  # by title
    assert points_by_kind(html)["site"] == 2
    assert "The map shows 2 of the region's 3 best practices." in html
    assert '<a href="/best-practices/?region=north&amp;view=map">See them all on the map</a>' in html
    assert client.get("/best-practices/?region=north&view=map").status_code == 200


def test_an_office_page_keeps_its_practices_until_content_changes(client, north):
    add_practices(["Biogas buses", "Heat storage"])
    client.get(north.url)

    with CaptureQueriesContext(connection) as captured:
        html = client.get(f"{north.url}?again=1").content.decode()

    assert "Biogas buses" in html
    read = [q["sql"] for q in captured]
    assert not [sql for sql in read if 'FROM "catalogue_bestpracticepage"' in sql], read

    add_practices(["Cycle paths"])
    html = client.get(f"{north.url}?later=1").content.decode()
    assert "Cycle paths" in html and points_by_kind(html)["site"] == 3


def test_the_head_office_shows_featured_practices_without_a_region_map(client):
    head = create_office(create_home(), title="Head office", slug="head-office")
    add_practices(["Ordinary"], county="Stockholm")
    create_best_practice(title="Featured one", featured=True)

    html = client.get(head.url).content.decode()

    assert "Featured one" in html and "Ordinary" not in html
    assert points_by_kind(html) == {"office": 1}
