"""The delegation record (participants and needs) and the visa invitation letter."""

import datetime
import io
import json
import shutil
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone, translation
from django.utils.formats import date_format

from core.dates import weekday_date
from visits import delegation, staff_services
from visits.models import DelegationNeeds, Participant, StatusChange, VisitRequest
from visits.tests.factories import create_bookable_office, create_visit, create_visit_request, next_open_day
from visits.tests.personas import create_cast

pytestmark = pytest.mark.django_db
Role = Participant.Role
Status = VisitRequest.Status

ANNA = {"name": "Anna Berg", "organisation": "City of Example", "title": "Mayor", "email": "", "role": "head"}
BO = {"name": "Bo Chen", "organisation": "City of Example", "title": "Planner", "email": "bo@example.org"}


@pytest.fixture
def world():
    north = create_bookable_office(title="North", slug="north", city="Umeå", street_address="Storgatan 7")
    south = create_bookable_office(title="South", slug="south", city="Malmö")
    return {"north": north, "south": south, "people": create_cast(north, south)}


def in_a_month(office, **overrides):
    """A request for a day a month ahead: the requester may still edit its delegation."""
    day = next_open_day(office, timezone.localdate() + datetime.timedelta(days=30))
    return create_visit_request(office, [(day, office.visit_slots.first())], **overrides)


@pytest.fixture
def visit_request(world):
    return in_a_month(world["north"], group_size=3, organisation="City of Example")


def page(visit_request):
    return f"/visit/{visit_request.status_token}/delegation/"


def table(rows, needs=None):
    """The POST of the delegation form: participant rows (role defaults to member) and needs."""
    data = {
        "participants-TOTAL_FORMS": str(len(rows)),
        "participants-INITIAL_FORMS": "0",
        "participants-MIN_NUM_FORMS": "0",
        "participants-MAX_NUM_FORMS": "500",
    }
    for index, row in enumerate(rows):
        for key, value in {"role": "member", **row}.items():
            data[f"participants-{index}-{key}"] = value
    for key, value in (needs or {}).items():
        data[f"needs-{key}"] = value
    return data


def upload(client, visit_request, name, content, url=None):
    return client.post(
        url or page(visit_request) + "upload/", {"upload-file": SimpleUploadedFile(name, content)}, format="multipart"
    )


def xlsx(rows):
    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def names(visit_request):
    return list(visit_request.participants.values_list("name", flat=True))


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


# --- The requester's page -------------------------------------------------------------------


def test_status_page_links_to_the_delegation(client, visit_request):
    response = client.get(f"/visit/{visit_request.status_token}/")
    assert page(visit_request) in response.text


def test_the_requester_names_participants_and_needs(client, visit_request):
    response = client.get(page(visit_request))
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex"
    html = response.text
    # Three blank rows (the group size), each input with its label; the table has a caption.
    for index in range(3):
        assert f'for="id_participants-{index}-name"' in html
    assert "participants-3-name" not in html
    assert "<caption>" in html and '<th scope="col">' in html
    response = client.post(
        page(visit_request),
        table(
            [ANNA, BO, {"name": ""}],
            needs={"interpreting": ["zh", "sv"], "dietary": "One vegetarian", "accessibility": ""},
        ),
    )
    assert response.status_code == 302
    assert names(visit_request) == ["Anna Berg", "Bo Chen"]
    assert visit_request.participants.get(name="Anna Berg").role == Role.HEAD
    needs = DelegationNeeds.objects.get(request=visit_request)
    assert needs.interpreting == ["zh", "sv"] and needs.dietary == "One vegetarian"
    entry = visit_request.status_changes.get(action="delegation")
    assert entry.actor_label == "requester" and "2 of 3 participants named" in entry.reason
    assert "Anna" not in entry.reason  # the audit trail never names the people
    html = client.get(page(visit_request)).text
    assert "2 of 3 participants named." in html
    assert 'value="Anna Berg"' in html


