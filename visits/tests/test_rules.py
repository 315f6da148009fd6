"""The rules issue #9 settled: one ledger, one life cycle, and the defects found in testing."""

import datetime
import json
import re
import threading

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from core.dates import add_months
from visits import services, staff_services
from visits.models import RequestedSlot, SlotHold, Visit, VisitRequest
from visits.services import StaffAction, possible_actions
from visits.tests.factories import create_bookable_office, create_visit, create_visit_request, next_open_day
from visits.tests.personas import create_staff

pytestmark = pytest.mark.django_db
Status = VisitRequest.Status


def create_personas():
    from offices.models import StaffRole

    office = create_bookable_office(title="Smart City Sweden North")
    return {
        "office": office,
        "coordinator": create_staff("anna", StaffRole.Role.COORDINATOR),
        "office_staff": create_staff("bo", StaffRole.Role.OFFICE_STAFF, office),
        "editor": create_staff("cecilia", StaffRole.Role.EDITOR),
    }


def open_day_in_a_later_month(office, day):
    return next_open_day(office, add_months(day, 1) + datetime.timedelta(days=6))


# --- Change the days ---------------------------------------------------------------------


def test_change_days_opens_on_the_month_of_the_held_days_with_them_ticked(client):
    office = create_bookable_office()
    later = open_day_in_a_later_month(office, timezone.localdate())
    morning = office.visit_slots.first()
    visit_request = create_visit_request(office, [(later, morning)])
    html = client.get(f"/visit/{visit_request.status_token}/days/").content.decode()
    assert re.search(rf'<option value="{later:%Y-%m}" selected>', html)
    assert re.search(rf'value="{later:%Y-%m-%d}\|{morning.pk}" checked', html)


def test_change_days_accepts_a_day_outside_the_month_shown(client, django_capture_on_commit_callbacks):
    office = create_bookable_office()
    first = next_open_day(office)
    later = open_day_in_a_later_month(office, first)
    morning = office.visit_slots.first()
    visit_request = create_visit_request(office, [(first, morning)])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/visit/{visit_request.status_token}/days/",
            {"month": f"{first:%Y-%m}", "slots": [f"{later:%Y-%m-%d}|{morning.pk}"], "action": "save"},
        )
    assert response.status_code == 302
    assert list(RequestedSlot.objects.filter(request=visit_request).values_list("date", flat=True)) == [later]
    # The requester and the office both hear of it.
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([visit_request.email, office.request_email])


def test_switching_month_keeps_days_ticked_in_another_month(client):
    office = create_bookable_office()
    first = next_open_day(office)
    later = open_day_in_a_later_month(office, first)
    morning = office.visit_slots.first()
    visit_request = create_visit_request(office, [(first, morning)])
    html = client.post(
        f"/visit/{visit_request.status_token}/days/",
        {"month": f"{later:%Y-%m}", "slots": [f"{first:%Y-%m-%d}|{morning.pk}"], "action": "refresh"},
    ).content.decode()
    assert re.search(rf'value="{first:%Y-%m-%d}\|{morning.pk}" checked', html)


# --- The status page ---------------------------------------------------------------------


def test_the_status_page_shows_practices_languages_and_why_this_office(client):
    from catalogue.tests.factories import create_best_practice

    office = create_bookable_office()
    practice = create_best_practice(title="Hammarby Sjöstad")
    visit_request = create_visit_request(
        office, languages=["en", "zh"], routing_reason="3 of the best practices you starred are in region North."
    )
    visit_request.plan_items.set([practice])
    html = client.get(f"/visit/{visit_request.status_token}/").content.decode()
    assert "Hammarby Sjöstad" in html
    assert "English, Chinese" in html
    assert "3 of the best practices you starred are in region North." in html


def test_the_requester_can_drop_and_add_plan_items(client):
    from catalogue.tests.factories import create_best_practice

    kept, dropped, added = (create_best_practice(title=title) for title in ("Kept", "Dropped", "Added"))
    visit_request = create_visit_request()
    visit_request.plan_items.set([kept, dropped])
    client.post("/plan/star/", {"page": added.pk})  # now in the visitor's own plan
    html = client.get(f"/visit/{visit_request.status_token}/").content.decode()
    assert f'name="items" value="{added.pk}"' in html
    response = client.post(f"/visit/{visit_request.status_token}/plan/", {"items": [kept.pk, added.pk]})
    assert response.status_code == 302
    assert set(visit_request.plan_items.values_list("pk", flat=True)) == {kept.pk, added.pk}
    assert visit_request.status_changes.last().action == "change_plan"


def test_plan_items_from_elsewhere_are_refused(client):
    from catalogue.tests.factories import create_best_practice

    stranger = create_best_practice(title="Not offered")
    visit_request = create_visit_request()
    client.post(f"/visit/{visit_request.status_token}/plan/", {"items": [stranger.pk]})
    assert not visit_request.plan_items.exists()


