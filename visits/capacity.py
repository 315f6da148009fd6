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
    """Take a group seat and `group_size` person seats for each (day, slot), or raise.

    Must run inside the caller's transaction: on any failure the caller rolls back and
    nothing of the request is saved.
    """
    office = request.office
    for day, slot in choices:
        if slot.office_id != office.pk:
            raise SlotUnavailable(day, slot, _("that slot belongs to another office"))
        reason = closed_reason(office, day, closures_between(office, day, day))
        if reason:
            raise SlotUnavailable(day, slot, reason)
        # Capacity is decided by the ledger itself, not by a count read beforehand.
        _take(request, day, slot, SlotHold.Kind.GROUP, 1, office.groups_per_slot)
        _take(request, day, slot, SlotHold.Kind.PERSON, request.group_size, office.persons_per_slot)


def _take(request, day, slot, kind, needed, capacity):
    occupied = set(
        SlotHold.objects.filter(office=request.office, date=day, slot=slot, kind=kind).values_list("seat", flat=True)
    )
    free = [seat for seat in range(1, capacity + 1) if seat not in occupied]
    if len(free) < needed:
        raise SlotJustTaken(day, slot)
    taken = 0
    for seat in free:
        try:
            with transaction.atomic():
                SlotHold.objects.create(
                    office=request.office, date=day, slot=slot, kind=kind, seat=seat, request=request
                )
        except IntegrityError:
            continue
        taken += 1
        if taken == needed:
            return
    raise SlotJustTaken(day, slot)


def release_holds(request) -> int:
    """Give back every seat the request holds; returns how many."""
    deleted, _details = SlotHold.objects.filter(request=request).delete()
    return deleted
