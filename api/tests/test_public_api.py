"""The open API's public part: the same answers as the site, in each language, with ETags,
CORS, rate limits and clear 4xx for bad input."""

import datetime

import pytest

from catalogue.tests.factories import create_best_practice, create_focus_area, create_sub_area, translate_page
from offices.models import Closure
from visits.tests.factories import create_bookable_office, create_visit, next_open_day

pytestmark = pytest.mark.django_db
API = "/api/v1"


@pytest.fixture
def catalogue():
    energy = create_focus_area(title="Energy", slug="energy")
    heat = create_sub_area(energy, title="District heating", slug="district-heating")
    buses = create_sub_area(create_focus_area(title="Mobility", slug="mobility"), title="Buses", slug="buses")
    plant = create_best_practice([heat], title="Heat plant in Umeå", summary="Heat from waste.", county="Västerbotten")
    create_best_practice([buses], title="Biogas buses in Malmö", summary="Buses on biogas.", county="Skåne")
    create_best_practice([heat, buses], title="Biogas heat in Lund", summary="Biogas for heat.", county="Skåne")
    return plant


def test_best_practices_search_filter_count_and_page_like_the_listing(client, catalogue):
    response = client.get(f"{API}/best-practices", {"q": "biogas", "focus_area": "mobility"})
    assert response.status_code == 200
    data = response.json()
    assert data["total"] == 2 and data["page"] == 1 and data["pages"] == 1 and data["query"] == "biogas"
    assert {item["title"] for item in data["items"]} == {"Biogas buses in Malmö", "Biogas heat in Lund"}
    focus = next(facet for facet in data["facets"] if facet["param"] == "focus_area")
    counts = {option["value"]: (option["count"], option["selected"]) for option in focus["options"]}
    assert counts == {"energy": (1, False), "mobility": (2, True)}  # each count as if that value were added
    site = client.get("/best-practices/", {"q": "biogas", "focus_area": "mobility"}).content.decode()
    assert all(item["title"] in site for item in data["items"])


def test_a_practice_answers_in_the_language_asked_for_whichever_id_is_used(client, catalogue):
    swedish = translate_page(catalogue, "sv", title="Värmeverk i Umeå")
    english = client.get(f"{API}/best-practices/{catalogue.pk}").json()
    assert english["title"] == "Heat plant in Umeå" and english["county"] == "Västerbotten"
    assert english["url"].endswith(catalogue.url)
    assert client.get(f"{API}/best-practices/{catalogue.pk}", {"lang": "sv"}).json()["title"] == "Värmeverk i Umeå"
    assert client.get(f"{API}/best-practices/{swedish.pk}", {"lang": "en"}).json()["title"] == "Heat plant in Umeå"
    # No version in Chinese: the default language's.
    assert (
        client.get(f"{API}/best-practices/{catalogue.pk}", {"lang": "zh-hans"}).json()["title"] == "Heat plant in Umeå"
    )


def test_focus_areas_with_their_sub_areas(client, catalogue):
    data = client.get(f"{API}/focus-areas").json()
    assert [(area["slug"], [sub["slug"] for sub in area["sub_areas"]]) for area in data] == [
        ("energy", ["district-heating"]),
        ("mobility", ["buses"]),
    ]


def test_sub_areas_give_the_value_that_filters_by_them_in_every_language(client, catalogue):
    from catalogue.models import FocusAreaPage, SubAreaPage

    mobility = FocusAreaPage.objects.get(slug="mobility")
    create_sub_area(mobility, title="Heat for depots", slug="district-heating")  # a slug energy uses too
    translate_page(SubAreaPage.objects.get(slug="buses"), "sv", title="Bussar", slug="bussar")
    values = {
        sub["title"]: sub["filter_value"]
        for lang in ("en", "sv")
        for area in client.get(f"{API}/focus-areas", {"lang": lang}).json()
        for sub in area["sub_areas"]
    }
    assert values["Bussar"] == "buses"
    assert values["Heat for depots"] == "mobility/district-heating"
    assert values["District heating"] == "energy/district-heating"
    for value in values.values():
        assert client.get(f"{API}/best-practices", {"sub_area": value}).status_code == 200


def test_availability_is_the_sites_own(client):
    office = create_bookable_office(slug="north", groups_per_slot=1)
    day = next_open_day(office)
    create_visit(office, day)
    Closure.objects.create(
        office=office,
        start_date=day + datetime.timedelta(days=1),
        end_date=day + datetime.timedelta(days=1),
        public_note="Moving day",
    )
    data = client.get(
        f"{API}/offices/north/availability", {"start": day, "end": day + datetime.timedelta(days=1)}
    ).json()
    assert data[0]["date"] == day.isoformat() and data[0]["status"] in ("partly", "full")
    morning = data[0]["slots"][0]
    assert (morning["groups_left"], morning["fits"]) == (0, False)
    assert data[1] == {
        "date": (day + datetime.timedelta(days=1)).isoformat(),
        "status": "closed",
        "reason": "Moving day",
        "slots": [],
    }
    offices = client.get(f"{API}/offices").json()
    assert [office["slug"] for office in offices] == ["north"] and len(offices[0]["slots"]) == 2


