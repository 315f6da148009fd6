"""The plan, booking and status pages run a fixed number of queries, whatever the plan size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue.tests.factories import create_best_practice, create_company
from offices.tests.factories import get_county
from visits.tests.factories import create_bookable_office, create_visit_request

pytestmark = pytest.mark.django_db

MAX_QUERIES = {"/plan/": 11, "/book/": 19}


def count(client, url):
    client.get(url)  # warm caches that page saves clear (Wagtail's site root paths)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def star_many(client, n, county):
    for _i in range(n):
        client.post("/plan/star/", {"page": create_best_practice(county=county).pk})
        client.post("/plan/star/", {"page": create_company(county=county).pk})


def test_plan_and_booking_pages_do_not_grow_with_the_plan(client):
    office = create_bookable_office()
    county = get_county("Stockholm", office.region)
    star_many(client, 2, county)
    small = {url: count(client, url) for url in MAX_QUERIES}
    star_many(client, 20, county)
    large = {url: count(client, url) for url in MAX_QUERIES}
    assert large == small
    for url, ceiling in MAX_QUERIES.items():
        assert small[url] <= ceiling, (url, small[url])


def test_status_page_queries_are_bounded(client):
    visit_request = create_visit_request()
    assert count(client, f"/visit/{visit_request.status_token}/") <= 10
