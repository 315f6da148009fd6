"""The seat ledger: the one module that says when an office can receive a group, and which
seats each workflow takes and gives back, in what order (`visits.seats` takes them).

A day is closed when the office does not open that weekday, on a Swedish public holiday
(the `holidays` package, public and de-facto holidays such as Midsummer Eve), or inside
a closure of that office or of all offices. Visitors book from tomorrow on (`first_bookable_day`).
On an open day each slot has group seats and person seats, and a group can never be
larger than the office's largest group. What is held is counted from the SlotHold ledger in
one query.

The unique constraint on (office, date, slot, kind, seat) decides every race: seats are
taken by `visits.seats.take_seats`, a slot's group seat and then its person seats, each in
one statement that inserts the lowest free seat numbers and skips any a concurrent holder
takes (see that module). No global lock is taken.
Every workflow takes and gives back seats in one fixed order, the ledger order (below), so
two of them never wait for each other crosswise.

The booking form, the change-days form, the staff schedule form, the day picker and the
calendar all read from here; this module imports none of them.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

import holidays
from django.db import transaction
from django.db.models import Count, Q
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import weekday_date
from core.kept_briefly import KeptBriefly
from offices.models import WEEKDAYS, Closure
from visits.models import SiteHold, SlotHold
from visits.seats import take_seats

# Visitors can ask for a day from this many days after today; staff may schedule any open day.
LEAD_DAYS = 1
# Sent after seats at an office were given back, with places=[(office_id, date, slot_id)]: the
# waiting lists offer them (visits.waiting_list), once the transaction has committed.
seats_freed = Signal()

# Nobody books further ahead than this (the booking form offers twelve months). It also bounds
# the days a submitted choice makes us read: a forged year 9999 is refused, not walked to.
HORIZON_DAYS = 400


class DayStatus:
    FREE = "free"
    PARTLY = "partly"
    FULL = "full"
    CLOSED = "closed"


@dataclass(frozen=True)
class SlotAvailability:
    slot: object
    groups_left: int
    persons_left: int
    # The largest group that can still be booked: the seats left, capped by the office's largest group.
    largest_bookable: int
    fits: bool
    reason: str = ""
    # Larger than the office ever receives: no seats freeing up would make it fit.
    too_large: bool = False

    @property
    def is_full(self):
        """Not enough seats left for the group now: it may join the slot's waiting list."""
        return not self.fits and not self.too_large

    @property
    def is_untouched(self):
        office = self.slot.office
        return self.groups_left == office.groups_per_slot and self.persons_left == office.persons_per_slot


@dataclass
class DayAvailability:
    date: datetime.date
    status: str
    reason: str = ""
    slots: list[SlotAvailability] = field(default_factory=list)

    @property
    def bookable_slots(self):
        return [slot for slot in self.slots if slot.fits]

    @property
    def is_bookable(self):
        return bool(self.bookable_slots)


class SlotUnavailable(Exception):
    def __init__(self, day, slot, reason):
        self.day, self.slot, self.reason = day, slot, reason
        super().__init__(
            _("%(day)s, %(slot)s: %(reason)s")
            % {"day": weekday_date(day), "slot": slot.display_label, "reason": reason}
        )


class SlotJustTaken(SlotUnavailable):
    """Someone else took the last seats between showing the form and submitting it."""

    def __init__(self, day, slot):
        super().__init__(day, slot, _("this slot was just taken, please choose another"))


# --- Reading ---------------------------------------------------------------------------


def first_bookable_day(today: datetime.date | None = None) -> datetime.date:
    """The earliest day a visitor can ask for."""
    return (today or timezone.localdate()) + datetime.timedelta(days=LEAD_DAYS)


@cache
def _holidays(year: int) -> dict:
    return dict(holidays.Sweden(years=year, categories=("public", "de_facto")))


def holiday_name(day: datetime.date) -> str | None:
    return _holidays(day.year).get(day)


def closures_between(office, start: datetime.date, end: datetime.date):
    return list(
        Closure.objects.filter(Q(office=office) | Q(office__isnull=True), start_date__lte=end, end_date__gte=start)
    )


def closed_reason(office, day: datetime.date, closures) -> str | None:
    """Why `office` receives nobody on `day`, or None when it is open."""
    for closure in closures:
        if closure.start_date <= day <= closure.end_date:
            return closure.public_note
    name = holiday_name(day)
    if name:
        return _("Public holiday: %(name)s") % {"name": name}
    if day.weekday() not in office.opening_weekdays:
        return _("%(office)s does not receive visits on %(weekday)s") % {
            "office": office.title,
            "weekday": dict(WEEKDAYS)[day.weekday()],
        }
    return None


