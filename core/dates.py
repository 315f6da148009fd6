"""Dates and times shared by every app: the Swedish time zone and month arithmetic."""

import datetime
from zoneinfo import ZoneInfo

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The first day of the month `months` after (or before, if negative) `day`'s month."""
    year, month = divmod(day.month - 1 + months, 12)
    return datetime.date(day.year + year, month + 1, 1)


def month_bounds(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and the last day of `day`'s month."""
    first = day.replace(day=1)
    return first, add_months(first, 1) - datetime.timedelta(days=1)


def slot_bounds(day: datetime.date, slot) -> tuple[datetime.datetime, datetime.datetime]:
    """A slot's start and end (anything with `start_time` and `end_time`) on `day`, as aware
    datetimes in Swedish local time, summer time included."""
    return (
        datetime.datetime.combine(day, slot.start_time, tzinfo=STOCKHOLM),
        datetime.datetime.combine(day, slot.end_time, tzinfo=STOCKHOLM),
    )
