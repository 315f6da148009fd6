"""The staff API: personal tokens (Wagtail's APIToken), the same permission grid and services
as the staff pages, and an audit entry for every call."""

import csv
import io
import re

import pytest
from wagtail.models import APIToken

from api.models import ApiCall
from offices.models import StaffRole
from visits.models import StatusChange, VisitRequest
from visits.tests.factories import create_bookable_office, create_visit_request, next_open_day
from visits.tests.personas import create_staff

pytestmark = pytest.mark.django_db
API = "/api/v1/staff"
Role = StaffRole.Role


@pytest.fixture
def world():
    north = create_bookable_office(slug="north")
    south = create_bookable_office(slug="south")
    people = {
        "coordinator": create_staff("coordinator", Role.COORDINATOR),
        "north_staff": create_staff("north_staff", Role.OFFICE_STAFF, north),
        "south_staff": create_staff("south_staff", Role.OFFICE_STAFF, south),
        "editor": create_staff("editor", Role.EDITOR),
        "manager": create_staff("manager", Role.MANAGER),
    }
    request = create_visit_request(
        north, organisation="City of Pune", contact_name="Asha Rao", email="asha@example.org"
    )
    return {"north": north, "south": south, "people": people, "request": request}


def bearer(user):
    _token, plaintext = APIToken.create_token(user=user, name="CRM")
    return {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}


@pytest.mark.parametrize(
    ("persona", "listing", "detail", "act"),
    [
        ("coordinator", 200, 200, 200),
        ("north_staff", 200, 200, 200),
        ("south_staff", 200, 404, 404),  # another office's request is never confirmed to exist
        ("manager", 200, 200, 403),
        ("editor", 403, 403, 403),
    ],
)
def test_the_permission_grid_is_the_staff_pages_one(client, world, persona, listing, detail, act):
    auth = bearer(world["people"][persona])
    pk = world["request"].pk
    assert client.get(f"{API}/requests", **auth).status_code == listing
    assert client.get(f"{API}/requests/{pk}", **auth).status_code == detail
    response = client.post(
        f"{API}/requests/{pk}/actions", {"action": "start_review"}, content_type="application/json", **auth
    )
    assert response.status_code == act, response.content
    if act == 200:
        assert response.json()["status"] == VisitRequest.Status.IN_REVIEW


def test_without_a_valid_token_nothing_is_told(client, world):
    assert client.get(f"{API}/requests").status_code == 401
    assert client.get(f"{API}/requests", HTTP_AUTHORIZATION="Bearer wagtail_notatoken").status_code == 401
    token, plaintext = APIToken.create_token(user=world["people"]["coordinator"], name="Old")
    token.revoke()
    assert client.get(f"{API}/requests", HTTP_AUTHORIZATION=f"Bearer {plaintext}").status_code == 401
    # A signed-in browser session is no token: the staff API needs one.
    client.force_login(world["people"]["coordinator"])
    assert client.get(f"{API}/requests").status_code == 401


def test_managers_see_no_contact_data(client, world):
    staff = client.get(f"{API}/requests", **bearer(world["people"]["north_staff"])).json()["items"][0]
    assert staff["contact"] == {"name": "Asha Rao", "email": "asha@example.org", "phone": "+8613800138000"}
    manager = client.get(f"{API}/requests", **bearer(world["people"]["manager"])).json()["items"][0]
    assert manager["contact"] is None and manager["organisation"] == "City of Pune"


def test_the_life_cycle_goes_through_the_same_services_and_history(client, world):
    auth = bearer(world["people"]["north_staff"])
    visit_request = world["request"]
    day = visit_request.requested_slots.get()
    url = f"{API}/requests/{visit_request.pk}/actions"
    confirm = {
        "action": "confirm",
        "days": [{"office": "north", "date": day.date.isoformat(), "slot": day.slot_id}],
    }
    response = client.post(url, confirm, content_type="application/json", **auth)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "confirmed" and response.json()["visits"][0]["date"] == day.date.isoformat()
    history = list(StatusChange.objects.filter(request=visit_request).values_list("to_status", "actor__username"))
    assert ("confirmed", "north_staff") in history

    again = client.post(url, {"action": "start_review"}, content_type="application/json", **auth)
    assert again.status_code == 409 and "cannot become" in again.json()["detail"]
    missing = client.post(url, {"action": "decline"}, content_type="application/json", **auth)
    assert missing.status_code == 400
    wrong = client.post(url, {"action": "fly"}, content_type="application/json", **auth)
    assert wrong.status_code == 400
    cancel = client.post(
        url, {"action": "cancel", "reason": "Flights cancelled"}, content_type="application/json", **auth
    )
    assert cancel.status_code == 200 and cancel.json()["status"] == "cancelled"


