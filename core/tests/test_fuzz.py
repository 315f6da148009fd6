"""No input gives a 5xx: every public address pattern, form and cookie, fuzzed with hypothesis.

Runs on both databases (the suite runs once on SQLite, once on PostgreSQL): NUL bytes and
ids beyond 64 bits fail differently on each. The examples are derandomised, so a failure
in CI is reproduced by running this file; HYPOTHESIS_PROFILE=explore searches further.
"""

import os
import re
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalogue.tests.factories import create_directory_page, create_listing_page
from tours.tests.factories import create_plan, create_tour_world
from visits.tests.factories import create_visit_request

pytestmark = pytest.mark.django_db

settings.register_profile(
    "ci",
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile(
    "explore",
    max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", "2000")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# The staff admin is Wagtail's and Django's own; staff pages are fuzzed as strangers there.
NOT_PUBLIC = ("admin/", "django-admin/")
CONVERTER = re.compile(r"<(?:(?P<kind>\w+):)?(?P<name>\w+)>")

# Field and parameter names the site's forms and listings read, plus a few strays.
FIELD_NAMES = [
    "q", "office", "focus_area", "sub_area", "tag", "county", "region", "page", "sort", "view",
    "month", "year", "quarter", "day", "date", "format", "kind", "next", "slots", "slot",
    "group_size", "email", "name", "organisation", "organisation_kind", "country", "phone",
    "contact_name", "languages", "message", "reason", "note", "website", "interests", "consent",
    "consent_public_name", "arrival_date", "arrival_time", "arrival_place", "departure_date",
    "departure_time", "departure_place", "travel_mode", "participants", "position", "lang",
    "language", "csrfmiddlewaretoken", "action", "answer", "item", "dates", "x",
]  # fmt: skip
COOKIE_NAMES = ["visit_plan", "sessionid", "csrftoken", "django_language", "messages"]

# Text that has broken web apps: NUL and other control characters, surrogates' neighbours,
# very long strings, numbers beyond 64 bits, and values that look like addresses.
nasty_text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.sampled_from(
        [
            "\x00",
            "a\x00b",
            "null",
            "foo",
            "-1",
            "0",
            "1e309",
            "NaN",
            "9" * 25,
            str(2**63),
            str(-(2**63) - 1),
            "//evil.example",
            "javascript:alert(1)",
            "../../etc/passwd",
            "%00",
            "2026-02-30",
            "2026-13",
            "<script>",
            "' OR 1=1 --",
            "\ud7ff",
            "\u202e",
            "a" * 5000,
        ]
    ),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)
form_data = st.dictionaries(st.sampled_from(FIELD_NAMES), st.lists(nasty_text, min_size=1, max_size=3), max_size=6)
# A server reads a header's bytes as Latin-1, whatever the client meant by them.
cookies = st.dictionaries(
    st.sampled_from(COOKIE_NAMES), nasty_text.map(lambda text: text.encode().decode("latin-1")), max_size=3
)


def public_routes():
    """Each public pattern as a route string with its converters, e.g. 'visit/<str:token>/'."""
    routes = []

    def walk(patterns, prefix):
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if route.startswith(NOT_PUBLIC) or route.startswith("^"):
                continue
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, route)
            elif isinstance(entry, URLPattern):
                routes.append(route)

    walk(get_resolver().url_patterns, "")
    return sorted(set(routes))


ROUTES = public_routes()


@st.composite
def addresses(draw, known_paths):
    """A path built from a public route with fuzzed parameters, or a real page's address."""
    if draw(st.booleans()):
        path = draw(st.sampled_from(known_paths))
    else:
        route = draw(st.sampled_from(ROUTES))
        path = "/" + CONVERTER.sub(lambda match: _parameter(draw, match["kind"]), route)
    if draw(st.booleans()):
        path = draw(st.sampled_from(["", "/sv", "/zh-hans"])) + path
    return path


def _parameter(draw, kind):
    if kind in ("int", "id"):
        return str(draw(st.integers(min_value=0, max_value=2**70)))
    value = draw(nasty_text.filter(lambda text: text and "/" not in text and "?" not in text and "#" not in text))
    return value


@pytest.fixture
def world():
    """A small site with every kind of public page, a plan and a request with its token."""
    tour_world = create_tour_world()
    home = tour_world["head"].get_parent()
    create_listing_page()
    create_directory_page()
    practice = tour_world["practices"]["stockholm"]
    plan = create_plan(practice)
    visit_request = create_visit_request(tour_world["east"])
    known = [
        "/",
        home.url,
        practice.url,
        tour_world["east"].url,
        "/best-practices/",
        "/calendar/",
        f"/plan/shared/{plan.token}/",
        f"/visit/{visit_request.status_token}/",
        f"/book/sent/{visit_request.status_token}/",
        "/book/",
        "/plan/",
        "/plan/tour/",
        "/newsletter/",
        "/year-in-review/",
    ]
    return {"known": [path for path in known if path], "plan": plan}


def quote(path):
    # The test client sends the path as given; percent-encode what a browser would.
    from urllib.parse import quote as url_quote

    return url_quote(path, safe="/%")


def assert_no_server_error(response, method, path, data=None, cookie_values=None):
    assert response.status_code < 500, (method, path, data, cookie_values, response.status_code)


def client_with(cookie_values):
    client = Client(raise_request_exception=False)
    for name, value in cookie_values.items():
        client.cookies[name] = value
    return client


@given(data=st.data())
def test_get_any_public_address_with_any_query_and_cookies(world, data):
    path = data.draw(addresses(world["known"]))
    query = data.draw(form_data)
    cookie_values = data.draw(cookies)
    client = client_with(cookie_values)
    response = client.get(quote(path), query)
    assert_no_server_error(response, "GET", path, query, cookie_values)


@given(data=st.data())
def test_post_any_form_to_any_public_address(world, data):
    path = data.draw(addresses(world["known"]))
    fields = data.draw(form_data)
    cookie_values = data.draw(cookies)
    client = client_with(cookie_values)
    if data.draw(st.booleans()):
        response = client.post(quote(path), fields)  # multipart, as the test client sends by default
    else:  # what a browser sends for a form without files
        body = urlencode([(name, value) for name, values in fields.items() for value in values])
        response = client.post(quote(path), body, content_type="application/x-www-form-urlencoded")
    assert_no_server_error(response, "POST", path, fields, cookie_values)