def test_emptying_a_row_or_ticking_remove_takes_a_participant_off(client, visit_request):
    delegation.save_delegation(visit_request, [{**ANNA}, {**BO, "role": "member"}], {})
    data = table([{**ANNA, "DELETE": "on"}, {"name": "", "organisation": "", "title": "", "email": ""}])
    assert client.post(page(visit_request), data).status_code == 302
    assert names(visit_request) == []


def test_row_errors_are_listed_in_the_summary_with_links(client, visit_request):
    response = client.post(page(visit_request), table([{"name": "", "title": "Mayor"}, {**BO, "email": "nope"}]))
    assert response.status_code == 400
    html = response.text
    assert 'id="error-summary"' in html
    assert 'href="#id_participants-0-name"' in html and 'href="#id_participants-1-email"' in html
    assert 'id="id_participants-1-email_error"' in html
    assert names(visit_request) == []


def test_more_participants_than_the_group_is_refused(client, visit_request):
    rows = [{"name": f"Person {n}"} for n in range(4)]
    response = client.post(page(visit_request), table(rows))
    assert response.status_code == 400
    assert "The group is 3 people, but 4 participants are listed." in response.text
    assert names(visit_request) == []


def test_only_one_head_of_delegation(client, visit_request):
    response = client.post(page(visit_request), table([ANNA, {**BO, "role": "head"}]))
    assert response.status_code == 400
    assert "Only one participant can be the head of delegation" in response.text
    with pytest.raises(delegation.DelegationInvalid):
        delegation.save_delegation(visit_request, [ANNA, {**BO, "role": "head"}], {})
    assert names(visit_request) == []


def test_csv_upload_replaces_the_list(client, visit_request):
    delegation.save_delegation(visit_request, [{"name": "Old Name"}], {"dietary": "kept"})
    content = (
        b"Name;Organisation;Job title;E-mail;Role\n"
        b"Anna Berg;City of Example;Mayor;anna@example.org;Head of Delegation\n"
        b"\n"
        b"Bo Chen;City of Example;Planner;;press\n"
        b"Cai Li;;;;interpreter\n"
    )
    response = upload(client, visit_request, "delegation.csv", content)
    assert response.status_code == 302
    assert names(visit_request) == ["Anna Berg", "Bo Chen", "Cai Li"]
    roles = list(visit_request.participants.values_list("role", flat=True))
    assert roles == [Role.HEAD, Role.PRESS, Role.INTERPRETER]
    assert visit_request.participants.get(name="Anna Berg").email == "anna@example.org"
    assert DelegationNeeds.objects.get(request=visit_request).dietary == "kept"  # the needs stay
    assert visit_request.status_changes.filter(action="delegation").count() == 2


def test_xlsx_upload(client, visit_request):
    content = xlsx([["EMAIL", "NAME", "Role", "Remarks"], ["anna@example.org", "Anna Berg", "head"], [None, "Bo"]])
    response = upload(client, visit_request, "list.xlsx", content)
    assert response.status_code == 302
    assert names(visit_request) == ["Anna Berg", "Bo"]
    assert visit_request.participants.get(name="Bo").role == Role.MEMBER


def test_bad_rows_are_reported_by_number_and_nothing_is_saved(client, visit_request):
    delegation.save_delegation(visit_request, [{"name": "Old Name"}], {})
    content = b"name,email,role\nAnna,anna@example.org,head\n,x@example.org,\nBo,not-an-address,boss\n"
    response = upload(client, visit_request, "list.csv", content)
    assert response.status_code == 400
    html = response.text
    assert "Row 3:" in html and "Row 4:" in html and "Row 2:" not in html
    assert "boss" in html and 'href="#id_upload-file"' in html
    assert names(visit_request) == ["Old Name"]


