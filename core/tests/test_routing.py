"""Index pages whose children are all of one type route to a child in one query."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue.tests.factories import create_best_practice, create_listing_page
from offices.tests.factories import create_office, create_region

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uncached_pages")]


def page_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response, [q["sql"] for q in captured if 'FROM "wagtailcore_page"' in q["sql"] or "JOIN" in q["sql"]]


def test_a_practice_is_found_with_its_county_and_region_in_one_query(client):
    practice = create_best_practice(title="Heat from the sea", county="Västerbotten")
    response, _queries = page_queries(client, practice.url)
    assert response.status_code == 200
    assert "Heat from the sea" in response.content.decode()

    with CaptureQueriesContext(connection) as captured:
        client.get(practice.url)
    assert not any('FROM "offices_county"' in q["sql"] for q in captured)  # joined in when routed
    assert not any('FROM "offices_region"' in q["sql"] for q in captured)


@pytest.mark.parametrize("path", ["no-such-practice/", "no-such-practice/deeper/"])
def test_an_unknown_child_is_still_not_found(client, path):
    create_best_practice()
    assert client.get(create_listing_page().url + path).status_code == 404


def test_a_draft_child_is_not_served(client):
    practice = create_best_practice(title="Not yet")
    url = practice.url
    assert client.get(url).status_code == 200
    practice.unpublish()
    assert client.get(url).status_code == 404


def test_an_office_is_routed_to_with_its_region(client):
    home = create_listing_page().get_parent()
    office = create_office(home, region=create_region(name="North", slug="north", counties=("Västerbotten",)))
    with CaptureQueriesContext(connection) as captured:
        response = client.get(office.url)
    assert response.status_code == 200
    assert not any('FROM "offices_region"' in q["sql"] and "LIMIT 21" in q["sql"] for q in captured)
