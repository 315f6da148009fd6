"""Recording booking attempts turned away because a slot was full or the office closed.

The booking form calls `record_refused_choices` when it refuses chosen days; nothing else
writes these rows. Kept apart from the report so that the form imports only this.
"""

import datetime
import logging

from django.db import DatabaseError, transaction
from django.utils import timezone

from insights.models import TurnedAwayAttempt
from visits.availability import HORIZON_DAYS, DayStatus, first_bookable_day, office_availability

logger = logging.getLogger(__name__)
Reason = TurnedAwayAttempt.Reason


def record_turned_away(office, day, slot, reason) -> TurnedAwayAttempt:
    """One attempt at `office` for `day` (and `slot`, or None) refused for `reason` (full or closed)."""
    if reason not in Reason.values:
        raise ValueError(f"unknown reason {reason!r}")
    return TurnedAwayAttempt.objects.create(office=office, day=day, slot=slot, reason=reason)


def refusal_reason(day_availability, slot, group_size, largest_group) -> str | None:
    """Full, closed or None (refused for another reason, or not refused) for one chosen slot.

    Full: no room left in the slot for the group (fully booked, or fewer seats left than it
    needs). A group larger than the office ever takes is refused by a rule, not by demand.
    """
    if day_availability.status == DayStatus.CLOSED:
        return Reason.CLOSED
    state = next((state for state in day_availability.slots if state.slot.pk == slot.pk), None)
    if state is None or state.fits:
        return None
    if state.groups_left == 0 or state.persons_left == 0 or group_size <= largest_group:
        return Reason.FULL
    return None


def record_refused_choices(office, choices, group_size) -> int:
    """Record each (day, slot) of `choices` refused because it was full or closed; the number recorded.

    Availability is read again (three queries) because `check_choices` gives sentences, not
    reasons. Days it refuses for other reasons (too soon, too far ahead, another office's
    slot) are not demand turned away and are skipped. A failure here never stops the form.
    """
    today = timezone.localdate()
    earliest, latest = first_bookable_day(today), today + datetime.timedelta(days=HORIZON_DAYS)
    wanted = [(day, slot) for day, slot in choices if earliest <= day <= latest and slot.office_id == office.pk]
    if not wanted:
        return 0
    days = {
        availability.date: availability
        for availability in office_availability(
            office, min(day for day, _slot in wanted), max(day for day, _slot in wanted), group_size
        )
    }
    attempts = []
    for day, slot in wanted:
        reason = refusal_reason(days[day], slot, group_size, office.largest_group)
        if reason:
            attempts.append(TurnedAwayAttempt(office=office, day=day, slot=slot, reason=reason))
    if not attempts:
        return 0
    try:
        with transaction.atomic():
            TurnedAwayAttempt.objects.bulk_create(attempts)
    except DatabaseError:
        logger.exception("Could not record %d turned-away booking attempts", len(attempts))
        return 0
    return len(attempts)