def test_an_upload_with_too_many_participants_is_refused(client, visit_request):
    content = "name\n" + "".join(f"Person {n}\n" for n in range(4))
    response = upload(client, visit_request, "list.csv", content.encode())
    assert response.status_code == 400
    assert "4 participants are listed" in response.text
    assert names(visit_request) == []


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("list.pdf", b"%PDF-1.7 ...", "Upload a CSV file"),
        ("list.xlsx", b"name\nAnna\n", "could not be read"),
        ("list.xlsx", b"PK\x03\x04 broken zip", "could not be read"),
        ("list.csv", b"name\x00\nAnna", "could not be read"),
        ("list.csv", b"x" * (1024 * 1024 + 1), "larger than 1 MB"),
        ("list.csv", b"email\nanna@example.org\n", "one of them must be"),
        ("list.csv", b"", "empty"),
    ],
)
def test_unreadable_or_wrong_files_answer_400(client, visit_request, name, content, message):
    response = upload(client, visit_request, name, content)
    assert response.status_code == 400
    assert message in response.text
    assert names(visit_request) == []


def test_more_than_500_rows_is_refused(client, visit_request):
    content = "name\n" + "".join(f"P{n}\n" for n in range(501))
    response = upload(client, visit_request, "list.csv", content.encode())
    assert response.status_code == 400
    assert "more than 500 participants" in response.text


def test_the_record_closes_days_before_the_first_visit_day(client, visit_request, settings):
    settings.DELEGATION_EDIT_DAYS_BEFORE = 400
    response = client.get(page(visit_request))
    assert response.status_code == 200
    assert "could be changed until" in response.text
    assert "participants-TOTAL_FORMS" not in response.text  # read-only
    assert client.post(page(visit_request), table([ANNA])).status_code == 403
    response = upload(client, visit_request, "list.csv", b"name\nAnna\n")
    assert response.status_code == 403
    assert "could be changed until" in response.text
    assert names(visit_request) == []
    # Staff who handle the request may still change it.
    with pytest.raises(delegation.DelegationClosed):
        delegation.save_delegation(visit_request, [ANNA], {})
    delegation.save_delegation(visit_request, [ANNA], {}, actor=_coordinator())
    assert names(visit_request) == ["Anna Berg"]


def _coordinator():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="coordinator")


def test_the_first_visit_day_is_the_scheduled_one_then_the_requested_one(world, settings):
    visit = create_visit(world["north"])
    visit_request = visit.request
    assert delegation.first_visit_day(visit_request) == visit.date
    settings.DELEGATION_EDIT_DAYS_BEFORE = 3
    last = visit.date - datetime.timedelta(days=3)
    assert delegation.edit_refused(visit_request, today=last) is None
    assert delegation.edit_refused(visit_request, today=last + datetime.timedelta(days=1))
    requested = create_visit_request(world["north"])
    assert delegation.first_visit_day(requested) == requested.requested_slots.get().date


@pytest.mark.parametrize("status", [Status.WITHDRAWN, Status.DECLINED])
def test_a_finished_request_is_read_only(client, visit_request, status):
    VisitRequest.objects.filter(pk=visit_request.pk).update(status=status)
    response = client.get(page(visit_request))
    assert "can no longer be changed" in response.text
    assert client.post(page(visit_request), table([ANNA])).status_code == 403


def test_unknown_tokens_are_404(client, visit_request):
    assert client.get("/visit/not-a-token/delegation/").status_code == 404
    assert client.get(f"/visit/{'a' * 65}/delegation/").status_code == 404
    assert client.get("/visit/abc%00def/delegation/").status_code == 400  # core/input_guard.py
    assert client.post("/visit/abc%00def/delegation/upload/").status_code == 400


def test_methods(client, visit_request):
    assert client.put(page(visit_request)).status_code == 405
    assert client.get(page(visit_request) + "upload/").status_code == 405
    visa_url = f"/admin/requests/{visit_request.pk}/visa-letter/"
    assert client_for(_coordinator()).get(visa_url).status_code == 405


def test_the_page_runs_a_fixed_number_of_queries(client, visit_request, django_assert_max_num_queries):
    client.get(page(visit_request))
    with django_assert_max_num_queries(9):
        assert client.get(page(visit_request)).status_code == 200
    delegation.save_delegation(visit_request, [ANNA, BO, {"name": "Cai"}], {"dietary": "none"})
    with django_assert_max_num_queries(9):
        assert client.get(page(visit_request)).status_code == 200


