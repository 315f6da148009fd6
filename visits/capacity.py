"""Taking and releasing seats in the capacity ledger (SlotHold).

Seats are taken one by one, each insert in its own savepoint. The unique constraint
on (office, date, slot, kind, seat) decides every race: an insert that collides with a
committed or concurrent holder fails and we try the next seat number. On PostgreSQL a
colliding insert waits for the other transaction and then fails or succeeds, so a seat
that is really free is always found; on SQLite writers are serialised by the
IMMEDIATE transaction mode. No global lock is taken.
"""

from django.db import IntegrityError, transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from schedule.availability import closed_reason, closures_between
from visits.models import SlotHold


class SlotUnavailable(Exception):
    def __init__(self, day, slot, reason):
        self.day, self.slot, self.reason = day, slot, reason
        super().__init__(
            _("%(day)s, %(slot)s: %(reason)s")
            % {"day": date_format(day, "l j F Y"), "slot": slot.label, "reason": reason}
        )


class SlotJustTaken(SlotUnavailable):
    """Someone else took the last seats between showing the form and submitting it."""

    def __init__(self, day, slot):
        super().__init__(day, slot, _("this slot was just taken, please choose another"))


def hold_slots(request, choices) -> None:
    """Take a group seat and `group_size` person seats for each (day, slot) at the request's
    office, or raise. Must run inside the caller's transaction: on any failure the caller
    rolls back and nothing of the request is saved.
    """
    for day, slot in choices:
        hold_seats(request, request.office, day, slot, request.group_size)


def hold_seats(request, office, day, slot, persons, visit=None) -> None:
    """Take one group seat and `persons` person seats in `office`'s `slot` on `day`."""
    if slot.office_id != office.pk:
        raise SlotUnavailable(day, slot, _("that slot belongs to another office"))
    reason = closed_reason(office, day, closures_between(office, day, day))
    if reason:
        raise SlotUnavailable(day, slot, reason)
    # Capacity is decided by the ledger itself, not by a count read beforehand.
    _take(request, office, day, slot, SlotHold.Kind.GROUP, 1, office.groups_per_slot, visit)
    _take(request, office, day, slot, SlotHold.Kind.PERSON, persons, office.persons_per_slot, visit)


def _take(request, office, day, slot, kind, needed, capacity, visit):
    occupied = set(
        SlotHold.objects.filter(office=office, date=day, slot=slot, kind=kind).values_list("seat", flat=True)
    )
    free = [seat for seat in range(1, capacity + 1) if seat not in occupied]
    if len(free) < needed:
        raise SlotJustTaken(day, slot)
    taken = 0
    for seat in free:
        try:
            with transaction.atomic():
                SlotHold.objects.create(
                    office=office, date=day, slot=slot, kind=kind, seat=seat, request=request, visit=visit
                )
        except IntegrityError:
            continue
        taken += 1
        if taken == needed:
            return
    raise SlotJustTaken(day, slot)


def release_holds(request, visit=None) -> int:
    """Give back every seat the request holds (or only those of one visit); returns how many."""
    holds = SlotHold.objects.filter(request=request)
    if visit is not None:
        holds = holds.filter(visit=visit)
    deleted, _details = holds.delete()
    return deleted
