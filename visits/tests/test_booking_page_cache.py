"""The booking form from the shared page cache: one rendering for everyone without a visit plan,
a page of their own for everyone with one."""

import re

import pytest
from django.test import Client

from catalogue.tests.factories import create_best_practice
from visits.models import VisitRequest
from visits.tests.factories import create_bookable_office, create_visit_request, next_open_day
from visits.tests.test_booking import valid_data

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def office():
    return create_bookable_office(title="Smart City Sweden North", slug="north", largest_group=30)


def booking_address(office):
    day = next_open_day(office)
    return f"/book/?office={office.slug}&date={day:%Y-%m-%d}&slot={office.visit_slots.first().pk}"


def test_visitors_without_a_plan_share_the_form_and_each_can_send_it(office):
    address = booking_address(office)
    first = Client(enforce_csrf_checks=True).get(address)
    assert first["X-Page-Cache"] == "miss"
    assert "no-store" not in first.get("Cache-Control", "")

    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(address)

    assert page["X-Page-Cache"] == "hit"
    html = page.content.decode()
    assert "<!--pc:" not in html
    (token,) = TOKEN.findall(html)  # this visitor's own
    sent = visitor.post("/book/", {**valid_data(office), "csrfmiddlewaretoken": token})
    assert sent.status_code == 302, sent.content.decode()[:2000]
    assert VisitRequest.objects.get().organisation == "Shenzhen Urban Planning Bureau"


@pytest.mark.parametrize("prefix", ["", "/sv", "/zh-hans"])
def test_a_visitor_with_a_plan_gets_a_form_of_their_own_never_stored(client, office, prefix):
    practice = create_best_practice(title="Umeå buses")
    address = prefix + booking_address(office)
    Client().get(address)  # stored for visitors without a plan
    # Starred with htmx: no message waits, so only the plan cookie tells this visitor apart.
    client.post("/plan/star/", {"page": practice.pk}, headers={"HX-Request": "true"})
    assert "visit_plan" in client.cookies and "messages" not in client.cookies and "sessionid" not in client.cookies

    for _again in range(2):
        page = client.get(address)
        assert "X-Page-Cache" not in page
        assert "no-store" in page["Cache-Control"] and "private" in page["Cache-Control"]
        assert "Umeå buses" in page.content.decode()  # the plan, listed on the form

    shared = Client().get(address)
    assert shared["X-Page-Cache"] == "hit" and "Umeå buses" not in shared.content.decode()


def test_a_booking_retires_the_stored_form_and_its_free_days(office):
    day = next_open_day(office)
    slot = office.visit_slots.first()
    address = f"/book/?office={office.slug}&date={day:%Y-%m-%d}&group_size=30"
    assert Client().get(address)["X-Page-Cache"] == "miss"
    assert f'value="{day:%Y-%m-%d}|{slot.pk}"' in Client().get(address).content.decode()

    create_visit_request(office=office, group_size=30, choices=[(day, slot)])

    refreshed = Client().get(address)
    assert refreshed["X-Page-Cache"] == "miss"
    assert f'value="{day:%Y-%m-%d}|{slot.pk}"' not in refreshed.content.decode()


def test_a_form_sent_with_errors_is_the_visitors_own(office):
    visitor = Client()
    answer = visitor.post("/book/", valid_data(office, organisation=""))

    assert answer.status_code == 400
    assert "X-Page-Cache" not in answer and "no-store" in answer["Cache-Control"]
