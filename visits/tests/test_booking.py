import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from catalogue.tests.factories import create_best_practice, create_home
from offices.models import Closure
from offices.tests.factories import create_office
from visits import services
from visits.models import ReferenceCounter, SlotHold, StatusChange, VisitRequest, reference_for
from visits.tests.factories import create_bookable_office, create_visit_request, next_open_day

pytestmark = pytest.mark.django_db


def client_class_from(client):
    return type(client)


@pytest.fixture
def office():
    return create_bookable_office(title="Smart City Sweden North", slug="north", largest_group=30)


def valid_data(office, day=None, slot=None, **overrides):
    day = day or next_open_day(office)
    slot = slot or office.visit_slots.first()
    data = {
        "organisation": "Shenzhen Urban Planning Bureau",
        "organisation_kind": "government",
        "country": "CN",
        "contact_name": "Li Wei",
        "email": "li.wei@example.org",
        "phone": "+86 138 0013 8000",
        "group_size": "12",
        "languages": ["en", "zh"],
        "format": "on_site",
        "office": office.slug,
        "month": day.strftime("%Y-%m"),
        "slots": [f"{day:%Y-%m-%d}|{slot.pk}"],
        "message": "We would like to see district heating.",
        "consent_processing": "on",
        "action": "send",
    }
    data.update(overrides)
    return data


def test_the_form_offers_only_bookable_days_with_reasons_for_the_others(client, office):
    day = next_open_day(office)
    Closure.objects.create(office=office, start_date=day, end_date=day, public_note="Staff day")
    html = client.get("/book/", {"office": office.slug, "date": day.isoformat()}).content.decode()
    assert "Staff day" in html
    assert f'value="{day:%Y-%m-%d}|' not in html
    first_shown = max(day.replace(day=1), timezone.localdate() + datetime.timedelta(days=1))
    shown = [first_shown + datetime.timedelta(days=n) for n in range(31)]
    weekdays_shown = {d.strftime("%A") for d in shown if d.month == day.month}
    for weekday in {"Saturday", "Sunday"} & weekdays_shown:
        assert f"does not receive visits on {weekday}" in html


