"""Every staff endpoint that changes something, refused every way it can be (in the style of
healthchecks' view tests): wrong method → 405, another office's staff → 404, a role without the
right → 403, no login → the login page, a bad form → 400 with the message on the page, the wrong
state of the request → 409. In every refused case nothing changed.

Export is a GET (a download; it writes an audit entry), so its wrong method is POST. Export and
erasure need the coordinator's right: office staff are refused with 403 whichever office the
request is at (the answer does not depend on the request, so it says nothing about it).
"""

import datetime
from dataclasses import dataclass, field

import pytest
from django.core import mail
from django.db.models import F
from django.test import Client

from visits import staff_services
from visits.models import RequestNote, SlotHold, StatusChange, Visit, VisitRequest
from visits.tests.factories import create_bookable_office, create_visit_request
from visits.tests.personas import create_cast

pytestmark = pytest.mark.django_db
Status = VisitRequest.Status


@dataclass
class Endpoint:
    name: str
    path: str
    state: str  # the request's status for which the endpoint is meant
    method: str = "post"
    wrong_method: str = "get"
    valid: dict = field(default_factory=dict)  # filled in with the world (see `valid_data`)
    bad: dict | None = None  # a bad form and the message it shows
    message: str = ""
    wrong_state: str | None = None  # a status in which the service refuses (409)
    other_office: int = 404
    coordinator_only: bool = False


ENDPOINTS = [
    Endpoint("start_review", "review/", Status.SUBMITTED, wrong_state=Status.CONFIRMED),
    Endpoint(
        "ask",
        "ask/",
        Status.SUBMITTED,
        bad={"question": " "},
        message="This field is required.",
        wrong_state=Status.CONFIRMED,
    ),
    Endpoint(
        "decline",
        "decline/",
        Status.IN_REVIEW,
        bad={"reason": ""},
        message="This field is required.",
        wrong_state=Status.CONFIRMED,
    ),
    Endpoint(
        "hand_over",
        "reassign/",
        Status.SUBMITTED,
        bad={"office": ""},
        message="This field is required.",
        wrong_state=Status.CONFIRMED,
    ),
    Endpoint(
        "schedule",
        "schedule/",
        Status.IN_REVIEW,
        wrong_method="put",
        bad={"day-TOTAL_FORMS": "1", "day-INITIAL_FORMS": "0", "day-0-date": "someday"},
        message="Enter a valid date.",
        wrong_state=Status.CONFIRMED,
    ),
    Endpoint(
        "cancel",
        "cancel/",
        Status.CONFIRMED,
        bad={"reason": ""},
        message="This field is required.",
        wrong_state=Status.IN_REVIEW,
    ),
    Endpoint(
        "complete",
        "complete/",
        Status.CONFIRMED,
        bad={"participants": "-1"},
        message="Ensure this value is greater than or equal to 0.",
        wrong_state=Status.IN_REVIEW,
    ),
    Endpoint("note", "notes/", Status.IN_REVIEW, bad={"text": ""}, message="This field is required."),
    Endpoint(
        "erase",
        "erase/",
        Status.IN_REVIEW,
        bad={"confirm": "SCS-0000-0000"},
        message="Type the reference to confirm the erasure.",
        other_office=403,
        coordinator_only=True,
    ),
    Endpoint("export", "export.json", Status.IN_REVIEW, method="get", wrong_method="post", other_office=403),
]
BY_NAME = {endpoint.name: endpoint for endpoint in ENDPOINTS}


@pytest.fixture
def world():
    north = create_bookable_office(title="North", slug="north", groups_per_slot=1)
    south = create_bookable_office(title="South", slug="south", groups_per_slot=1)
    return {"north": north, "south": south, "people": create_cast(north, south)}