def held_seats(office, start: datetime.date, end: datetime.date, exclude_request=None) -> Counter:
    """{(date, slot_id, kind): seats held} for the office in the range, in one query."""
    holds = SlotHold.objects.filter(office=office, date__range=(start, end))
    if exclude_request is not None:
        holds = holds.exclude(request=exclude_request)
    rows = holds.values("date", "slot_id", "kind").annotate(n=Count("pk")).order_by()
    return Counter({(row["date"], row["slot_id"], row["kind"]): row["n"] for row in rows})


def office_availability(
    office, start: datetime.date, end: datetime.date, group_size: int = 1, exclude_request=None
) -> list[DayAvailability]:
    """Each day from `start` to `end` (inclusive): free, partly booked, full or closed."""
    slots = list(office.visit_slots.all())
    for slot in slots:
        slot.office = office  # saves a query per slot when templates reach back
    closures = closures_between(office, start, end)
    held = held_seats(office, start, end, exclude_request)
    days = []
    day = start
    while day <= end:
        reason = closed_reason(office, day, closures)
        if reason:
            days.append(DayAvailability(day, DayStatus.CLOSED, reason))
        else:
            days.append(_open_day(office, day, slots, held, group_size))
        day += datetime.timedelta(days=1)
    return days


def _slot_state(office, day, slot, held, group_size) -> SlotAvailability:
    groups_left = max(office.groups_per_slot - held[(day, slot.pk, SlotHold.Kind.GROUP)], 0)
    persons_left = max(office.persons_per_slot - held[(day, slot.pk, SlotHold.Kind.PERSON)], 0)
    largest_bookable = min(persons_left, office.largest_group) if groups_left else 0
    if groups_left == 0 or persons_left == 0:
        reason = _("fully booked")
    elif group_size > office.largest_group:
        reason = _("groups of at most %(n)d people") % {"n": office.largest_group}
    elif group_size > largest_bookable:
        reason = _("room for a group of up to %(n)d people") % {"n": largest_bookable}
    else:
        reason = ""
    too_large = group_size > office.largest_group
    return SlotAvailability(
        slot, groups_left, persons_left, largest_bookable, fits=not reason, reason=reason, too_large=too_large
    )


def _open_day(office, day, slots, held, group_size) -> DayAvailability:
    states = [_slot_state(office, day, slot, held, group_size) for slot in slots]
    if not slots:
        return DayAvailability(day, DayStatus.CLOSED, _("No visit slots"), states)
    if all(state.is_untouched for state in states) and any(state.fits for state in states):
        status = DayStatus.FREE
    elif any(state.fits for state in states):
        status = DayStatus.PARTLY
    else:
        status = DayStatus.FULL
    if status != DayStatus.FULL:
        reason = ""
    elif group_size > office.largest_group:
        reason = _("Groups of at most %(n)d people") % {"n": office.largest_group}
    else:
        reason = _("Fully booked for a group of %(n)d") % {"n": group_size}
    return DayAvailability(day, status, reason, states)


def check_choices(office, choices, group_size: int, *, exclude_request=None, today=None, earliest=None) -> list[str]:
    """Why each of the (day, slot) `choices` cannot be booked; empty when all can.

    Visitors can ask from `first_bookable_day`; staff pass `earliest` (today). Availability
    is read afresh, so a slot that was offered when the form was shown but has been taken
    since gets "just taken", not a generic error. Any month may be chosen.
    """
    if not choices:
        return []
    problems = []
    earliest = earliest or first_bookable_day(today)
    latest = (today or timezone.localdate()) + datetime.timedelta(days=HORIZON_DAYS)
    days = [day for day, _slot in choices if earliest <= day <= latest]
    states = {
        availability.date: availability
        for availability in (
            office_availability(office, min(days), max(days), group_size, exclude_request) if days else []
        )
    }
    for day, slot in sorted(choices, key=lambda choice: (choice[0], choice[1].start_time)):
        label = weekday_date(day)
        if day < earliest:
            problems.append(
                _("%(day)s can no longer be requested; the first day is %(first)s.")
                % {"day": label, "first": weekday_date(earliest)}
            )
            continue
        if day > latest:
            problems.append(
                _("%(day)s is too far ahead; visits can be booked until %(last)s.")
                % {"day": label, "last": weekday_date(latest)}
            )
            continue
        if slot.office_id != office.pk:
            problems.append(_("%(day)s: that slot belongs to another office.") % {"day": label})
            continue
        availability = states[day]
        if availability.status == DayStatus.CLOSED:
            problems.append(f"{label}: {availability.reason}.")
            continue
        state = next(state for state in availability.slots if state.slot.pk == slot.pk)
        if state.groups_left == 0:
            problems.append(str(SlotJustTaken(day, slot)) + ".")
        elif not state.fits:
            problems.append(str(SlotUnavailable(day, slot, state.reason)) + ".")
    return problems