# --- Staff ----------------------------------------------------------------------------------


def test_staff_see_the_delegation_and_managers_only_the_count(world, visit_request):
    delegation.save_delegation(visit_request, [ANNA, BO], {"dietary": "Halal for two"})
    url = f"/admin/requests/{visit_request.pk}/"
    for persona in ("coordinator", "north_staff"):
        html = client_for(world["people"][persona]).get(url).text
        assert "Anna Berg" in html and "Head of delegation" in html and "Halal for two" in html
        assert f"/admin/requests/{visit_request.pk}/delegation/" in html
    html = client_for(world["people"]["manager"]).get(url).text
    assert "2 of 3 participants named." in html
    assert "Anna Berg" not in html and "Halal" not in html
    assert client_for(world["people"]["manager"]).get(url + "delegation/").status_code == 403
    assert client_for(world["people"]["south_staff"]).get(url + "delegation/").status_code == 404


def test_staff_edit_the_delegation_with_the_same_form(world, visit_request, settings):
    settings.DELEGATION_EDIT_DAYS_BEFORE = 400  # closed for the requester, not for staff
    client = client_for(world["people"]["north_staff"])
    url = f"/admin/requests/{visit_request.pk}/delegation/"
    assert client.get(url).status_code == 200
    response = client.post(url, table([ANNA], needs={"accessibility": "Step-free"}))
    assert response.status_code == 302
    assert names(visit_request) == ["Anna Berg"]
    entry = visit_request.status_changes.get(action="delegation")
    assert entry.actor == world["people"]["north_staff"]
    response = upload(client, visit_request, "list.csv", b"name,role\nBo,member\n", url=url + "upload/")
    assert response.status_code == 302
    assert names(visit_request) == ["Bo"]
    assert client.post(url, table([{"name": f"P{n}"} for n in range(4)])).status_code == 400


# --- Privacy --------------------------------------------------------------------------------


def test_export_contains_the_delegation(world, visit_request):
    delegation.save_delegation(visit_request, [ANNA, BO], {"interpreting": ["zh"], "accessibility": "Wheelchair"})
    data = json.loads(staff_services.export_personal_data(visit_request, world["people"]["coordinator"]))
    assert [p["name"] for p in data["participants"]] == ["Anna Berg", "Bo Chen"]
    assert data["participants"][0]["role"] == "head" and data["participants"][1]["email"] == "bo@example.org"
    assert data["needs"] == {"interpreting": ["zh"], "dietary": "", "accessibility": "Wheelchair"}


def test_erasure_removes_the_delegation(client, world, visit_request):
    delegation.save_delegation(visit_request, [ANNA, BO], {"dietary": "Vegan"})
    old_page = page(visit_request)
    staff_services.erase_personal_data(visit_request, world["people"]["coordinator"])
    assert not Participant.objects.filter(request=visit_request).exists()
    assert not DelegationNeeds.objects.filter(request=visit_request).exists()
    assert client.get(old_page).status_code == 404  # the private link changed
    assert delegation.edit_refused(visit_request, by_staff=True)
    with pytest.raises(delegation.DelegationClosed):
        delegation.save_delegation(visit_request, [ANNA], {}, actor=world["people"]["coordinator"])


def test_the_retention_job_erases_the_delegation(world, visit_request):
    delegation.save_delegation(visit_request, [ANNA], {"dietary": "Vegan"})
    VisitRequest.objects.filter(pk=visit_request.pk).update(status=Status.WITHDRAWN)
    StatusChange.objects.filter(request=visit_request).update(
        created_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    )
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=400)
    assert staff_services.anonymise_expired(later) == 1
    assert not Participant.objects.filter(request=visit_request).exists()
    assert not DelegationNeeds.objects.filter(request=visit_request).exists()


# --- The visa invitation letter -------------------------------------------------------------