def test_a_valid_request_is_saved_holds_its_slot_and_mails_both_sides(
    client, office, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/book/", valid_data(office))
    assert response.status_code == 302
    visit_request = VisitRequest.objects.get()
    assert re.fullmatch(r"SCS-\d{4}-0001", visit_request.reference)
    assert response["Location"] == f"/book/sent/{visit_request.status_token}/"
    assert visit_request.status == "submitted"
    assert visit_request.languages == ["en", "zh"] and str(visit_request.phone) == "+8613800138000"
    assert SlotHold.objects.filter(request=visit_request, kind="group").count() == 1
    assert SlotHold.objects.filter(request=visit_request, kind="person").count() == 12
    assert StatusChange.objects.get(request=visit_request).to_status == "submitted"

    sent = client.get(response["Location"]).content.decode()
    assert visit_request.reference in sent

    assert [m.to for m in mail.outbox] == [["li.wei@example.org"], [office.request_email]]
    to_requester = mail.outbox[0]
    assert visit_request.reference in to_requester.subject
    assert f"/visit/{visit_request.status_token}/" in to_requester.body
    html, mimetype = to_requester.alternatives[0]
    assert mimetype == "text/html" and f"/visit/{visit_request.status_token}/" in html
    assert visit_request.status_token not in mail.outbox[1].body  # the office gets no private link


def test_references_are_sequential_within_a_year(client, office):
    morning, afternoon = office.visit_slots.all()
    client.post("/book/", valid_data(office, slot=morning))
    client.post("/book/", valid_data(office, slot=afternoon))
    references = sorted(VisitRequest.objects.values_list("reference", flat=True))
    assert [ref[-4:] for ref in references] == ["0001", "0002"]
    assert len({ref[4:8] for ref in references}) == 1


@pytest.mark.parametrize("last_number", [41, 9_999, 123_456])
def test_the_stored_reference_is_the_one_reference_for_formats(office, last_number):
    # On PostgreSQL the database writes the reference (in the counter's statement), on
    # SQLite Python does: both must give what reference_for gives, past four digits too.
    year = timezone.localdate().year
    ReferenceCounter.objects.create(year=year, last_number=last_number)
    visit_request = create_visit_request(office, [(next_open_day(office), office.visit_slots.first())])
    stored = VisitRequest.objects.values_list("year", "number", "reference").get(pk=visit_request.pk)
    assert stored == (year, last_number + 1, reference_for(year, last_number + 1))
    assert visit_request.reference == stored[2]
    assert reference_for(2026, 42) == "SCS-2026-0042" and reference_for(2026, 123_457) == "SCS-2026-123457"


def test_invalid_input_saves_nothing_and_lists_every_error_at_the_top(client, office):
    data = valid_data(office, email="not-an-email", phone="12345", group_size="0", consent_processing="")
    data.pop("slots")
    response = client.post("/book/", data)
    assert response.status_code == 400
    html = response.content.decode()
    summary = html.split('id="error-summary"')[1].split("</div>")[0]
    for anchor in ("#id_email", "#id_phone", "#id_group_size", "#id_consent_processing", "#id_slots"):
        assert anchor in summary, anchor
    assert "Choose at least one day and time." in html
    assert 'value="Shenzhen Urban Planning Bureau"' in html  # what was typed is kept
    assert not VisitRequest.objects.exists() and not SlotHold.objects.exists()
    assert mail.outbox == []


def test_a_group_larger_than_the_office_takes_is_refused_with_the_limit(client, office):
    response = client.post("/book/", valid_data(office, group_size="31"))
    assert "receives groups of at most 30 people" in response.content.decode()
    assert not VisitRequest.objects.exists()


def test_a_day_that_is_closed_cannot_be_requested_by_a_forged_post(client, office):
    day = next_open_day(office)
    Closure.objects.create(office=None, start_date=day, end_date=day, public_note="Closed")
    response = client.post("/book/", valid_data(office, day=day))
    assert response.status_code == 400
    assert ": Closed." in response.content.decode()
    assert not VisitRequest.objects.exists()


def test_a_slot_taken_since_the_page_was_shown_gets_a_clear_answer_and_the_form_is_kept(client, office):
    office.groups_per_slot = 1
    office.save()
    assert client.post("/book/", valid_data(office)).status_code == 302
    response = client.post("/book/", valid_data(office, email="second@example.org"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "this slot was just taken, please choose another." in html
    assert 'value="second@example.org"' in html
    assert VisitRequest.objects.count() == 1


def test_the_honeypot_refuses_bots(client, office):
    response = client.post("/book/", valid_data(office, website="http://spam.example"))
    assert response.status_code == 400
    assert not VisitRequest.objects.exists()


def test_accepted_submissions_are_limited_per_address_but_corrections_cost_nothing(client, office, settings):
    settings.BOOKING_SUBMISSIONS_PER_HOUR = 2
    settings.BOOKING_ATTEMPTS_PER_HOUR = 50
    morning, afternoon = office.visit_slots.all()[:2]
    for _attempt in range(5):  # someone correcting a mistake, again and again
        assert client.post("/book/", valid_data(office, email="invalid")).status_code == 400
    assert client.post("/book/", valid_data(office, slot=morning)).status_code == 302
    assert client.post("/book/", valid_data(office, slot=afternoon)).status_code == 302
    response = client.post("/book/", valid_data(office, day=next_open_day(office, next_open_day(office))))
    assert response.status_code == 429
    assert "Too many requests" in response.content.decode()
    assert VisitRequest.objects.count() == 2
    # Another visitor is counted on their own.
    other = client_class_from(client)(REMOTE_ADDR="192.0.2.7")
    assert other.post("/book/", valid_data(office, email="b@example.org")).status_code in (302, 409)


def test_a_slot_taken_meanwhile_gives_the_submission_back(client, office, settings, monkeypatch):
    settings.BOOKING_SUBMISSIONS_PER_HOUR = 1
    office.groups_per_slot = 1
    office.save()
    real_submit = services.submit_request

    def someone_else_books_first(**kwargs):
        # Between the form's check and the ledger: another request takes the last seat.
        monkeypatch.setattr(services, "submit_request", real_submit)
        create_visit_request(office, kwargs["choices"], email="first@example.org")
        return real_submit(**kwargs)

    monkeypatch.setattr(services, "submit_request", someone_else_books_first)
    assert client.post("/book/", valid_data(office)).status_code == 409
    _morning, afternoon = office.visit_slots.all()[:2]
    # The refused submission used up nothing: the one allowed this hour still goes through.
    assert client.post("/book/", valid_data(office, slot=afternoon, email="y@example.org")).status_code == 302


def test_attempts_have_a_higher_ceiling_of_their_own(client, office, settings):
    settings.BOOKING_ATTEMPTS_PER_HOUR = 3
    for _attempt in range(3):
        assert client.post("/book/", valid_data(office, email="invalid")).status_code == 400
    response = client.post("/book/", valid_data(office))
    assert response.status_code == 429
    assert not VisitRequest.objects.exists()


def test_html_in_fields_is_shown_as_text(client, office, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/book/", valid_data(office, organisation="<script>alert(1)</script>", message="<b>hi</b>"))
    visit_request = VisitRequest.objects.get()
    html = client.get(f"/visit/{visit_request.status_token}/").content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert "<b>hi</b>" not in html
    assert "<script>" not in mail.outbox[0].alternatives[0][0]


def test_suggest_one_picks_the_office_of_the_starred_region_and_says_so(client):
    home = create_home()
    office = create_bookable_office(title="North office", slug="north")
    create_office(home, region=None, title="Head office", slug="head", kind="head")
    starred = create_best_practice(county=office.region.counties.first())
    client.post("/plan/star/", {"page": starred.pk})
    html = client.get("/book/").content.decode()
    assert "We suggest North office." in html
    assert "1 of the best practices you starred are in region" in html
    data = {**valid_data(office), "office": "suggest"}
    assert client.post("/book/", data).status_code == 302
    visit_request = VisitRequest.objects.get()
    assert visit_request.office == office and visit_request.office_was_suggested
    assert list(visit_request.plan_items.values_list("pk", flat=True)) == [starred.pk]


def test_the_booking_form_is_prefilled_from_a_calendar_link(client, office):
    day = next_open_day(office)
    slot = office.visit_slots.last()
    html = client.get("/book/", {"office": office.slug, "date": day.isoformat(), "slot": slot.pk}).content.decode()
    assert re.search(rf'value="{day:%Y-%m-%d}\|{slot.pk}" checked', html)
    assert f'<option value="{office.slug}" selected>' in html


def test_the_day_picker_fragment_follows_office_and_group_size(client, office):
    day = next_open_day(office)
    response = client.get("/book/days/", {"office": office.slug, "month": day.strftime("%Y-%m"), "group_size": "50"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="day-picker"' in html
    assert "<html" not in html
    # 40 person seats are free, but the office takes groups of at most 30: no slot is offered.
    assert "groups of at most 30 people" in html
    assert 'name="slots"' not in html
    fitting = client.get("/book/days/", {"office": office.slug, "month": day.strftime("%Y-%m"), "group_size": "30"})
    assert f'value="{day:%Y-%m-%d}|' in fitting.content.decode()


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_booking_refuses_other_methods(client, office, method):
    assert getattr(client, method)("/book/").status_code == 405


def test_odd_query_strings_on_the_booking_form_never_fail(client, office):
    for params in [
        {"office": "<x>"},
        {"date": "2026-13-45", "slot": "abc"},
        {"group_size": "-5"},
        {"month": "x" * 300},
    ]:
        assert client.get("/book/", params).status_code == 200
        assert client.get("/book/days/", params).status_code == 200


def test_the_same_day_and_slot_sent_twice_is_one_choice_not_a_500(client, office):
    data = valid_data(office)
    data["slots"] = data["slots"] * 2  # a forged or double-clicked form
    assert client.post("/book/", data).status_code == 302
    (visit_request,) = VisitRequest.objects.all()
    assert visit_request.requested_slots.count() == 1