def requested_holds(start: datetime.date, end: datetime.date, office=None):
    """The group seats held for requested (not yet scheduled) days: the calendar's 'Requested'."""
    holds = SlotHold.objects.filter(
        date__range=(start, end), kind=SlotHold.Kind.GROUP, visit__isnull=True, request__isnull=False
    )
    if office is not None:
        holds = holds.filter(office=office)
    return holds


# --- Writing ---------------------------------------------------------------------------
#
# The ledger order. Every workflow that takes or gives back seats does it in one order: by
# office, then date, then slot (`ledger_order`, the order of the unique key), and inside a
# slot the group seat before the person seats, seat numbers rising (`take_seats`).
# Why: a transaction only waits for another at a seat the other has just taken or given back
# and not yet committed. If both go forward through the same order, the one that waits holds
# nothing further along than the seat it waits for, so the other never needs anything it
# holds: no two transactions wait for each other crosswise (on PostgreSQL that was
# "deadlock detected" and a 500 when two staff confirmed the same two days in opposite
# orders). Rows locked outside the ledger fit the same order: the request's own row is locked
# before any seat (`services.lock`), the yearly reference counter after the last one.
#
# `hold_slots` (a new request), `rehold_slots` (new days for a request, a hand-over) and
# `hold_visit_days` (scheduled visits) all go through `_walk`, the one place that applies
# the order, whatever order the caller lists the days in. Days a request keeps keep their
# seats (nothing is given back and taken again). `release_holds` gives everything back in
# one statement and takes nothing after it, so it needs no order.


def ledger_order(office_id, day: datetime.date, slot_id) -> tuple:
    """The one order in which seats are taken and given back (see above)."""
    return (office_id, day, slot_id)


def hold_slots(request, choices, offices=()) -> None:
    """Take a group seat and `group_size` person seats for each (day, slot) of a new request, at
    the office the slot belongs to (the request's own, or for a study tour any of `offices`),
    or raise. Must run inside the caller's transaction: on any failure the caller rolls back
    and nothing of the request is saved.
    """
    _walk(request, _wanted(request, choices, offices), held=())


def rehold_slots(request, choices, offices=(), *, keep_going=False) -> set:
    """Make the request hold seats for exactly these (day, slot)s instead of what it holds now.

    Days it keeps keep their seats, days it leaves are given back, new days are taken, all in
    ledger order. Without `keep_going` a day that cannot be held raises SlotUnavailable (the
    caller's transaction rolls back and the old days stay held); with it, such a day is left
    out and returned among the refused {(day, slot_id)}.
    """
    return _walk(request, _wanted(request, choices, offices), held=_held(request), keep_going=keep_going)


def hold_visit_days(request, visits) -> None:
    """The scheduled `visits` take their seats in place of what the request held, or raise."""
    wanted = [(visit.office, visit.date, visit.slot, visit) for visit in visits]
    _walk(request, wanted, held=_held(request))


def _wanted(request, choices, offices):
    by_pk = {office.pk: office for office in (request.office, *offices)}
    wanted = []
    for day, slot in choices:
        office = by_pk.get(slot.office_id)
        if office is None:
            raise SlotUnavailable(day, slot, _("that slot belongs to another office"))
        wanted.append((office, day, slot, None))
    return wanted


def _held(request):
    return SlotHold.objects.filter(request=request).values_list(
        "pk", "office_id", "date", "slot_id", "kind", "seat", "visit_id"
    )


def _walk(request, wanted, held, keep_going=False) -> set:
    """Bring the request's seats from `held` to `wanted`, one (office, date, slot) at a time in
    ledger order."""
    held_at, wanted_at = {}, {}
    for row in held:
        held_at.setdefault(ledger_order(row[1], row[2], row[3]), []).append(row)
    for entry in wanted:
        office, day, slot, _visit = entry
        wanted_at.setdefault(ledger_order(office.pk, day, slot.pk), []).append(entry)
    closed = _closed_days(wanted)
    refused, freed = set(), set()
    for key in sorted(held_at.keys() | wanted_at.keys()):
        rows, entries = held_at.get(key, []), wanted_at.get(key, [])
        if key in closed:
            if not keep_going:
                raise closed[key]
            refused.add((key[1], key[2]))
            entries = []
        if len(entries) == 1 and _already_held(rows, entries[0][0], request.group_size):
            _office, _day, _slot, visit = entries[0]
            visit_id = visit.pk if visit is not None else None
            if any(row[6] != visit_id for row in rows):
                SlotHold.objects.filter(pk__in=[row[0] for row in rows]).update(visit=visit)
            continue
        if rows:
            SlotHold.objects.filter(pk__in=[row[0] for row in rows]).delete()
            freed.add(key)
        for office, day, slot, visit in entries:
            if not keep_going:
                hold_seats(request, office, day, slot, request.group_size, visit)
                continue
            try:
                with transaction.atomic():
                    hold_seats(request, office, day, slot, request.group_size, visit)
            except SlotUnavailable:
                refused.add((day, slot.pk))
    _freed(freed)
    return refused