def test_confirming_a_full_or_unknown_day_is_refused_and_changes_nothing(client, world):
    auth = bearer(world["people"]["coordinator"])
    visit_request = world["request"]
    url = f"{API}/requests/{visit_request.pk}/actions"
    unknown = {"action": "confirm", "days": [{"office": "north", "date": "2027-01-05", "slot": 999999}]}
    assert client.post(url, unknown, content_type="application/json", **auth).status_code == 400
    north = world["north"]
    day = next_open_day(north, next_open_day(north))  # a day the request does not hold already
    slot = north.visit_slots.first()
    for n in range(north.groups_per_slot):
        create_visit_request(north, [(day, slot)], organisation=f"Other {n}")
    full = {"action": "confirm", "days": [{"office": "north", "date": day.isoformat(), "slot": slot.pk}]}
    response = client.post(url, full, content_type="application/json", **auth)
    assert response.status_code == 409
    visit_request.refresh_from_db()
    assert visit_request.status == VisitRequest.Status.SUBMITTED


def test_export_is_csv_of_what_the_token_may_see(client, world):
    create_visit_request(world["south"], organisation="Southern delegation")
    rows = list(
        csv.reader(
            io.StringIO(client.get(f"{API}/requests/export", **bearer(world["people"]["north_staff"])).content.decode())
        )
    )
    assert rows[0][:3] == ["reference", "status", "organisation"]
    assert [row[2] for row in rows[1:]] == ["City of Pune"]
    manager_rows = list(
        csv.reader(
            io.StringIO(client.get(f"{API}/requests/export", **bearer(world["people"]["manager"])).content.decode())
        )
    )
    assert all(row[-2] == "" for row in manager_rows[1:]) and len(manager_rows) == 3


def test_every_call_is_written_to_the_audit_log(client, world):
    user = world["people"]["north_staff"]
    auth = bearer(user)
    client.get(f"{API}/requests", **auth)
    client.get(f"{API}/requests/{world['request'].pk}", **auth)
    client.get(f"{API}/requests")  # no token
    calls = list(ApiCall.objects.order_by("pk").values_list("method", "path", "status", "user__username"))
    assert calls == [
        ("GET", f"{API}/requests", 200, "north_staff"),
        ("GET", f"{API}/requests/{world['request'].pk}", 200, "north_staff"),
        ("GET", f"{API}/requests", 401, None),
    ]
    assert ApiCall.objects.filter(token__isnull=False).count() == 2


def test_staff_make_and_revoke_their_own_tokens_in_the_admin(client, world):
    user = world["people"]["north_staff"]
    client.force_login(user)
    listing = client.get("/admin/api-tokens/")
    assert listing.status_code == 200
    created = client.post("/admin/api-tokens/new/", {"name": "CRM import", "user": user.pk})
    assert created.status_code in (200, 302)
    token = APIToken.objects.get(user=user)
    assert token.name == "CRM import" and token.key_hash and len(token.key_hash) == 64
    # The key is shown once, on that page; it works on the staff API until revoked.
    (plaintext,) = re.findall(r"wagtail_[0-9A-Za-z]+", created.content.decode())
    auth = {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}
    assert client.get(f"{API}/requests", **auth).status_code == 200
    others = APIToken.create_token(user=world["people"]["south_staff"], name="Not mine")[0]
    assert "Not mine" not in client.get("/admin/api-tokens/").content.decode()
    assert client.post(f"/admin/api-tokens/delete/{others.pk}/").status_code in (302, 403, 404)
    others.refresh_from_db()
    assert others.revoked_at is None
    client.post(f"/admin/api-tokens/delete/{token.pk}/")
    token.refresh_from_db()
    assert token.revoked_at is not None
    client.logout()
    assert client.get(f"{API}/requests", **auth).status_code == 401

    client.force_login(world["people"]["editor"])
    assert client.get("/admin/api-tokens/").status_code == 302  # no requests, no tokens


@pytest.mark.parametrize("persona", ["coordinator", "north_staff", "south_staff", "manager", "editor"])
def test_a_request_with_a_day_at_another_office_is_refused_as_on_the_staff_pages(client, world, persona):
    """North's request with a day at South: South's staff see it (the day is theirs) but may
    not act on it; North's office handles it. The API answers exactly as the pages do."""
    north, south = world["north"], world["south"]
    shared = create_visit_request(
        north,
        choices=[(next_open_day(north), north.visit_slots.first()), (next_open_day(south), south.visit_slots.first())],
        offices=[south],
    )
    user = world["people"][persona]
    auth = bearer(user)
    api_read = client.get(f"{API}/requests/{shared.pk}", **auth).status_code
    api_act = client.post(
        f"{API}/requests/{shared.pk}/actions", {"action": "start_review"}, content_type="application/json", **auth
    ).status_code
    shared.refresh_from_db()
    assert shared.status == (VisitRequest.Status.IN_REVIEW if api_act == 200 else VisitRequest.Status.SUBMITTED)
    VisitRequest.objects.filter(pk=shared.pk).update(status=VisitRequest.Status.SUBMITTED)

    client.force_login(user)
    page_read = client.get(f"/admin/requests/{shared.pk}/").status_code
    page_act = client.post(f"/admin/requests/{shared.pk}/review/").status_code
    expected = {
        "coordinator": (200, 200),
        "north_staff": (200, 200),
        "south_staff": (200, 403),
        "manager": (200, 403),
        "editor": (403, 403),
    }
    assert (api_read, api_act) == expected[persona]
    # The page answers an allowed action with a redirect back to the request.
    assert (page_read, 200 if page_act == 302 else page_act) == expected[persona]