def request_in(world, status):
    """A request at North in `status`, through the services."""
    visit_request = create_visit_request(world["north"], email="asha@example.org")
    if status != Status.SUBMITTED:
        staff_services.start_review(visit_request, None)
    if status == Status.CONFIRMED:
        requested = visit_request.requested_slots.get()
        staff_services.schedule_request(
            visit_request, None, [{"office": world["north"], "date": requested.date, "slot": requested.slot}]
        )
        # The visit day has passed, so that the request can be completed.
        Visit.objects.filter(request=visit_request).update(date=F("date") - datetime.timedelta(days=365))
    mail.outbox.clear()
    return visit_request


def valid_data(endpoint, world, visit_request):
    """What a person allowed to act would send; the refusals below must not depend on the data."""
    if endpoint.name == "ask":
        return {"question": "Which days suit you?"}
    if endpoint.name in ("decline", "cancel"):
        return {"reason": "We are closed that week."}
    if endpoint.name == "hand_over":
        return {"office": world["south"].pk, "reason": "Their topic"}
    if endpoint.name == "note":
        return {"text": "Called them."}
    if endpoint.name == "erase":
        return {"confirm": visit_request.reference}
    if endpoint.name == "complete":
        return {f"participants_{visit.pk}": "9" for visit in visit_request.visits.all()}
    if endpoint.name == "schedule":
        requested = visit_request.requested_slots.first()
        return {
            "day-TOTAL_FORMS": "1",
            "day-INITIAL_FORMS": "1",  # the proposed day, as the form shows it
            "day-0-date": requested.date.isoformat(),
            "day-0-slot": requested.slot_id,
        }
    return {}


def bad_data(endpoint, visit_request):
    if endpoint.name == "complete":
        return {f"participants_{visit.pk}": "-1" for visit in visit_request.visits.all()}
    return endpoint.bad


def snapshot(visit_request):
    """Everything an action could change."""
    fresh = VisitRequest.objects.get(pk=visit_request.pk)
    return {
        "status": fresh.status,
        "office": fresh.office_id,
        "email": fresh.email,
        "status_changes": StatusChange.objects.filter(request=fresh).count(),
        "holds": list(SlotHold.objects.filter(request=fresh).values_list("pk", "visit_id", "office_id")),
        "notes": RequestNote.objects.filter(request=fresh).count(),
        "visits": list(Visit.objects.filter(request=fresh).values_list("pk", "status", "participants")),
        "mails": len(mail.outbox),
    }


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def call(client, endpoint, visit_request, data, method=None):
    url = f"/admin/requests/{visit_request.pk}/{endpoint.path}"
    method = method or endpoint.method
    if method == "put":
        return client.put(url, data)
    return getattr(client, method)(url, data)


REFUSALS = {
    # refusal → (who asks, expected status)
    "wrong_method": ("coordinator", 405),
    "other_office": ("south_staff", None),  # Endpoint.other_office
    "editor": ("editor", 403),
    "manager": ("manager", 403),
    "anonymous": (None, 302),
}
GRID = [
    pytest.param(endpoint.name, refusal, id=f"{endpoint.name}-{refusal}")
    for endpoint in ENDPOINTS
    for refusal in REFUSALS
]


@pytest.mark.parametrize(("name", "refusal"), GRID)
def test_refused_and_nothing_changed(world, name, refusal, django_capture_on_commit_callbacks):
    endpoint = BY_NAME[name]
    visit_request = request_in(world, endpoint.state)
    persona, expected = REFUSALS[refusal]
    expected = expected or endpoint.other_office
    client = client_for(world["people"].get(persona))
    before = snapshot(visit_request)
    data = valid_data(endpoint, world, visit_request)
    method = endpoint.wrong_method if refusal == "wrong_method" else None
    with django_capture_on_commit_callbacks(execute=True):
        response = call(client, endpoint, visit_request, data, method)
    assert response.status_code == expected
    if refusal == "anonymous":
        assert response["Location"].startswith("/admin/login/?next=/admin/requests/")
    assert snapshot(visit_request) == before