def _closed_days(wanted) -> dict:
    """{ledger key: SlotUnavailable} for the wanted days that cannot be held whatever the seats
    (another office's slot, a closure, a holiday, a day the office does not open); the
    closures of every office wanted come from those kept (`_closures_between`)."""
    if not wanted:
        return {}
    dates = [day for _office, day, _slot, _visit in wanted]
    in_range = _closures_between(min(dates), max(dates))
    closures = {
        office.pk: [closure for closure in in_range if closure.office_id in (None, office.pk)]
        for office, _day, _slot, _visit in wanted
    }
    problems = {}
    for office, day, slot, _visit in wanted:
        if slot.office_id != office.pk:
            reason = _("that slot belongs to another office")
        else:
            reason = closed_reason(office, day, closures[office.pk])
        if reason:
            problems[ledger_order(office.pk, day, slot.pk)] = SlotUnavailable(day, slot, reason)
    return problems


def _upcoming_closures() -> tuple[datetime.date, list]:
    """(a day, every office's closures that end on it or later)."""
    since = timezone.localdate() - datetime.timedelta(days=1)
    return since, list(Closure.objects.filter(end_date__gte=since))


# Every submission checks its days against the closures, which change a few times a year
# (core/kept_briefly.py). Each process keeps them for a second and asks the database only when
# one of those kept touches the days wanted (a tenth of a booking's CPU saved otherwise), so a
# closure removed in another process never refuses a day. One added in another process during
# that second is not seen yet: a booking then may land on the day, as if it had come a second
# earlier; staff see it on the closure's days.
_kept_closures = KeptBriefly(_upcoming_closures, Closure)


def _closures_between(first: datetime.date, last: datetime.date) -> list:
    """Every office's closures that touch the days from `first` to `last`."""
    since, upcoming = _kept_closures.get()
    if first >= since and not any(c.start_date <= last and c.end_date >= first for c in upcoming):
        return []
    return list(Closure.objects.filter(start_date__lte=last, end_date__gte=first))


def _already_held(rows, office, persons) -> bool:
    """Whether `rows` are exactly the seats a group of `persons` needs, all within capacity."""
    groups = [row[5] for row in rows if row[4] == SlotHold.Kind.GROUP]
    people = [row[5] for row in rows if row[4] == SlotHold.Kind.PERSON]
    return (
        len(groups) == 1
        and len(people) == persons
        and max(groups) <= office.groups_per_slot
        and max(people, default=0) <= office.persons_per_slot
    )


def hold_seats(request, office, day, slot, persons, visit=None, *, offer=None) -> None:
    """Take one group seat and `persons` person seats in `office`'s `slot` on `day`, for
    `request` (or for a waiting-list `offer`).

    Only `_walk` and the waiting list's offers call this, in ledger order and once the day
    is known to be open; call the workflows above instead.
    """
    if slot.office_id != office.pk:
        raise SlotUnavailable(day, slot, _("that slot belongs to another office"))
    take_seats(
        SlotHold,
        {"office": office, "date": day, "slot": slot},
        {"request": request, "visit": visit, "offer": offer},
        {SlotHold.Kind.GROUP: (1, office.groups_per_slot), SlotHold.Kind.PERSON: (persons, office.persons_per_slot)},
        lambda: SlotJustTaken(day, slot),
    )


def release_holds(request, visit=None) -> int:
    """Give back every seat the request holds, at offices and sites (or only those of one
    visit); returns how many."""
    holds, site_holds = SlotHold.objects.filter(request=request), SiteHold.objects.filter(request=request)
    if visit is not None:
        holds, site_holds = holds.filter(visit=visit), site_holds.filter(visit=visit)
    places = set(holds.values_list("office_id", "date", "slot_id"))
    deleted, _details = holds.delete()
    site_deleted, _details = site_holds.delete()
    _freed(places)
    return deleted + site_deleted


def _freed(places) -> None:
    if places:
        seats_freed.send(sender=SlotHold, places=sorted(places))
