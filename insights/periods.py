"""Reporting periods: a year (the default), a quarter, a month or a custom range."""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # inclusive
    kind: str = "custom"

    @property
    def label(self) -> str:
        if self.kind == "year":
            return str(self.start.year)
        if self.kind == "quarter":
            return f"Q{(self.start.month - 1) // 3 + 1} {self.start.year}"
        if self.kind == "month":
            return date_format(self.start, "F Y")
        return f"{self.start:%Y-%m-%d} – {self.end:%Y-%m-%d}"

    def previous(self) -> "Period":
        """The period just before, of the same kind and length."""
        if self.kind in ("year", "quarter", "month"):
            months = {"year": 12, "quarter": 3, "month": 1}[self.kind]
            return Period(_add_months(self.start, -months), self.start - datetime.timedelta(days=1), self.kind)
        length = self.end - self.start
        end = self.start - datetime.timedelta(days=1)
        return Period(end - length, end, "custom")

    def years_back(self, years: int) -> "Period":
        """The same period `years` years earlier (29 February becomes 28 February)."""
        return Period(_shift_year(self.start, -years), _shift_year(self.end, -years), self.kind)


def _add_months(day, months):
    month_index = day.year * 12 + day.month - 1 + months
    return datetime.date(month_index // 12, month_index % 12 + 1, 1)


def _shift_year(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def parse_period(query) -> tuple[Period, list[str]]:
    """The period in the query string; the last finished year when none is given."""
    errors = []
    today = timezone.localdate()
    kind = query.get("period", "year")
    try:
        year = int(query.get("year") or (today.year - 1))
        if not 2000 <= year <= 2100:
            raise ValueError
    except ValueError:
        errors.append(_("The year must be a number between 2000 and 2100."))
        year = today.year - 1
    if kind == "year":
        return Period(datetime.date(year, 1, 1), datetime.date(year, 12, 31), "year"), errors
    if kind == "quarter":
        try:
            quarter = int(query.get("quarter", "1"))
            if not 1 <= quarter <= 4:
                raise ValueError
        except ValueError:
            errors.append(_("The quarter must be 1, 2, 3 or 4."))
            quarter = 1
        start = datetime.date(year, 3 * quarter - 2, 1)
        return Period(start, _add_months(start, 3) - datetime.timedelta(days=1), "quarter"), errors
    if kind == "month":
        try:
            month = int(query.get("month", "1"))
            if not 1 <= month <= 12:
                raise ValueError
        except ValueError:
            errors.append(_("The month must be a number from 1 to 12."))
            month = 1
        start = datetime.date(year, month, 1)
        return Period(start, _add_months(start, 1) - datetime.timedelta(days=1), "month"), errors
    if kind == "custom":
        try:
            start = datetime.date.fromisoformat(query.get("start", ""))
            end = datetime.date.fromisoformat(query.get("end", ""))
            # Years as for the others: beyond them a date is a mistake (and 9999-12-31 overflowed).
            if end < start or (end - start).days > 3660 or start.year < 2000 or end.year > 2100:
                raise ValueError
            return Period(start, end, "custom"), errors
        except ValueError:
            errors.append(
                _(
                    "A custom range needs a start and an end date (YYYY-MM-DD) from 2000 to 2100, "
                    "at most ten years apart."
                )
            )
    else:
        errors.append(_("Unknown period “%(kind)s”.") % {"kind": kind[:20]})
    return Period(datetime.date(year, 1, 1), datetime.date(year, 12, 31), "year"), errors