@pytest.mark.parametrize("name", [endpoint.name for endpoint in ENDPOINTS if endpoint.bad])
def test_a_bad_form_answers_400_with_the_message_and_changes_nothing(world, name, django_capture_on_commit_callbacks):
    endpoint = BY_NAME[name]
    visit_request = request_in(world, endpoint.state)
    before = snapshot(visit_request)
    with django_capture_on_commit_callbacks(execute=True):
        response = call(
            client_for(world["people"]["coordinator"]), endpoint, visit_request, bad_data(endpoint, visit_request)
        )
    assert response.status_code == 400
    assert endpoint.message in response.content.decode()
    assert snapshot(visit_request) == before


@pytest.mark.parametrize("name", [endpoint.name for endpoint in ENDPOINTS if endpoint.wrong_state])
def test_an_action_the_state_refuses_answers_409_with_the_reason(world, name, django_capture_on_commit_callbacks):
    endpoint = BY_NAME[name]
    visit_request = request_in(world, endpoint.wrong_state)
    before = snapshot(visit_request)
    with django_capture_on_commit_callbacks(execute=True):
        response = call(
            client_for(world["people"]["north_staff"]),
            endpoint,
            visit_request,
            valid_data(endpoint, world, visit_request),
        )
    assert response.status_code == 409
    assert response.context["visit_request"].status == endpoint.wrong_state
    assert '<li class="error">' in response.content.decode()
    assert snapshot(visit_request) == before


@pytest.mark.parametrize("name", [endpoint.name for endpoint in ENDPOINTS])
def test_the_allowed_person_succeeds_with_the_same_data(world, name, django_capture_on_commit_callbacks):
    """The control row of the grid: the refusals above are not caused by the data."""
    endpoint = BY_NAME[name]
    visit_request = request_in(world, endpoint.state)
    person = "coordinator" if endpoint.coordinator_only or name == "export" else "north_staff"
    before = snapshot(visit_request)
    with django_capture_on_commit_callbacks(execute=True):
        response = call(
            client_for(world["people"][person]), endpoint, visit_request, valid_data(endpoint, world, visit_request)
        )
    assert response.status_code == (200 if endpoint.method == "get" else 302)
    assert snapshot(visit_request) != before


def test_staff_cancel_a_confirmed_visit(world, django_capture_on_commit_callbacks):
    visit_request = request_in(world, Status.CONFIRMED)
    Visit.objects.filter(request=visit_request).update(date=F("date") + datetime.timedelta(days=365))
    assert SlotHold.objects.filter(request=visit_request, visit__isnull=False).exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world["people"]["north_staff"]).post(
            f"/admin/requests/{visit_request.pk}/cancel/", {"reason": "The minister fell ill."}
        )
    assert response.status_code == 302
    assert response["Location"] == f"/admin/requests/{visit_request.pk}/"
    visit_request.refresh_from_db()
    assert visit_request.status == Status.CANCELLED
    assert set(visit_request.visits.values_list("status", flat=True)) == {Visit.Status.CANCELLED}
    assert not SlotHold.objects.filter(request=visit_request).exists()  # the seats are free again
    change = visit_request.status_changes.last()
    assert (change.to_status, change.actor, change.reason) == (
        Status.CANCELLED,
        world["people"]["north_staff"],
        "The minister fell ill.",
    )
    (message,) = mail.outbox
    assert message.to == ["asha@example.org"]
    assert "The minister fell ill." in message.body


def test_every_staff_action_is_in_the_grid():
    from visits.staff_urls import urlpatterns

    # The delegation pages and the visa letter have their own refusal tests (test_delegation.py).
    covered_elsewhere = {"delegation", "delegation_upload", "visa_letter"}
    changing = {pattern.name for pattern in urlpatterns} - {"inbox", "detail"} - covered_elsewhere
    paths = {pattern.name: str(pattern.pattern).removeprefix("<id:pk>/") for pattern in urlpatterns}
    assert {paths[name] for name in changing} == {endpoint.path for endpoint in ENDPOINTS}
