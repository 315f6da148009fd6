"""Workflows of a visit request. Each public function is one transaction, and this module
is the only place a request's status changes (ALLOWED_TRANSITIONS is the whole table)."""

import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from visits import emails
from visits.capacity import hold_seats, hold_slots, release_holds
from visits.models import ReferenceCounter, RequestedSlot, StatusChange, Visit, VisitRequest, new_token

Status = VisitRequest.Status

ALLOWED_TRANSITIONS = {
    Status.SUBMITTED: {Status.IN_REVIEW, Status.WITHDRAWN, Status.DECLINED},
    Status.IN_REVIEW: {Status.NEEDS_INFO, Status.CONFIRMED, Status.DECLINED, Status.WITHDRAWN},
    Status.NEEDS_INFO: {Status.IN_REVIEW, Status.DECLINED, Status.WITHDRAWN},
    Status.CONFIRMED: {Status.COMPLETED, Status.CANCELLED},
    Status.COMPLETED: {Status.FOLLOWED_UP},
    Status.FOLLOWED_UP: set(),
    Status.DECLINED: set(),
    Status.WITHDRAWN: set(),
    Status.CANCELLED: set(),
}
RELEASING_STATUSES = {Status.DECLINED, Status.WITHDRAWN, Status.CANCELLED}


class TransitionRefused(Exception):
    pass


def transition(visit_request, to_status, *, actor=None, actor_label="", reason="") -> StatusChange:
    """Move the request to `to_status` or raise TransitionRefused; writes the audit entry."""
    from_status = visit_request.status
    if to_status not in ALLOWED_TRANSITIONS.get(from_status, set()):
        raise TransitionRefused(
            _("A request that is “%(from)s” cannot become “%(to)s”.")
            % {"from": Status(from_status).label, "to": Status(to_status).label}
        )
    visit_request.status = to_status
    visit_request.save(update_fields=["status", "updated_at"])
    if to_status in RELEASING_STATUSES:
        release_holds(visit_request)
    return StatusChange.objects.create(
        request=visit_request,
        from_status=from_status,
        to_status=to_status,
        actor=actor,
        actor_label=actor_label if actor is None else "",
        reason=reason,
    )


def _assign_reference(visit_request):
    year = timezone.localdate(visit_request.created_at).year
    ReferenceCounter.objects.get_or_create(year=year)
    # The row lock taken by this UPDATE serialises numbering; it is held only until commit.
    ReferenceCounter.objects.filter(year=year).update(last_number=F("last_number") + 1)
    number = ReferenceCounter.objects.get(year=year).last_number
    visit_request.year, visit_request.number = year, number
    visit_request.reference = f"SCS-{year}-{number:04d}"
    visit_request.save(update_fields=["year", "number", "reference"])


@transaction.atomic
def submit_request(*, fields: dict, choices, interests=(), plan_items=()) -> VisitRequest:
    """Save a new request holding its chosen (day, slot)s, or raise SlotUnavailable.

    Nothing is saved unless everything is: the holds, the request and its reference
    share this transaction. The e-mails leave after commit.
    """
    visit_request = VisitRequest.objects.create(consent_processing_at=timezone.now(), **fields)
    visit_request.interests.set(interests)
    visit_request.plan_items.set(plan_items)
    RequestedSlot.objects.bulk_create(RequestedSlot(request=visit_request, date=d, slot=s) for d, s in choices)
    hold_slots(visit_request, choices)
    StatusChange.objects.create(request=visit_request, to_status=Status.SUBMITTED, actor_label="requester")
    _assign_reference(visit_request)
    transaction.on_commit(lambda: emails.send_request_received(visit_request))
    return visit_request


@transaction.atomic
def withdraw_request(visit_request, reason="") -> None:
    """The requester takes the request back; its seats are free again at once."""
    _lock(visit_request)
    transition(visit_request, Status.WITHDRAWN, actor_label="requester", reason=reason)
    transaction.on_commit(lambda: emails.send_request_withdrawn(visit_request))


@transaction.atomic
def change_requested_days(visit_request, choices) -> None:
    """Replace the requested days; on failure the old days stay held (the transaction rolls back)."""
    _lock(visit_request)
    if not visit_request.can_be_changed_by_requester:
        raise TransitionRefused(
            _("The days of a request that is “%(status)s” can no longer be changed.")
            % {"status": visit_request.get_status_display()}
        )
    release_holds(visit_request)
    visit_request.requested_slots.all().delete()
    RequestedSlot.objects.bulk_create(RequestedSlot(request=visit_request, date=d, slot=s) for d, s in choices)
    hold_slots(visit_request, choices)
    StatusChange.objects.create(
        request=visit_request,
        from_status=visit_request.status,
        to_status=visit_request.status,
        actor_label="requester",
        reason=_("New days requested: %(days)s") % {"days": describe_choices(choices)},
    )


@transaction.atomic
def confirm_request(visit_request, days, *, actor=None, reason="") -> list[Visit]:
    """Schedule the request on `days` [(office, date, slot)], possibly at several offices.

    The requested-day holds are given back and each visit day takes its own seats in the
    ledger; if any day is full or closed, SlotUnavailable is raised and nothing changes.
    """
    _lock(visit_request)
    if not days:
        raise TransitionRefused(_("Choose at least one day to confirm."))
    transition(visit_request, Status.CONFIRMED, actor=actor, actor_label="" if actor else "system", reason=reason)
    release_holds(visit_request)
    visits = []
    for office, day, slot in days:
        visit = Visit.objects.create(
            request=visit_request, office=office, date=day, slot=slot, participants=visit_request.group_size
        )
        hold_seats(visit_request, office, day, slot, visit_request.group_size, visit=visit)
        visits.append(visit)
    return visits


@transaction.atomic
def cancel_request(visit_request, *, actor=None, reason="") -> None:
    """Cancel a confirmed request: its visits stay in feeds as cancelled, its seats are freed."""
    _lock(visit_request)
    transition(visit_request, Status.CANCELLED, actor=actor, actor_label="" if actor else "system", reason=reason)
    visit_request.visits.filter(status=Visit.Status.SCHEDULED).update(
        status=Visit.Status.CANCELLED, sequence=F("sequence") + 1, updated_at=timezone.now()
    )


@transaction.atomic
def renew_status_link(visit_request) -> str:
    """Revoke the private status link and issue a new one (e-mailed to the requester)."""
    visit_request.status_token = new_token()
    visit_request.save(update_fields=["status_token", "updated_at"])
    transaction.on_commit(lambda: emails.send_new_status_link(visit_request))
    return visit_request.status_token


def _lock(visit_request):
    """Re-read the request under a row lock so two tabs cannot act on a stale status."""
    fresh = VisitRequest.objects.select_for_update().get(pk=visit_request.pk)
    visit_request.status = fresh.status


def describe_choices(choices) -> str:
    return ", ".join(f"{day:%Y-%m-%d} {slot.label}" for day, slot in sorted(choices, key=_choice_key))


def _choice_key(choice):
    day, slot = choice
    return (day, slot.start_time if slot.start_time else datetime.time())