def test_the_calendar_names_no_person(client):
    office = create_bookable_office(slug="north")
    day = next_open_day(office)
    create_visit(
        office, day, contact_name="Li Wei", email="li.wei@example.org", organisation="Secret Bureau", country="CN"
    )
    entries = client.get(f"{API}/calendar", {"start": day, "end": day, "office": "north"}).json()
    visit = next(entry for entry in entries if entry["kind"] == "visit")
    assert visit["label"].startswith("Delegation from China") and visit["office"] == "north"
    body = client.get(f"{API}/calendar", {"start": day, "end": day}).content.decode()
    assert "Li Wei" not in body and "li.wei" not in body and "Secret Bureau" not in body


@pytest.mark.parametrize(
    ("path", "params", "status", "detail"),
    [
        ("/best-practices", {"focus_area": "nope"}, 400, "Some filter values are unknown."),
        ("/best-practices", {"page": "x"}, 400, "Some parameters are not valid."),
        ("/best-practices", {"page": "99"}, 404, "Not found."),
        ("/best-practices", {"lang": "de"}, 400, "Some parameters are not valid."),
        ("/best-practices/99999999", {}, 404, "Not found."),
        ("/best-practices/99999999999999999999999", {}, 400, "Some parameters are not valid."),
        ("/calendar", {"start": "2027-01-10", "end": "2027-01-01"}, 400, "The end comes before the start."),
        ("/calendar", {"start": "2027-01-01", "end": "2027-06-01"}, 400, "Ask for at most 62 days at a time."),
        ("/calendar", {"start": "9999-12-31", "end": "9999-12-31"}, 400, "Some parameters are not valid."),
        ("/offices/north/availability", {"start": "2027-01-01", "end": "2027-01-02", "group_size": "0"}, 400, None),
        ("/calendar", {"start": "2027-01-01"}, 400, "Some parameters are not valid."),
        ("/calendar", {"start": "2027-01-01", "end": "2027-01-02", "office": "nowhere"}, 404, "Not found."),
        ("/offices/nowhere/availability", {"start": "2027-01-01", "end": "2027-01-02"}, 404, "Not found."),
        ("/nothing-here/", {}, 404, None),
    ],
)
def test_bad_input_is_a_clear_4xx(client, catalogue, path, params, status, detail):
    response = client.get(f"{API}{path}", params)
    assert response.status_code == status, response.content
    if detail:
        assert response.json()["detail"] == detail


def test_collections_send_an_etag_and_answer_304_and_any_site_may_read(client, catalogue):
    first = client.get(f"{API}/best-practices", {"q": "biogas"})
    assert first["ETag"] and first["Access-Control-Allow-Origin"] == "*"
    again = client.get(f"{API}/best-practices", {"q": "biogas"}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    create_best_practice(title="Biogas ferry", summary="Biogas at sea.")
    changed = client.get(f"{API}/best-practices", {"q": "biogas"}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
    assert "Access-Control-Allow-Credentials" not in changed


def test_each_client_address_is_limited(client, catalogue, settings):
    settings.API_REQUESTS_PER_MINUTE = 3
    statuses = [client.get(f"{API}/offices").status_code for _n in range(4)]
    assert statuses == [200, 200, 200, 429]
    # Another address (a header from an untrusted client changes nothing) … and a second address does.
    assert client.get(f"{API}/offices", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 429
    assert client.get(f"{API}/offices", REMOTE_ADDR="198.51.100.7").status_code == 200


def test_the_openapi_document_is_valid_and_the_docs_come_from_this_site(client):
    from openapi_spec_validator import validate

    document = client.get(f"{API}/openapi.json").json()
    validate(document)
    assert document["openapi"].startswith("3.1")
    assert {"/api/v1/best-practices", "/api/v1/calendar", "/api/v1/offices/{slug}/availability"} <= set(
        document["paths"]
    )
    docs = client.get(f"{API}/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in docs
    assert "cdn" not in docs.lower() and "https://" not in docs


def test_a_page_of_practices_costs_the_same_queries_whatever_its_length(client):
    """Each summary reads only what the page's query loaded: no field read one practice at a time."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    sub_area = create_sub_area(title="Heat", slug="heat")

    def queries():
        client.get(f"{API}/best-practices")  # keeps the shared parts: only the page's own queries remain
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"{API}/best-practices", {"page": 1})
        assert response.status_code == 200
        return len(captured), len(response.json()["items"])

    create_best_practice(sub_areas=[sub_area], title="Heat plant 0")
    few, shown = queries()
    assert shown == 1
    for n in range(1, 6):
        create_best_practice(sub_areas=[sub_area], title=f"Heat plant {n}")
    many, shown = queries()
    assert shown == 6
    assert many == few