def test_the_booking_form_helps_browsers_fill_in_contact_fields(client):
    create_bookable_office()
    html = client.get("/book/").content.decode()
    for name, token in [
        ("organisation", "organization"),
        ("contact_name", "name"),
        ("email", "email"),
        ("phone", "tel"),
        ("country", "country"),
    ]:
        assert re.search(rf'name="{name}"[^>]*autocomplete="{token}"|autocomplete="{token}"[^>]*name="{name}"', html)


# --- The life cycle ------------------------------------------------------------------------


def test_a_visit_cannot_be_completed_before_its_day():
    visit = create_visit()
    with pytest.raises(services.TransitionRefused, match="can be completed from that day"):
        services.complete_request(visit.request, today=visit.date - datetime.timedelta(days=1))
    assert VisitRequest.objects.get(pk=visit.request_id).status == Status.CONFIRMED
    services.complete_request(visit.request, today=visit.date)
    assert Visit.objects.get(pk=visit.pk).status == Visit.Status.COMPLETED


def test_the_second_of_two_staff_acting_at_once_gets_a_clear_message():
    people = create_personas()
    visit_request = create_visit_request()
    seen_by_anna = VisitRequest.objects.get(pk=visit_request.pk)
    seen_by_bo = VisitRequest.objects.get(pk=visit_request.pk)
    staff_services.start_review(seen_by_anna, people["coordinator"])
    with pytest.raises(services.ChangedMeanwhile, match="Someone else changed this request") as refused:
        staff_services.decline_request(seen_by_bo, people["coordinator"], "Too late")
    assert "cannot become" not in str(refused.value)
    assert VisitRequest.objects.get(pk=visit_request.pk).status == Status.IN_REVIEW


def test_linking_a_follow_up_moves_a_completed_request_to_followed_up():
    visit = create_visit()
    visit_request = visit.request
    assert services.mark_followed_up(visit_request) is False  # confirmed: not yet
    services.complete_request(visit_request, today=visit.date)
    assert services.mark_followed_up(visit_request) is True
    assert VisitRequest.objects.get(pk=visit_request.pk).status == Status.FOLLOWED_UP


def test_visit_days_have_their_own_transitions():
    visit = create_visit()
    services.set_visit_status(visit, Visit.Status.CANCELLED)
    assert visit.sequence == 1
    with pytest.raises(services.TransitionRefused, match="A visit that is"):
        services.set_visit_status(visit, Visit.Status.COMPLETED)


def test_possible_actions_follow_status_and_role():
    people = create_personas()
    visit_request = create_visit_request(people["office"])
    coordinator_actions = possible_actions(visit_request, people["coordinator"])
    assert {StaffAction.START_REVIEW, StaffAction.SCHEDULE, StaffAction.DECLINE, StaffAction.HAND_OVER} <= (
        coordinator_actions
    )
    assert StaffAction.CANCEL not in coordinator_actions
    assert possible_actions(visit_request, people["editor"]) == frozenset()
    assert StaffAction.ERASE not in possible_actions(visit_request, people["office_staff"])


# --- Retention and export --------------------------------------------------------------------


def test_retention_counts_from_the_last_visit_day_not_the_last_edit():
    visit = create_visit()
    visit_request = visit.request
    services.complete_request(visit_request, today=visit.date)
    long_ago = timezone.now() - datetime.timedelta(days=5 * 365)
    Visit.objects.filter(pk=visit.pk).update(date=long_ago.date())
    visit_request.status_changes.update(created_at=long_ago)
    VisitRequest.objects.filter(pk=visit_request.pk).update(updated_at=timezone.now())  # touched today
    assert staff_services.anonymise_expired(timezone.now() - datetime.timedelta(days=3 * 365)) == 1
    assert VisitRequest.objects.get(pk=visit_request.pk).erased_at is not None


def test_retention_spares_a_request_whose_visit_is_recent():
    visit = create_visit()
    services.complete_request(visit.request, today=visit.date)
    long_ago = timezone.now() - datetime.timedelta(days=5 * 365)
    visit.request.status_changes.update(created_at=long_ago)
    assert staff_services.anonymise_expired(timezone.now() - datetime.timedelta(days=3 * 365)) == 0


def test_the_export_includes_internal_notes():
    people = create_personas()
    visit_request = create_visit_request(people["office"])
    staff_services.add_note(visit_request, people["coordinator"], "Prefers mornings")
    data = json.loads(staff_services.export_personal_data(visit_request, people["coordinator"]))
    assert [note["text"] for note in data["internal_notes"]] == ["Prefers mornings"]


# --- The ledger under concurrency ---------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_change_days_and_a_new_booking_racing_for_the_last_seat_never_overbook():
    office = create_bookable_office(groups_per_slot=1)
    first = next_open_day(office)
    later = next_open_day(office, first)
    morning = office.visit_slots.first()
    mover = create_visit_request(office, [(first, morning)])
    results = []

    def move():
        try:
            services.change_requested_days(VisitRequest.objects.get(pk=mover.pk), [(later, morning)])
            results.append("moved")
        except Exception as error:
            results.append(type(error).__name__)
        finally:
            connection.close()

    def book():
        try:
            create_visit_request(office, [(later, morning)])
            results.append("booked")
        except Exception as error:
            results.append(type(error).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=move), threading.Thread(target=book)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert SlotHold.objects.filter(date=later, slot=morning, kind="group").count() == 1
    assert sorted(results) in (["SlotJustTaken", "moved"], ["SlotJustTaken", "booked"])


