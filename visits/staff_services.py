"""What staff do with a request. Each function is one transaction, writes the audit trail
(services.record) and sends its e-mail after commit; the state machine is services'."""

import json

from django.db import transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from core.tokens import new_token
from visits import emails, services, site_hosts
from visits.availability import SlotUnavailable, rehold_slots
from visits.models import DelegationNeeds, RequestNote, StatusChange, Visit, VisitRequest, WaitingListEntry
from visits.services import (
    CAN_BE_HANDED_OVER,
    FINISHED,
    Status,
    TransitionRefused,
    confirm_request,
    lock,
    record,
    start_review_if_submitted,
    transition,
)
from visits.site_seats import hold_site_seats

__all__ = ["SlotUnavailable", "TransitionRefused"]


@transaction.atomic
def start_review(visit_request, actor):
    lock(visit_request)
    transition(visit_request, Status.IN_REVIEW, actor=actor)
    transaction.on_commit(lambda: emails.send_in_review(visit_request))


@transaction.atomic
def ask_for_information(visit_request, actor, question):
    lock(visit_request)
    start_review_if_submitted(visit_request, actor)
    transition(visit_request, Status.NEEDS_INFO, actor=actor, reason=question)
    transaction.on_commit(lambda: emails.send_needs_information(visit_request, question))


@transaction.atomic
def decline_request(visit_request, actor, reason):
    lock(visit_request)
    if not reason.strip():
        raise TransitionRefused(_("Say why the request is declined; the requester reads it."))
    transition(visit_request, Status.DECLINED, actor=actor, reason=reason)
    transaction.on_commit(lambda: emails.send_declined(visit_request, reason))


@transaction.atomic
def reassign_request(visit_request, actor, office, reason=""):
    """Hand the request to another office. Requested days move along where that office has
    the same slot free; the others are released (the history says which)."""
    lock(visit_request)
    if visit_request.status not in CAN_BE_HANDED_OVER:
        raise TransitionRefused(_("Only a request that is not yet confirmed can move to another office."))
    if office.pk == visit_request.office_id:
        raise TransitionRefused(_("The request is already at %(office)s.") % {"office": office.title})
    previous = visit_request.office
    visit_request.office = office
    visit_request.save(update_fields=["office", "updated_at"])
    slots = {slot.start_time: slot for slot in office.visit_slots.all()}
    requested_slots = list(visit_request.requested_slots.select_related("slot"))
    targets = {requested.pk: slots.get(requested.slot.start_time) for requested in requested_slots}
    # The old seats go back and the new ones are taken in ledger order; a day that cannot be
    # held at the new office is released instead.
    refused = rehold_slots(
        visit_request,
        [(requested.date, targets[requested.pk]) for requested in requested_slots if targets[requested.pk]],
        keep_going=True,
    )
    moved, released = [], []
    for requested in requested_slots:
        target = targets[requested.pk]
        if target is None or (requested.date, target.pk) in refused:
            released.append(f"{requested.date:%Y-%m-%d} {requested.slot.label}")
            requested.delete()
            continue
        requested.slot = target
        requested.save(update_fields=["slot"])
        moved.append(f"{requested.date:%Y-%m-%d} {target.label}")
    summary = _("Moved from %(old)s to %(new)s.") % {"old": previous.title, "new": office.title}
    if moved:
        summary += " " + _("Days kept: %(days)s.") % {"days": ", ".join(moved)}
    if released:
        summary += " " + _("Days released: %(days)s.") % {"days": ", ".join(released)}
    if reason:
        summary += " " + reason
    record(visit_request, actor=actor, action="reassign", reason=summary)
    transaction.on_commit(lambda: emails.send_reassigned(visit_request, previous))
    return moved, released


@transaction.atomic
def schedule_request(visit_request, actor, days, reason=""):
    """Confirm with one or more visit days: [{office, date, slot, hosts, sites, companies, experts, programme}]."""
    visits = confirm_request(
        visit_request, [(day["office"], day["date"], day["slot"]) for day in days], actor=actor, reason=reason
    )
    for visit, day in zip(visits, days, strict=True):
        visit.programme = day.get("programme", "")
        visit.save(update_fields=["programme"])
        for name in ("hosts", "sites", "companies", "experts"):
            getattr(visit, name).set(day.get(name, []))
    # After every office seat (confirm_request): the sites' seats come last in the ledger order.
    hold_site_seats(visit_request, visits)
    site_hosts.invite_hosts(visits)
    transaction.on_commit(lambda: emails.send_confirmed(visit_request))
    return visits


@transaction.atomic
def cancel_by_staff(visit_request, actor, reason):
    services.cancel_request(visit_request, actor=actor, reason=reason)
    transaction.on_commit(lambda: emails.send_cancelled(visit_request, reason))


@transaction.atomic
def complete_request(visit_request, actor, participants: dict, topics=()):
    """Record what happened: actual participants per visit and the topics covered."""
    services.complete_request(visit_request, actor=actor, participants=participants, topics=topics)
    transaction.on_commit(lambda: emails.send_completed(visit_request))


