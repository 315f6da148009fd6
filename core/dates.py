"""Dates and times shared by every app: the Swedish time zone and month arithmetic."""

import datetime
import functools
from pathlib import Path
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
    return time_span(day, slot.start_time, slot.end_time)


def time_span(
    day: datetime.date, start: datetime.time, end: datetime.time
) -> tuple[datetime.datetime, datetime.datetime]:
    """`start` and `end` on `day` as aware datetimes in Swedish local time."""
    combine = datetime.datetime.combine
    return combine(day, start, tzinfo=STOCKHOLM), combine(day, end, tzinfo=STOCKHOLM)


# China keeps one official time (Beijing) although the tz database lists two zones.
_COUNTRY_ZONE_OVERRIDES = {"CN": "Asia/Shanghai"}


@functools.cache
def _single_zone_countries() -> dict[str, str]:
    """{ISO country code: time zone} for every country with exactly one zone in the tz database."""
    from importlib import resources

    zones: dict[str, list[str]] = {}
    try:
        table = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        table = Path("/usr/share/zoneinfo/zone.tab").read_text(encoding="utf-8")
    for line in table.splitlines():
        if line and not line.startswith("#"):
            code, _coordinates, zone, *_comment = line.split("\t")
            zones.setdefault(code, []).append(zone)
    return {code: names[0] for code, names in zones.items() if len(names) == 1}


def visitor_zone(country_code: str | None) -> ZoneInfo | None:
    """The time zone of a country with one (None for several, e.g. the USA, or unknown)."""
    if not country_code:
        return None
    name = _COUNTRY_ZONE_OVERRIDES.get(country_code) or _single_zone_countries().get(country_code)
    return ZoneInfo(name) if name else None


# A day with its weekday, as each language writes it ("Friday 27 November 2026",
# "fredag 27 november 2026", "2026年11月27日 星期五").
WEEKDAY_DATE_FORMATS = {"zh-hans": "Y年n月j日 l"}


def weekday_date(day) -> str:
    from django.utils.dateformat import format as date_format

    from core.i18n import active_language

    if not day:
        return ""
    return date_format(day, WEEKDAY_DATE_FORMATS.get(active_language(), "l j F Y"))


def minutes_of(value: datetime.time) -> int:
    """Minutes after midnight of a clock time."""
    return value.hour * 60 + value.minute


def time_of(minutes: int) -> datetime.time:
    """The clock time `minutes` after midnight, kept within the day (00:00–23:59)."""
    minutes = min(max(int(minutes), 0), 23 * 60 + 59)
    return datetime.time(minutes // 60, minutes % 60)
