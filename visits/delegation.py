"""The delegation record of a request (who comes, in which role, and what they need) and the
visa invitation letter.

The requester edits the record through the private status link until
`DELEGATION_EDIT_DAYS_BEFORE` days before the first visit day, and never once the request is
finished or its personal data erased; staff who handle the request may edit it until the
erasure. Each workflow is one transaction and writes its audit entry with `services.record`.
The entries say how many people are named, never who: staff entries outlive the erasure.
"""

import dataclasses
import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Min
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.dates import weekday_date
from core.i18n import localized_titles
from core.pdf import render_pdf
from offices.models import OfficePage
from visits.models import DelegationNeeds, Participant, Visit, VisitRequest
from visits.services import FINISHED, Status, TransitionRefused, lock, record

Role = Participant.Role

# The largest list a request can have (the largest group size a request can have).
MAX_PARTICIPANTS = 500
PARTICIPANT_FIELDS = ("name", "organisation", "title", "email", "role")
NEEDS_FIELDS = ("interpreting", "dietary", "accessibility")


class DelegationClosed(TransitionRefused):
    """The record can no longer be changed (edit window over, request finished or erased)."""


class DelegationInvalid(ValueError):
    """The list breaks a rule of the request (too many people, two heads of delegation)."""

    def __init__(self, problems):
        super().__init__(" ".join(problems))
        self.problems = list(problems)


class VisaLetterRefused(TransitionRefused):
    """No invitation letter yet (or any more): the visit is not confirmed, or the data are erased."""


@dataclasses.dataclass
class Delegation:
    """What the pages show of the record: the participants, the needs (None when never given)."""

    visit_request: VisitRequest
    participants: list
    needs: DelegationNeeds | None

    @property
    def named(self) -> int:
        return len(self.participants)

    @property
    def group_size(self) -> int:
        return self.visit_request.group_size

    def named_sentence(self) -> str:
        return named_sentence(self.named, self.group_size)


def delegation_of(visit_request) -> Delegation:
    """The record in two queries, whatever the number of participants."""
    return Delegation(
        visit_request=visit_request,
        participants=list(visit_request.participants.all()),
        needs=DelegationNeeds.objects.filter(request=visit_request).first(),
    )


def named_sentence(named, group_size) -> str:
    return ngettext(
        "%(named)d of %(size)d participant named.", "%(named)d of %(size)d participants named.", group_size
    ) % {"named": named, "size": group_size}


# --- The edit window ------------------------------------------------------------------------


def first_visit_day(visit_request) -> datetime.date | None:
    """The earliest scheduled visit day, or else the earliest requested day."""
    first = visit_request.visits.exclude(status=Visit.Status.CANCELLED).aggregate(first=Min("date"))["first"]
    if first is None:
        first = visit_request.requested_slots.aggregate(first=Min("date"))["first"]
    return first


def last_edit_day(visit_request) -> datetime.date | None:
    """The last day the requester may change the record (None: no day known, no limit)."""
    first = first_visit_day(visit_request)
    return first - datetime.timedelta(days=settings.DELEGATION_EDIT_DAYS_BEFORE) if first else None


def edit_refused(visit_request, *, by_staff=False, today=None) -> str | None:
    """Why the record cannot be changed now (by the requester, or by staff), or None."""
    if visit_request.erased_at is not None:
        return _("The personal data of this request were erased, so its delegation can no longer be recorded.")
    if by_staff:
        return None
    if visit_request.status in FINISHED:
        return _("This request is “%(status)s”, so its delegation can no longer be changed.") % {
            "status": visit_request.get_status_display()
        }
    last = last_edit_day(visit_request)
    if last is not None and (today or timezone.localdate()) > last:
        days = settings.DELEGATION_EDIT_DAYS_BEFORE
        return ngettext(
            "The delegation could be changed until %(day)s, %(n)d day before the first visit day. "
            "For later changes, please write to the office at %(email)s.",
            "The delegation could be changed until %(day)s, %(n)d days before the first visit day. "
            "For later changes, please write to the office at %(email)s.",
            days,
        ) % {"day": weekday_date(last), "n": days, "email": visit_request.office.request_email}
    return None


def _refuse_if_closed(visit_request, actor, today):
    refusal = edit_refused(visit_request, by_staff=actor is not None, today=today)
    if refusal:
        raise DelegationClosed(refusal)


# --- The rules of the list ------------------------------------------------------------------


def list_problems(visit_request, participants) -> list[str]:
    """What is wrong with the list as a whole (the rows are checked by the forms)."""
    problems = []
    count, size = len(participants), visit_request.group_size
    if count > size:
        problems.append(
            ngettext(
                "The group is %(size)d person, but %(count)d participants are listed. Remove some, or ask "
                "the office to change the group size.",
                "The group is %(size)d people, but %(count)d participants are listed. Remove some, or ask "
                "the office to change the group size.",
                size,
            )
            % {"size": size, "count": count}
        )
    heads = sum(1 for row in participants if row.get("role") == Role.HEAD)
    if heads > 1:
        problems.append(_("Only one participant can be the head of delegation; %(count)d are.") % {"count": heads})
    return problems


