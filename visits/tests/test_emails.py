"""What the visit e-mails say, to whom, and the calendar files they carry."""

from unittest import mock

import icalendar
import pytest
from django.core import mail
from django.utils.formats import date_format

from catalogue.tests.factories import create_best_practice
from offices.models import StaffRole
from visits import emails, services, staff_services
from visits.tests.factories import create_bookable_office, create_visit_request, next_open_day
from visits.tests.personas import create_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def offices():
    north = create_bookable_office(title="North", slug="north", city="Umeå", request_email="north@example.org")
    south = create_bookable_office(title="South", slug="south", city="Malmö", request_email="south@example.org")
    return north, south


@pytest.fixture
def coordinator():
    return create_staff("coordinator", StaffRole.Role.COORDINATOR)


def _day(office, after=None, programme=""):
    return {
        "office": office,
        "date": next_open_day(office, after),
        "slot": office.visit_slots.first(),
        "programme": programme,
    }


def _long(day):
    return date_format(day, "l j F Y")


def _calendar(message):
    (attachment,) = [a for a in message.attachments if a[2].startswith("text/calendar")]
    return icalendar.Calendar.from_ical(attachment[1])


def _mail_to(address):
    return [message for message in mail.outbox if address in message.to]


def test_confirmation_lists_the_titles_of_the_sites_in_both_parts(
    offices, coordinator, django_capture_on_commit_callbacks
):
    north, _south = offices
    biogas = create_best_practice(title="Biogas plant Umeå")
    harbour = create_best_practice(title="Harbour district")
    visit_request = create_visit_request(north, email="asha@example.org")
    day = _day(north) | {"sites": [biogas, harbour]}
    with django_capture_on_commit_callbacks(execute=True):
        staff_services.schedule_request(visit_request, coordinator, [day])
    confirmation = _mail_to("asha@example.org")[-1]
    assert "confirmed" in confirmation.subject
    text, html = confirmation.body, confirmation.alternatives[0][0]
    assert "Biogas plant Umeå, Harbour district" in text
    assert "Biogas plant Umeå" in html and "Harbour district" in html
    assert "QuerySet" not in text and "QuerySet" not in html


def test_cancellation_carries_a_calendar_cancel_for_the_confirmed_events(
    offices, coordinator, django_capture_on_commit_callbacks
):
    north, south = offices
    visit_request = create_visit_request(north, email="asha@example.org")
    first = _day(north)
    second = _day(south, after=first["date"])
    with django_capture_on_commit_callbacks(execute=True):
        staff_services.schedule_request(visit_request, coordinator, [first, second])
    confirmation = _mail_to("asha@example.org")[-1]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        staff_services.cancel_by_staff(visit_request, coordinator, "The minister's trip was called off.")

    (cancellation,) = _mail_to("asha@example.org")
    assert "cancelled" in cancellation.subject
    confirmed, cancelled = _calendar(confirmation), _calendar(cancellation)
    assert str(confirmed["METHOD"]) == "PUBLISH"
    assert str(cancelled["METHOD"]) == "CANCEL"
    before = {str(event["UID"]): event for event in confirmed.walk("VEVENT")}
    after = {str(event["UID"]): event for event in cancelled.walk("VEVENT")}
    assert len(before) == 2
    assert set(after) == set(before)
    for uid, event in after.items():
        assert str(event["STATUS"]) == "CANCELLED"
        assert int(event["SEQUENCE"]) > int(before[uid]["SEQUENCE"])
        assert event["DTSTART"].dt == before[uid]["DTSTART"].dt
        assert str(event["ORGANIZER"]) == str(before[uid]["ORGANIZER"])
    assert "The minister's trip was called off." in cancellation.body


def test_days_changed_tells_the_requester_and_the_office_the_new_days(offices):
    north, _south = offices
    slot = north.visit_slots.first()
    old_day = next_open_day(north)
    visit_request = create_visit_request(north, [(old_day, slot)], email="asha@example.org")
    new_day = next_open_day(north, after=next_open_day(north, after=old_day))
    services.change_requested_days(visit_request, [(new_day, slot)])
    mail.outbox.clear()

    emails.send_days_changed(visit_request)

    to_requester, to_office = mail.outbox
    assert to_requester.to == ["asha@example.org"]
    assert to_requester.reply_to == ["north@example.org"]
    assert to_office.to == ["north@example.org"]
    assert visit_request.reference in to_requester.subject and visit_request.reference in to_office.subject
    new, old = _long(new_day), _long(old_day)
    for message in (to_requester, to_office):
        html = message.alternatives[0][0]
        assert new in message.body and new in html
        assert old not in message.body and old not in html
        assert slot.label in message.body
    status_url = emails.status_url(visit_request)
    assert status_url in to_requester.body and status_url in to_requester.alternatives[0][0]
    assert visit_request.status_token not in to_office.body + to_office.alternatives[0][0]
    assert f"/admin/requests/{visit_request.pk}/" in to_office.body


def test_confirmation_notifies_every_office_that_hosts_a_day_with_its_own_days(
    offices, coordinator, django_capture_on_commit_callbacks
):
    north, south = offices
    visit_request = create_visit_request(north, email="asha@example.org")
    first = _day(north, programme="09:00 Welcome in Umeå")
    second = _day(south, after=first["date"], programme="13:00 Harbour walk")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        staff_services.schedule_request(visit_request, coordinator, [first, second])

    (to_south,) = _mail_to("south@example.org")
    (to_north,) = _mail_to("north@example.org")
    assert to_south.to == ["south@example.org"] and to_north.to == ["north@example.org"]
    assert visit_request.reference in to_south.subject
    south_day, north_day = _long(second["date"]), _long(first["date"])
    for message, own_day, other_day, own_item, other_item in (
        (to_south, south_day, north_day, "Harbour walk", "Welcome in Umeå"),
        (to_north, north_day, south_day, "Welcome in Umeå", "Harbour walk"),
    ):
        html = message.alternatives[0][0]
        assert own_day in message.body and own_day in html
        assert own_item in message.body and own_item in html
        assert other_day not in message.body and other_day not in html
        assert other_item not in message.body and other_item not in html
        assert visit_request.status_token not in message.body + html
    assert mail.outbox[-1].to == ["asha@example.org"]  # the requester's confirmation comes last


def test_with_a_task_worker_a_submission_returns_before_its_e_mails_are_rendered(
    offices, settings, django_capture_on_commit_callbacks
):
    """Production queues the acknowledgement (TASKS_BACKEND=database); the worker sends it."""
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    north, _south = offices
    with django_capture_on_commit_callbacks(execute=True):
        visit_request = create_visit_request(north, language="sv")

    assert mail.outbox == []
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "visits.tasks.send_request_received" and queued.args_kwargs["args"] == [visit_request.pk]

    # The worker's own loop; it would close the test's connection between tasks.
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)

    assert sorted(message.to[0] for message in mail.outbox) == [visit_request.email, "north@example.org"]
    assert visit_request.reference in mail.outbox[0].subject
    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"


def test_the_queued_acknowledgement_is_saved_with_the_request_or_not_at_all(offices, settings):
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    north, _south = offices
    with transaction.atomic():
        create_visit_request(north)
        assert DBTaskResult.objects.count() == 1  # written in the booking's own transaction

    class Refused(Exception):
        pass

    with pytest.raises(Refused), transaction.atomic():
        create_visit_request(north)
        raise Refused
    assert DBTaskResult.objects.count() == 1 and mail.outbox == []
