"""The life cycle of a visit request, and the requester's workflows.

This module is the whole state machine: the transition table, the named status sets, the
automatic steps, the actions staff can take now (`possible_actions`) and the one helper that
writes every audit entry. Views, templates, statistics and the staff workflows
(`staff_services`) read these instead of restating them. Each public workflow is one
transaction.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.tokens import new_token
from offices.permissions import Action, can
from visits import emails, tasks, triage
from visits.availability import hold_slots, hold_visit_days, rehold_slots, release_holds
from visits.models import HostInvitation, ReferenceCounter, RequestedSlot, StatusChange, Visit, VisitRequest

Status = VisitRequest.Status

TRANSITIONS = {
    Status.SUBMITTED: {Status.IN_REVIEW, Status.WITHDRAWN, Status.DECLINED},
    Status.IN_REVIEW: {Status.NEEDS_INFO, Status.CONFIRMED, Status.DECLINED, Status.WITHDRAWN},
    Status.NEEDS_INFO: {Status.IN_REVIEW, Status.DECLINED, Status.WITHDRAWN},
    Status.CONFIRMED: {Status.COMPLETED, Status.CANCELLED},
    # Reached when a follow-up (pre-study, project…) is linked to the completed request.
    Status.COMPLETED: {Status.FOLLOWED_UP},
    Status.FOLLOWED_UP: set(),
    Status.DECLINED: set(),
    Status.WITHDRAWN: set(),
    Status.CANCELLED: set(),
}

# Still in the hands of the requester and staff.
OPEN = frozenset({Status.SUBMITTED, Status.IN_REVIEW, Status.NEEDS_INFO, Status.CONFIRMED})
# The requester may still change the days or withdraw.
EDITABLE_BY_REQUESTER = frozenset({Status.SUBMITTED, Status.IN_REVIEW, Status.NEEDS_INFO})
# Entering one of these gives every seat back to the ledger.
RELEASES_SEATS = frozenset({Status.DECLINED, Status.WITHDRAWN, Status.CANCELLED})
# A request can move to another office until it is confirmed.
CAN_BE_HANDED_OVER = EDITABLE_BY_REQUESTER
# Nothing more will happen; the retention period runs from here.
FINISHED = frozenset({Status.COMPLETED, Status.FOLLOWED_UP, Status.DECLINED, Status.WITHDRAWN, Status.CANCELLED})
# Counted as "confirmed" in statistics: the visit was agreed, whatever happened after.
CONFIRMED_OR_LATER = frozenset({Status.CONFIRMED, Status.COMPLETED, Status.FOLLOWED_UP})

VisitStatus = Visit.Status
VISIT_TRANSITIONS = {
    VisitStatus.SCHEDULED: {VisitStatus.COMPLETED, VisitStatus.CANCELLED},
    VisitStatus.COMPLETED: set(),
    VisitStatus.CANCELLED: set(),
}


class StaffAction:
    """What staff can do on the request page; `possible_actions` says which apply now."""

    START_REVIEW = "start_review"
    ASK = "ask"
    DECLINE = "decline"
    HAND_OVER = "hand_over"
    SCHEDULE = "schedule"
    CANCEL = "cancel"
    COMPLETE = "complete"
    NOTE = "note"
    EXPORT = "export"
    ERASE = "erase"


class TransitionRefused(Exception):
    pass


class ChangedMeanwhile(TransitionRefused):
    """Someone else acted on the request between loading it and this action."""


def reachable(status) -> set:
    """The statuses a request can move to next, counting the automatic start of the review."""
    following = set(TRANSITIONS[status])
    if status == Status.SUBMITTED:
        following |= TRANSITIONS[Status.IN_REVIEW]
    return following


def possible_actions(visit_request, user, today=None) -> frozenset:
    """The StaffActions `user` can take on the request now; the request page shows only these."""
    actions = set()
    status = visit_request.status
    if can(user, Action.HANDLE, visit_request.office):
        following = reachable(status)
        actions.add(StaffAction.NOTE)
        if status == Status.SUBMITTED:
            actions.add(StaffAction.START_REVIEW)
        if Status.NEEDS_INFO in following:
            actions.add(StaffAction.ASK)
        if Status.DECLINED in following:
            actions.add(StaffAction.DECLINE)
        if Status.CONFIRMED in following:
            actions.add(StaffAction.SCHEDULE)
        if Status.CANCELLED in following:
            actions.add(StaffAction.CANCEL)
        if Status.COMPLETED in following and not completion_refused(visit_request, today):
            actions.add(StaffAction.COMPLETE)
        if status in CAN_BE_HANDED_OVER:
            actions.add(StaffAction.HAND_OVER)
    if can(user, Action.EXPORT_ERASE, visit_request.office) and visit_request.erased_at is None:
        actions |= {StaffAction.EXPORT, StaffAction.ERASE}
    return frozenset(actions)


def completion_refused(visit_request, today=None) -> str | None:
    """Why the request cannot be completed yet: a visit day still lies ahead."""
    today = today or timezone.localdate()
    days = [visit.date for visit in visit_request.visits.all() if visit.status == VisitStatus.SCHEDULED]
    if days and max(days) > today:
        return _("The last visit day is %(day)s; a visit can be completed from that day on.") % {
            "day": date_format(max(days), "l j F Y")
        }
    return None


def record(visit_request, *, action="status", to_status=None, from_status=None, actor=None, actor_label="", reason=""):
    """Write one audit entry. Without a user the entry names who acted ("requester", "system")."""
    return StatusChange.objects.create(
        request=visit_request,
        from_status=visit_request.status if from_status is None else from_status,
        to_status=to_status or visit_request.status,
        action=action,
        actor=actor,
        actor_label="" if actor is not None else (actor_label or "system"),
        reason=reason,
    )


def transition(visit_request, to_status, *, actor=None, actor_label="", reason="") -> StatusChange:
    """Move the request to `to_status` or raise TransitionRefused; writes the audit entry."""
    from_status = visit_request.status
    if to_status not in TRANSITIONS.get(from_status, set()):
        raise TransitionRefused(
            _("A request that is “%(from)s” cannot become “%(to)s”.")
            % {"from": Status(from_status).label, "to": Status(to_status).label}
        )
    visit_request.status = to_status
    visit_request.save(update_fields=["status", "updated_at"])
    if to_status in RELEASES_SEATS:
        release_holds(visit_request)
    return record(
        visit_request, from_status=from_status, to_status=to_status, actor=actor, actor_label=actor_label, reason=reason
    )


def start_review_if_submitted(visit_request, actor=None) -> None:
    """The automatic step: when staff act on a new request, its review has started."""
    if visit_request.status == Status.SUBMITTED:
        transition(visit_request, Status.IN_REVIEW, actor=actor)


def set_visit_status(visit, to_status) -> None:
    """Move one visit day along its own small table; calendar clients see a new SEQUENCE."""
    if to_status not in VISIT_TRANSITIONS[visit.status]:
        raise TransitionRefused(
            _("A visit that is “%(from)s” cannot become “%(to)s”.")
            % {"from": VisitStatus(visit.status).label, "to": VisitStatus(to_status).label}
        )
    visit.status = to_status
    visit.sequence += 1
    visit.save(update_fields=["status", "sequence", "updated_at"])


def lock(visit_request) -> None:
    """Re-read the request under a row lock; refuse clearly if someone acted since it was loaded.

    Two staff members (or two tabs) acting at once: the first wins, the second learns what
    happened instead of a riddle like "cannot become In review".
    """
    seen = visit_request.status
    fresh = VisitRequest.objects.select_for_update().get(pk=visit_request.pk)
    if fresh.status != seen:
        last = fresh.status_changes.select_related("actor").order_by("-created_at", "-pk").first()
        raise ChangedMeanwhile(
            _(
                "Someone else changed this request while you were looking at it: it is now “%(status)s” "
                "(%(who)s, %(when)s). Nothing was changed by you; check the request and try again."
            )
            % {
                "status": fresh.get_status_display(),
                "who": last.actor_display() if last else _("system"),
                "when": date_format(timezone.localtime(last.created_at), "j F H:i") if last else "",
            }
        )
    visit_request.office_id = fresh.office_id


def _assign_reference(visit_request):
    # The lock on the year's counter serialises numbering. It is the last lock a submission
    # takes (after every seat) and is held only until commit.
    ReferenceCounter.number_request(visit_request, timezone.localdate(visit_request.created_at).year)


@transaction.atomic
def submit_request(*, fields: dict, choices, interests=(), plan_items=(), offices=(), then=None) -> VisitRequest:
    """Save a new request holding its chosen (day, slot)s, or raise SlotUnavailable.

    A study tour passes the other `offices` whose slots it takes, and `then(request)` to save
    its itinerary in the same transaction. Nothing is saved unless everything is: the holds,
    the request and its reference share this transaction. The e-mails leave after commit.
    """
    visit_request = VisitRequest.objects.create(consent_processing_at=timezone.now(), **fields)
    if interests:  # a new request has none yet: nothing to read or write when none are given
        visit_request.interests.set(interests)
    if plan_items:
        visit_request.plan_items.set(plan_items)
    RequestedSlot.objects.bulk_create(RequestedSlot(request=visit_request, date=d, slot=s) for d, s in choices)
    hold_slots(visit_request, choices, offices)
    if then is not None:
        then(visit_request)
    record(visit_request, from_status="", to_status=Status.SUBMITTED, actor_label="requester")
    _assign_reference(visit_request)
    tasks.enqueue_with_commit(tasks.send_request_received, visit_request.pk)
    triage.after_submission(visit_request)  # the office's automatic confirmation, after commit
    return visit_request


@transaction.atomic
def withdraw_request(visit_request, reason="") -> None:
    """The requester takes the request back; its seats are free again at once."""
    lock(visit_request)
    transition(visit_request, Status.WITHDRAWN, actor_label="requester", reason=reason)
    transaction.on_commit(lambda: emails.send_request_withdrawn(visit_request))


@transaction.atomic
def change_requested_days(visit_request, choices) -> None:
    """Replace the requested days; on failure the old days stay held (the transaction rolls back).

    Days kept keep their seats; the others are given back and the new ones taken in ledger order.
    """
    lock(visit_request)
    if visit_request.status not in EDITABLE_BY_REQUESTER:
        raise TransitionRefused(
            _("The days of a request that is “%(status)s” can no longer be changed.")
            % {"status": visit_request.get_status_display()}
        )
    visit_request.requested_slots.all().delete()
    RequestedSlot.objects.bulk_create(RequestedSlot(request=visit_request, date=d, slot=s) for d, s in choices)
    rehold_slots(visit_request, choices)
    record(
        visit_request,
        action="change_days",
        actor_label="requester",
        reason=_("New days requested: %(days)s") % {"days": describe_choices(choices)},
    )
    transaction.on_commit(lambda: emails.send_days_changed(visit_request))


@transaction.atomic
def move_requested_days(visit_request, choices, *, actor, changes, offices=(), then=None) -> None:
    """Staff replace the requested days (a study tour's stop moved); the requester is told.

    Like the requester's own change: the old seats are given back and the new ones taken in
    this transaction, so a full day leaves everything as it was. `then(request)` saves the
    caller's own records (the itinerary) in the same transaction; `changes` are the sentences
    the requester reads.
    """
    lock(visit_request)
    if visit_request.status not in EDITABLE_BY_REQUESTER:
        raise TransitionRefused(
            _("The days of a request that is “%(status)s” can no longer be changed here; schedule its visit days.")
            % {"status": visit_request.get_status_display()}
        )
    visit_request.requested_slots.all().delete()
    RequestedSlot.objects.bulk_create(RequestedSlot(request=visit_request, date=d, slot=s) for d, s in choices)
    rehold_slots(visit_request, choices, offices)
    if then is not None:
        then(visit_request)
    start_review_if_submitted(visit_request, actor)
    record(visit_request, action="change_days", actor=actor, reason=" ".join(changes))
    changes = list(changes)
    transaction.on_commit(lambda: emails.send_days_changed_by_staff(visit_request, changes))


@transaction.atomic
def answer_request(visit_request, answer) -> None:
    """The requester answers a question from the status page; the request is back in review."""
    lock(visit_request)
    transition(visit_request, Status.IN_REVIEW, actor_label="requester", reason=answer)
    transaction.on_commit(lambda: emails.send_answer_to_office(visit_request, answer))


@transaction.atomic
def update_plan_items(visit_request, plan_items) -> None:
    """The requester adds or drops starred practices, companies and experts while the request is open."""
    lock(visit_request)
    if visit_request.status not in EDITABLE_BY_REQUESTER:
        raise TransitionRefused(
            _("The plan of a request that is “%(status)s” can no longer be changed.")
            % {"status": visit_request.get_status_display()}
        )
    before = set(visit_request.plan_items.values_list("pk", flat=True))
    after = {page.pk for page in plan_items}
    if before == after:
        return
    visit_request.plan_items.set(plan_items)
    record(
        visit_request,
        action="change_plan",
        actor_label="requester",
        reason=_("Plan changed: %(added)d added, %(removed)d removed.")
        % {"added": len(after - before), "removed": len(before - after)},
    )


@transaction.atomic
def confirm_request(visit_request, days, *, actor=None, reason="") -> list[Visit]:
    """Schedule the request on `days` [(office, date, slot)], possibly at several offices.

    Each visit day takes its own seats in the ledger (a requested day it falls on passes its
    seats on) and the other requested days are given back, in ledger order; if any day is
    full or closed, SlotUnavailable is raised and nothing changes.
    """
    lock(visit_request)
    if not days:
        raise TransitionRefused(_("Choose at least one day to confirm."))
    start_review_if_submitted(visit_request, actor)
    transition(visit_request, Status.CONFIRMED, actor=actor, reason=reason)
    visits = [
        Visit.objects.create(
            request=visit_request, office=office, date=day, slot=slot, participants=visit_request.group_size
        )
        for office, day, slot in days
    ]
    # In ledger order, whatever the order of `days` (the visits keep theirs).
    hold_visit_days(visit_request, visits)
    return visits


@transaction.atomic
def cancel_request(visit_request, *, actor=None, reason="") -> None:
    """Cancel a confirmed request: its visits stay in feeds as cancelled, its seats are freed."""
    lock(visit_request)
    transition(visit_request, Status.CANCELLED, actor=actor, reason=reason)
    cancelled = list(visit_request.visits.filter(status=VisitStatus.SCHEDULED))
    for visit in cancelled:
        set_visit_status(visit, VisitStatus.CANCELLED)
    # Site hosts asked to receive the delegation must not keep the time free for nobody.
    told = HostInvitation.objects.filter(visit__in=cancelled).exclude(answer=HostInvitation.Answer.DECLINED)
    for invitation_id in told.values_list("pk", flat=True):
        tasks.enqueue_with_commit(tasks.send_host_cancellation, invitation_id)


@transaction.atomic
def complete_request(visit_request, *, actor=None, participants=None, topics=(), today=None) -> None:
    """Record what happened: actual participants per visit and the topics covered.

    A visit cannot be completed before its day. If a follow-up was already linked, the
    request moves straight on to "followed up".
    """
    lock(visit_request)
    refusal = completion_refused(visit_request, today)
    if refusal:
        raise TransitionRefused(refusal)
    transition(visit_request, Status.COMPLETED, actor=actor)
    participants = participants or {}
    for visit in visit_request.visits.filter(status=VisitStatus.SCHEDULED):
        visit.participants = participants.get(visit.pk, visit.participants)
        visit.save(update_fields=["participants", "updated_at"])
        set_visit_status(visit, VisitStatus.COMPLETED)
        visit.topics_covered.set(topics)
    if visit_request.follow_ups.exists():
        transition(visit_request, Status.FOLLOWED_UP, actor=actor, reason=_("A follow-up was already linked."))


@transaction.atomic
def mark_followed_up(visit_request, *, actor=None, follow_up_title="") -> bool:
    """A follow-up now links this request: a completed request becomes "followed up".

    Requests that are not completed yet are left alone; completing them later moves them on.
    Returns whether the status changed.
    """
    fresh = VisitRequest.objects.select_for_update().get(pk=visit_request.pk)
    if fresh.status != Status.COMPLETED:
        return False
    transition(fresh, Status.FOLLOWED_UP, actor=actor, reason=follow_up_title)
    visit_request.status = fresh.status
    return True


@transaction.atomic
def renew_status_link(visit_request) -> str:
    """Revoke the private status link and issue a new one (e-mailed to the requester)."""
    visit_request.status_token = new_token()
    visit_request.save(update_fields=["status_token", "updated_at"])
    transaction.on_commit(lambda: emails.send_new_status_link(visit_request))
    return visit_request.status_token


def describe_choices(choices) -> str:
    return ", ".join(f"{day:%Y-%m-%d} {slot.label}" for day, slot in sorted(choices, key=_choice_key))


def _choice_key(choice):
    day, slot = choice
    return (day, slot.start_time if slot.start_time else datetime.time())