def pdf_text(pdf: bytes) -> str:
    assert pdf.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        return subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    pypdf = pytest.importorskip("pypdf", reason="needs pdftotext (poppler-utils) or pypdf")
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def letter_url(visit_request):
    return f"/admin/requests/{visit_request.pk}/visa-letter/"


def test_no_letter_before_the_visit_is_confirmed(world, visit_request):
    client = client_for(world["people"]["coordinator"])
    html = client.get(f"/admin/requests/{visit_request.pk}/").text
    assert "once the visit is confirmed" in html
    response = client.post(letter_url(visit_request), {"addressee": "group"})
    assert response.status_code == 409
    assert "once the visit is confirmed" in response.text
    assert not visit_request.status_changes.filter(action="visa_letter").exists()
    # Those who do not handle the request get no letter at all.
    manager = client_for(world["people"]["manager"])
    assert manager.post(letter_url(visit_request), {"addressee": "group"}).status_code == 403


@pytest.fixture
def confirmed(world):
    visit = create_visit(world["north"], group_size=4, organisation="City of Example", country="CN")
    visit.programme = "09:00 Welcome at the city hall\n11:00 Site visit"
    visit.save()
    delegation.save_delegation(visit.request, [ANNA, BO], {}, actor=world["people"]["coordinator"])
    return visit


def test_the_letter_for_one_participant(world, confirmed):
    visit_request = confirmed.request
    user = world["people"]["north_staff"]
    user.first_name, user.last_name = "Karin", "Lind"
    user.save()
    client = client_for(user)
    html = client.get(f"/admin/requests/{visit_request.pk}/").text
    assert 'name="addressee"' in html and "The whole group" in html
    bo = visit_request.participants.get(name="Bo Chen")
    response = client.post(letter_url(visit_request), {"addressee": str(bo.pk)})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="invitation-{visit_request.reference}.pdf"'
    text = pdf_text(response.content)
    for expected in (
        visit_request.reference,
        "Bo Chen",
        "Planner",
        "Smart City Sweden",
        "Storgatan 7",
        "Umeå",
        "Welcome at the city hall",
        "Karin Lind",
        weekday_date(confirmed.date),
        "China",
    ):
        assert expected in text, expected
    entry = visit_request.status_changes.get(action="visa_letter")
    assert entry.actor == user and "Bo" not in entry.reason


def test_the_letter_for_the_group_lists_its_members(world, confirmed):
    client = client_for(world["people"]["coordinator"])
    response = client.post(letter_url(confirmed.request), {"addressee": "group"})
    text = pdf_text(response.content)
    assert "City of Example" in text and "Anna Berg" in text and "Bo Chen" in text


def test_a_bad_choice_of_addressee_is_400(world, confirmed):
    client = client_for(world["people"]["coordinator"])
    other = in_a_month(world["north"])
    delegation.save_delegation(other, [{"name": "Someone Else"}], {})
    stranger = other.participants.get()
    response = client.post(letter_url(confirmed.request), {"addressee": str(stranger.pk)})
    assert response.status_code == 400
    assert not confirmed.request.status_changes.filter(action="visa_letter").exists()


def test_the_letter_is_in_the_requester_language(world):
    visit = create_visit(world["north"], language="sv", country="CN")
    client = client_for(world["people"]["coordinator"])
    response = client.post(letter_url(visit.request), {"addressee": "group"})
    text = pdf_text(response.content)
    with translation.override("sv"):
        day, today = weekday_date(visit.date), date_format(timezone.localdate())
    assert visit.request.reference in text
    assert day in text and today in text  # e.g. "fredag 27 november 2026"
    assert "Kina" in text  # the country in Swedish
    assert "Besöksdagar" in text  # "Visit days", already in the Swedish catalogue


def test_the_staff_request_page_does_not_grow_with_the_delegation(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    visit_request = in_a_month(world["north"], group_size=30)
    client = client_for(world["people"]["coordinator"])
    url = f"/admin/requests/{visit_request.pk}/"
    counts = []
    for size in (1, 30):
        delegation.save_delegation(visit_request, [{"name": f"P{n}"} for n in range(size)], {"dietary": "x"})
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