def _check(visit_request, participants):
    problems = list_problems(visit_request, participants)
    if problems:
        raise DelegationInvalid(problems)


def _replace_participants(visit_request, participants):
    visit_request.participants.all().delete()
    Participant.objects.bulk_create(
        Participant(
            request=visit_request,
            position=position,
            **{name: (row.get(name) or "") for name in PARTICIPANT_FIELDS if name != "role"},
            role=row.get("role") or Role.MEMBER,
        )
        for position, row in enumerate(participants, start=1)
    )


def _record(visit_request, actor, summary):
    record(
        visit_request,
        action="delegation",
        actor=actor,
        actor_label="requester",
        reason=f"{summary} {named_sentence(visit_request.participants.count(), visit_request.group_size)}",
    )


# --- Workflows ------------------------------------------------------------------------------


@transaction.atomic
def save_delegation(visit_request, participants, needs, *, actor=None, today=None) -> None:
    """Replace the participants and the needs. `actor` is the staff member, None for the requester.

    `participants` is a list of {name, organisation, title, email, role} in their order, `needs`
    {interpreting, dietary, accessibility}. Raises DelegationClosed or DelegationInvalid; then
    nothing changes.
    """
    lock(visit_request)
    _refuse_if_closed(visit_request, actor, today)
    _check(visit_request, participants)
    _replace_participants(visit_request, participants)
    values = {name: needs.get(name) or "" for name in NEEDS_FIELDS}
    values["interpreting"] = list(needs.get("interpreting") or [])
    DelegationNeeds.objects.update_or_create(request=visit_request, defaults=values)
    _record(visit_request, actor, _("Delegation updated."))


@transaction.atomic
def import_participants(visit_request, participants, *, actor=None, today=None) -> None:
    """Replace the participants with the rows of an uploaded file (already read and checked
    row by row); the needs stay. Raises DelegationClosed or DelegationInvalid."""
    lock(visit_request)
    _refuse_if_closed(visit_request, actor, today)
    _check(visit_request, participants)
    _replace_participants(visit_request, participants)
    _record(visit_request, actor, _("Participants imported from a file."))


# --- The visa invitation letter -------------------------------------------------------------


def visa_letter_refused(visit_request) -> str | None:
    """Why no invitation letter can be written now, or None."""
    if visit_request.erased_at is not None:
        return _("The personal data of this request were erased; no invitation letter can be written.")
    if visit_request.status != Status.CONFIRMED:
        return _("An invitation letter can be written once the visit is confirmed; this request is “%(status)s”.") % {
            "status": visit_request.get_status_display()
        }
    return None


def letter_filename(visit_request) -> str:
    return f"invitation-{visit_request.reference}.pdf"


def write_visa_letter(visit_request, *, actor, participant=None, today=None) -> bytes:
    """The invitation letter as a PDF, in the requester's language, for the whole group or
    one participant, signed by `actor`; the audit trail records it. Raises VisaLetterRefused.

    The PDF is drawn before the short transaction that records it: a second of WeasyPrint
    must not hold the database's write lock (SQLite takes it when a transaction begins).
    """
    refusal = visa_letter_refused(visit_request)
    if refusal:
        raise VisaLetterRefused(refusal)
    if participant is not None and participant.request_id != visit_request.pk:
        raise VisaLetterRefused(_("That participant is not part of this delegation."))
    with translation.override(visit_request.language):
        context = _letter_context(visit_request, actor, participant, today)
        pdf = render_pdf("visits/delegation/visa_letter.html", context)
    _record_letter(visit_request, actor, participant)
    return pdf


@transaction.atomic
def _record_letter(visit_request, actor, participant):
    lock(visit_request)
    if participant is None:
        reason = _("Invitation letter written for the whole group.")
    else:
        reason = _("Invitation letter written for one participant.")
    record(visit_request, action="visa_letter", actor=actor, reason=reason)


def _letter_context(visit_request, actor, participant, today):
    """Everything the letter says, in the active (the requester's) language."""
    visits = list(
        visit_request.visits.exclude(status=Visit.Status.CANCELLED)
        .select_related("office", "slot")
        .order_by("date", "slot__start_time")
    )
    office_ids = {visit_request.office_id, *(visit.office_id for visit in visits)}
    titles = localized_titles(OfficePage, office_ids)
    days = [
        {
            "date": weekday_date(visit.date),
            "office": titles.get(visit.office_id, visit.office.title),
            "city": visit.office.city,
            "programme": visit.programme_items(),
        }
        for visit in visits
    ]
    office = visit_request.office
    return {
        "visit_request": visit_request,
        "office": office,
        "office_title": titles.get(office.pk, office.title),
        "country": visit_request.country.name,
        "date": date_format(today or timezone.localdate()),  # each language's DATE_FORMAT
        "participant": participant,
        "participants": [] if participant is not None else list(visit_request.participants.all()),
        "days": days,
        "first_day": days[0]["date"] if days else "",
        "last_day": days[-1]["date"] if days else "",
        "signatory": actor.get_full_name() or actor.get_username(),
    }