@transaction.atomic
def add_note(visit_request, actor, text):
    note = RequestNote.objects.create(request=visit_request, author=actor, text=text)
    record(visit_request, actor=actor, action="note", reason=_("Internal note added."))
    return note


def export_personal_data(visit_request, actor) -> str:
    """The request's personal data as JSON (what the requester sent and what we hold)."""
    data = {
        "reference": visit_request.reference,
        "status": visit_request.status,
        "received": visit_request.created_at.isoformat(),
        "organisation": visit_request.organisation,
        "organisation_kind": visit_request.organisation_kind,
        "country": visit_request.country.code,
        "contact_name": visit_request.contact_name,
        "email": visit_request.email,
        "phone": str(visit_request.phone),
        "group_size": visit_request.group_size,
        "languages": visit_request.languages,
        "format": visit_request.format,
        "office": visit_request.office.title,
        "message": visit_request.message,
        "consent_processing_at": visit_request.consent_processing_at.isoformat(),
        "consent_public_name": visit_request.consent_public_name,
        "requested_days": [
            {"date": r.date.isoformat(), "slot": r.slot.label}
            for r in visit_request.requested_slots.select_related("slot")
        ],
        "visits": [
            {"date": v.date.isoformat(), "office": v.office.title, "participants": v.participants}
            for v in visit_request.visits.select_related("office")
        ],
        "participants": [
            {
                "name": p.name,
                "organisation": p.organisation,
                "title": p.title,
                "email": p.email,
                "role": p.role,
            }
            for p in visit_request.participants.all()
        ],
        "needs": _needs_data(visit_request),
        "internal_notes": [
            {"at": n.created_at.isoformat(), "author": n.author.get_username() if n.author else "", "text": n.text}
            for n in visit_request.notes.select_related("author")
        ],
        "history": [
            {
                "at": c.created_at.isoformat(),
                "from": c.from_status,
                "to": c.to_status,
                "action": c.action,
                "reason": c.reason,
            }
            for c in visit_request.status_changes.all()
        ],
    }
    record(visit_request, actor=actor, action="export", reason=_("Personal data exported."))
    return json.dumps(data, indent=2, ensure_ascii=False)


def _needs_data(visit_request):
    needs = DelegationNeeds.objects.filter(request=visit_request).first()
    if needs is None:
        return None
    return {"interpreting": needs.interpreting, "dietary": needs.dietary, "accessibility": needs.accessibility}


@transaction.atomic
def erase_personal_data(visit_request, actor=None, reason=""):
    """Erase who the delegation was and how to reach it; keep the anonymous statistics
    (country, size, dates, office, topics, outcome) and the audit trail."""
    lock(visit_request)
    erased = _("(erased)")
    visit_request.organisation = erased
    visit_request.contact_name = erased
    visit_request.email = ""
    visit_request.phone = ""
    visit_request.message = ""
    visit_request.consent_public_name = False
    visit_request.status_token = new_token()  # the old private link stops working
    visit_request.erased_at = timezone.now()
    visit_request.save()
    visit_request.notes.all().delete()
    visit_request.plan_items.clear()
    # Who came and what they needed (diet, accessibility: possibly health data) goes too.
    visit_request.participants.all().delete()
    DelegationNeeds.objects.filter(request=visit_request).delete()
    # The waiting-list entry it came from held the same contact data.
    WaitingListEntry.objects.filter(request=visit_request).update(**ERASED_ENTRY)
    # Free text written by the requester may name people; staff reasons stay.
    visit_request.status_changes.filter(actor__isnull=True, actor_label="requester").update(reason="")
    record(visit_request, action="erase", actor=actor, reason=reason or _("Contact data erased."))


# What erasing a waiting-list entry leaves: the office, day, slot, group size and its history.
ERASED_ENTRY = {"organisation": "(erased)", "contact_name": "(erased)", "email": "", "phone": "", "message": ""}


def anonymise_expired_waiting(older_than) -> int:
    """Erase the contact data of waiting-list entries off the list whose day lies before
    `older_than` (those that became requests go with their request)."""
    finished = (
        WaitingListEntry.objects.filter(
            request__isnull=True, date__lt=timezone.localdate(older_than), consent_processing_at__isnull=False
        )
        .exclude(status__in=["waiting", "offered"])
        .exclude(email="")
    )
    return finished.update(**ERASED_ENTRY)


def anonymise_expired(older_than):
    """Erase contact data of finished requests whose last visit day and decision both lie
    before `older_than`; returns how many. Later edits (a note, an export) do not restart it."""
    last_visit = Visit.objects.filter(request=OuterRef("pk")).order_by("-date").values("date")[:1]
    decided = (
        StatusChange.objects.filter(request=OuterRef("pk"), action="status")
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    expired = (
        VisitRequest.objects.filter(status__in=FINISHED, erased_at__isnull=True)
        .annotate(last_visit=Subquery(last_visit), decided=Subquery(decided))
        .filter(Q(last_visit__isnull=True) | Q(last_visit__lt=timezone.localdate(older_than)))
        .filter(Q(decided__isnull=True) | Q(decided__lt=older_than))
    )
    count = 0
    for visit_request in expired.iterator():
        erase_personal_data(visit_request, reason=_("Retention period ended."))
        count += 1
    return count
