"""When an office can receive a group: the single source of truth for booking and calendars.

A day is closed when the office does not open that weekday, on a Swedish public holiday
(the `holidays` package, public and de-facto holidays such as Midsummer Eve), or inside
a closure of that office or of all offices. On an open day each slot has group seats
and person seats; what is held is counted from the SlotHold ledger in one query.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from zoneinfo import ZoneInfo

import holidays
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from offices.models import WEEKDAYS, Closure

STOCKHOLM = ZoneInfo("Europe/Stockholm")


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
    fits: bool
    reason: str = ""

    @property
    def is_untouched(self):
        return (
            self.groups_left == self.slot.office.groups_per_slot
            and self.persons_left == self.slot.office.persons_per_slot
        )


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


@cache
def _holidays(year: int) -> dict:
    return dict(holidays.Sweden(years=year, categories=("public", "de_facto")))


def holiday_name(day: datetime.date) -> str | None:
    return _holidays(day.year).get(day)


def slot_bounds(day: datetime.date, slot) -> tuple[datetime.datetime, datetime.datetime]:
    """The slot's start and end on `day` as aware datetimes (Swedish local time)."""
    start = datetime.datetime.combine(day, slot.start_time, tzinfo=STOCKHOLM)
    end = datetime.datetime.combine(day, slot.end_time, tzinfo=STOCKHOLM)
    return start, end


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
    from visits.models import SlotHold

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


def _open_day(office, day, slots, held, group_size) -> DayAvailability:
    slot_states = []
    for slot in slots:
        groups_left = max(office.groups_per_slot - held[(day, slot.pk, "group")], 0)
        persons_left = max(office.persons_per_slot - held[(day, slot.pk, "person")], 0)
        if groups_left == 0:
            reason = _("fully booked")
        elif persons_left < group_size:
            reason = _("room for %(n)d more people") % {"n": persons_left}
        else:
            reason = ""
        slot_states.append(SlotAvailability(slot, groups_left, persons_left, fits=not reason, reason=reason))
    if not slots:
        return DayAvailability(day, DayStatus.CLOSED, _("No visit slots"), slot_states)
    if all(state.is_untouched for state in slot_states):
        status = DayStatus.FREE
    elif any(state.fits for state in slot_states):
        status = DayStatus.PARTLY
    else:
        status = DayStatus.FULL
    reason = "" if status != DayStatus.FULL else _("Fully booked for a group of %(n)d") % {"n": group_size}
    return DayAvailability(day, status, reason, slot_states)


def check_bookable(office, day: datetime.date, slot, group_size: int, exclude_request=None) -> str | None:
    """None when a group of `group_size` can still be booked, else the reason it cannot."""
    if slot.office_id != office.pk:
        return _("That slot belongs to another office.")
    (availability,) = office_availability(office, day, day, group_size, exclude_request)
    if availability.status == DayStatus.CLOSED:
        return availability.reason
    state = next(state for state in availability.slots if state.slot.pk == slot.pk)
    return state.reason or None
