"""Background work: the acknowledgement of a new request, and reminders three days before
each visit.

Tasks run through Django's tasks framework (the django-tasks backport): immediately in
development and tests, from the database in production (`manage.py db_worker`).
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django_tasks import task
from django_tasks_db import DatabaseBackend

from visits import emails
from visits.models import Visit, VisitRequest

REMINDER_DAYS_AHEAD = 3


def enqueue_with_commit(task_function, *args) -> None:
    """Queue `task_function(*args)` so that it exists exactly when this transaction commits.

    With the database queue (production) it is written inside the transaction: saved with
    the request it is about or not at all, and a failing write rolls the booking back
    instead of answering an error for a saved booking. The immediate backend (`make run`,
    tests) runs tasks at once, so there it waits for the commit.
    """
    if isinstance(task_function.get_backend(), DatabaseBackend):
        task_function.enqueue(*args)
    else:
        transaction.on_commit(lambda: task_function.enqueue(*args))


@task()
def send_request_received(request_id: int) -> bool:
    """The acknowledgement to the requester and the notice to every office asked.

    A task, so that in production (the database backend and `manage.py db_worker`) a
    submission returns as soon as it is saved: rendering the two e-mails was a third of a
    submission's time, and an SMTP server's wait would have added to it.
    """
    visit_request = VisitRequest.objects.select_related("office").filter(pk=request_id).first()
    if visit_request is None:  # deleted before the worker came to it
        return False
    emails.send_request_received(visit_request)
    return True


@task()
def send_visit_reminder(visit_id: int) -> bool:
    with transaction.atomic():
        visit = (
            Visit.objects.select_for_update(of=("self",))
            .select_related("request", "office", "slot")
            .filter(pk=visit_id, status=Visit.Status.SCHEDULED, reminder_sent_at__isnull=True)
            .first()
        )
        if visit is None:  # cancelled meanwhile, or another worker was first
            return False
        visit.reminder_sent_at = timezone.now()
        visit.save(update_fields=["reminder_sent_at"])
    emails.send_reminder(visit)
    return True


def enqueue_due_reminders(today=None) -> int:
    """Queue a reminder for every scheduled visit in three days that has none yet."""
    day = (today or timezone.localdate()) + datetime.timedelta(days=REMINDER_DAYS_AHEAD)
    due = Visit.objects.filter(date=day, status=Visit.Status.SCHEDULED, reminder_sent_at__isnull=True)
    count = 0
    for visit_id in due.values_list("pk", flat=True):
        send_visit_reminder.enqueue(visit_id)
        count += 1
    return count


# --- Waiting lists -------------------------------------------------------------------------


@task()
def offer_freed_seats(places: list) -> int:
    """Offer seats given back at [[office_id, "YYYY-MM-DD", slot_id], …] to the waiting lists."""
    from offices.models import OfficePage, VisitSlot
    from visits import waiting_list

    offered = 0
    for office_id, day, slot_id in places:
        office = OfficePage.objects.filter(pk=office_id).first()
        slot = VisitSlot.objects.filter(pk=slot_id, office_id=office_id).first()
        if office and slot:
            offered += len(waiting_list.offer_seats(office, datetime.date.fromisoformat(day), slot))
    return offered


def _entry(entry_id):
    from visits.models import WaitingListEntry

    return WaitingListEntry.objects.select_related("office", "slot").filter(pk=entry_id).first()


@task()
def send_waiting_list_joined(entry_id: int) -> bool:
    entry = _entry(entry_id)
    if entry is None:
        return False
    emails.send_waiting_list_joined(entry)
    return True


@task()
def send_waiting_list_offer(entry_id: int) -> bool:
    entry = _entry(entry_id)
    if entry is None or entry.status != entry.Status.OFFERED:  # accepted or withdrawn before the mail left
        return False
    emails.send_waiting_list_offer(entry)
    return True


# --- Site hosts ----------------------------------------------------------------------------


def _invitation(invitation_id):
    from visits.models import HostInvitation

    return (
        HostInvitation.objects.select_related("visit__office", "visit__slot", "visit__request", "site")
        .filter(pk=invitation_id)
        .first()
    )


@task()
def send_host_invitation(invitation_id: int, reminder: bool = False) -> bool:
    invitation = _invitation(invitation_id)
    if invitation is None or invitation.answer != invitation.Answer.PENDING:
        return False
    if invitation.visit.status != Visit.Status.SCHEDULED:  # cancelled meanwhile: the host was told
        return False
    emails.send_host_invitation(invitation, reminder=reminder)
    return True


@task()
def send_host_cancellation(invitation_id: int) -> bool:
    invitation = _invitation(invitation_id)
    if invitation is None:
        return False
    emails.send_host_cancellation(invitation)
    return True


@task()
def send_host_answer_to_office(invitation_id: int) -> bool:
    invitation = _invitation(invitation_id)
    if invitation is None:
        return False
    emails.send_host_answer_to_office(invitation)
    return True