def test_linking_a_follow_up_in_any_way_moves_the_request_on_and_the_funnel_counts_it():
    from insights.periods import Period
    from insights.stats import funnel
    from outcomes.models import FollowUp

    visit = create_visit()
    visit_request = visit.request
    services.complete_request(visit_request, today=visit.date)
    follow_up = FollowUp.objects.create(
        title="Pre-study on district heating",
        kind=FollowUp.Kind.PRE_STUDY,
        office=visit.office,
        country="CN",
        start_date=visit.date,
    )
    follow_up.requests.add(visit_request)
    visit_request.refresh_from_db()
    assert visit_request.status == Status.FOLLOWED_UP
    assert visit_request.status_changes.last().reason == "Pre-study on district heating"
    received = timezone.localdate(visit_request.created_at)
    counts = dict(funnel(Period(received, received)))
    assert counts["followed_up"] == 1
    assert counts["outcomes"] == 1


# --- A day at another office --------------------------------------------------------------------


def test_the_office_hosting_a_day_of_another_offices_request_sees_it_but_does_not_handle_it(
    client, django_capture_on_commit_callbacks
):
    from offices.models import StaffRole

    north = create_bookable_office(title="Smart City Sweden North")
    south = create_bookable_office(title="Smart City Sweden South")
    north_staff = create_staff("nils", StaffRole.Role.OFFICE_STAFF, north)
    south_staff = create_staff("sara", StaffRole.Role.OFFICE_STAFF, south)
    visit_request = create_visit_request(north)
    south_day = next_open_day(south)
    hidden = create_visit_request(north)  # no day at South
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        staff_services.schedule_request(
            visit_request, north_staff, [{"office": south, "date": south_day, "slot": south.visit_slots.first()}]
        )
    assert south.request_email in [address for message in mail.outbox for address in message.to]

    client.force_login(south_staff)
    assert client.get(f"/admin/requests/{visit_request.pk}/").status_code == 200
    inbox = client.get("/admin/requests/").content.decode()
    assert visit_request.reference in inbox
    assert hidden.reference not in inbox
    assert client.get(f"/admin/requests/{hidden.pk}/").status_code == 404
    refused = client.post(f"/admin/requests/{visit_request.pk}/cancel/", {"reason": "Not ours"})
    assert refused.status_code == 403
    assert VisitRequest.objects.get(pk=visit_request.pk).status == Status.CONFIRMED


def test_the_staff_schedule_form_asks_the_ledger_before_saving(client):
    from offices.models import Closure, StaffRole

    office = create_bookable_office(title="Smart City Sweden North")
    staff = create_staff("nils", StaffRole.Role.OFFICE_STAFF, office)
    visit_request = create_visit_request(office)
    closed_day = next_open_day(office, next_open_day(office))
    Closure.objects.create(office=office, start_date=closed_day, end_date=closed_day, public_note="Staff away day")
    client.force_login(staff)
    response = client.post(
        f"/admin/requests/{visit_request.pk}/schedule/",
        {
            "day-TOTAL_FORMS": "1",
            "day-INITIAL_FORMS": "0",
            "day-MIN_NUM_FORMS": "1",
            "day-MAX_NUM_FORMS": "10",
            "day-0-date": closed_day.isoformat(),
            "day-0-slot": office.visit_slots.first().pk,
        },
    )
    assert response.status_code == 400
    assert "Staff away day" in response.content.decode()
    assert not Visit.objects.filter(request=visit_request).exists()


def test_a_forged_far_future_day_in_the_booking_form_is_a_clear_400(client):
    office = create_bookable_office(title="Smart City Sweden North", slug="north")
    day = next_open_day(office)
    slot = office.visit_slots.first()
    data = {
        "organisation": "Pune Municipal Corporation",
        "organisation_kind": "municipality",
        "country": "IN",
        "contact_name": "Asha Rao",
        "email": "asha@example.org",
        "phone": "+91 98765 43210",
        "group_size": "12",
        "languages": ["en"],
        "format": "on_site",
        "office": office.slug,
        "month": day.strftime("%Y-%m"),
        "slots": [f"{day:%Y-%m-%d}|{slot.pk}", f"9999-12-31|{slot.pk}"],
        "consent_processing": "on",
        "action": "send",
    }
    response = client.post("/book/", data)
    assert response.status_code == 400
    assert "too far ahead" in response.content.decode()
    assert not VisitRequest.objects.exists()


def test_starring_without_javascript_says_what_happened_on_the_reloaded_page(client):
    from catalogue.tests.factories import create_best_practice

    practice = create_best_practice(title="Biogas buses in Malmö")
    response = client.post("/plan/star/", {"page": practice.pk}, follow=True)
    assert "Added to your visit plan (1 item)" in response.content.decode()
    response = client.post("/plan/star/", {"page": practice.pk}, follow=True)
    assert "Removed from your visit plan (0 items)" in response.content.decode()
