"""What the calendars show: visits, requested days, closures, holidays and events per day.

One function gathers everything for a date range in a fixed number of queries; the views
only choose the range (month, week, agenda) and the audience. The public audience never
gets a person: a visit is labelled with the organisation's name only when it consented,
otherwise with its country, size and topic; a requested day is just "Requested".
"""

import datetime
import functools
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django_countries import countries

from catalogue.models import FocusAreaPage, SubAreaPage
from core.dates import month_bounds, time_span
from core.i18n import in_active_language, in_default_language, localized_titles, with_localized_title
from core.page_cache import remember
from offices.models import Closure, OfficePage
from offices.permissions import scope
from schedule.public_tours import occurrences, starts_at
from visits.availability import holiday_name, requested_holds
from visits.models import Visit, VisitRequest, public_name

MAX_SPAN_DAYS = 62
# Request ids passed to the topics' query as values; beyond, it reads them in a subquery.
MAX_LISTED_IDS = 500


class Kind:
    SUMMARY = "summary"
    VISIT = "visit"
    REQUESTED = "requested"
    CLOSURE = "closure"
    HOLIDAY = "holiday"
    EVENT = "event"
    TOUR = "tour"


@dataclass
class Entry:
    kind: str
    label: str
    office: object = None
    start: datetime.datetime | None = None
    end: datetime.datetime | None = None
    url: str = ""
    cancelled: bool = False
    detail: str = ""

    @property
    def sort_key(self):
        order = [Kind.CLOSURE, Kind.HOLIDAY, Kind.EVENT, Kind.TOUR, Kind.SUMMARY, Kind.VISIT, Kind.REQUESTED].index(
            self.kind
        )
        return (self.start.time() if self.start else datetime.time.min, order, self.label)


@dataclass
class CalendarDay:
    date: datetime.date
    entries: list[Entry] = field(default_factory=list)
    in_range: bool = True
    availability: object = None
    booking_links: list = field(default_factory=list)

    @property
    def closed(self):
        return any(entry.kind in (Kind.CLOSURE, Kind.HOLIDAY) for entry in self.entries)

    @property
    def iso(self) -> str:
        return self.date.isoformat()

    @property
    def month_and_weekday(self) -> str:
        """ "March, Wednesday": what a screen reader hears after the day number."""
        return _month_and_weekday(self.date.month, self.date.weekday(), get_language())


@functools.lru_cache(maxsize=256)
def _month_and_weekday(month: int, weekday: int, language: str) -> str:
    # As the date filter's "F, l" would say it, formatted once per name and language rather
    # than for each of a month's 35 cells: a fifth of the month's rendering time.
    return f"{MONTHS[month]}, {WEEKDAYS[weekday]}"


def focus_titles_by_path():
    """{path of a default-language focus area: its title in the active language}, kept with
    the shared parts (retired by any content change)."""
    return remember("focus-titles-by-path", _focus_titles_by_path)


def _focus_titles_by_path():
    rows = list(in_default_language(FocusAreaPage.objects.live()).values_list("pk", "path", "title"))
    titles = localized_titles(FocusAreaPage, [pk for pk, _path, _title in rows])
    return {path: titles.get(pk, title) for pk, path, title in rows}


def topics_by_request(request_ids, focus_titles) -> dict[int, str]:
    """{request id: its topic} for `request_ids` (ids, or a queryset of them), in one query:
    cheaper than prefetching every request's sub-areas."""
    through = VisitRequest.interests.through
    rows = (
        through.objects.filter(visitrequest__in=request_ids)
        .order_by("visitrequest_id", "subareapage__path")
        .values_list("visitrequest_id", "subareapage__path")
    )
    paths = defaultdict(list)
    for request_id, path in rows:
        paths[request_id].append(path)
    return {request_id: topic_from_paths(request_paths, focus_titles) for request_id, request_paths in paths.items()}


def topic_from_paths(sub_area_paths, focus_titles) -> str:
    """The first two focus areas above the given sub-areas (tree paths), in that order."""
    titles = []
    for path in sub_area_paths:
        title = focus_titles.get(path[: len(path) - SubAreaPage.steplen])
        if title and title not in titles:
            titles.append(title)
    return ", ".join(titles[:2])


def public_visit_label(name: str, participants: int, topic: str) -> str:
    """How the public sees a visit: the request's public name (`public_name`), the group's
    size and topic (never a person); `topic` from `topics_by_request`."""
    people = ngettext("%(n)d person", "%(n)d people", participants) % {"n": participants}
    label = f"{name}, {people}"
    return f"{label} — {topic}" if topic else label


# The columns an entry is made of, read as rows rather than as visits with their requests
# and slots: building those objects' query cost the month a millisecond. What it shows of
# a request (reference and organisation for staff, the public name otherwise) never
# includes its contact data, which is neither loaded nor parsed here.
VISIT_COLUMNS = (
    "date",
    "slot__start_time",
    "slot__end_time",
    "office_id",
    "request_id",
    "status",
    "participants",
    "request__reference",
    "request__organisation",
    "request__country",
    "request__consent_public_name",
)
HOLD_COLUMNS = (
    "date",
    "slot__start_time",
    "slot__end_time",
    "office_id",
    "request_id",
    "request__reference",
    "request__organisation",
)


def offices_by_pk() -> dict:
    """{key: default-language office}, each with `localized_title`, in the order the filter
    lists them: for naming the office of an entry and for the filter. A handful, kept with
    the shared parts (retired by any content change) rather than joined into every visit, request and
    closure row. Unpublished offices too: their past visits still show."""
    return remember("calendar-offices-by-pk", _offices_by_pk)


def _offices_by_pk():
    offices = with_localized_title(in_default_language(OfficePage.objects.all())).order_by("kind", "title")
    return {office.pk: office for office in offices}


def visits_between(start, end, *, office=None, focus_area=None, include_cancelled=False):
    """The visits from start to end, to count or to read `VISIT_COLUMNS` of; `office` is for
    filtering (the entries name theirs from `offices_by_pk`)."""
    visits = Visit.objects.filter(date__range=(start, end))
    if not include_cancelled:
        visits = visits.exclude(status=Visit.Status.CANCELLED)
    if office is not None:
        visits = visits.filter(office=office)
    if focus_area is not None:
        visits = visits.filter(
            request__in=VisitRequest.objects.filter(interests__path__startswith=focus_area.path).values("pk")
        )
    return visits


def build_days(
    start,
    end,
    *,
    office=None,
    focus_area=None,
    staff=False,
    viewer=None,
    per_day_limit=None,
    day_url=None,
    offices=None,
) -> dict[datetime.date, CalendarDay]:
    """Every day from start to end (inclusive) with its entries, in a fixed number of queries.

    With `per_day_limit`, a day with more visits and requests than that gets one summary
    entry ("41 visits, 3 requested") linking to `day_url(date)` instead of every entry:
    nobody reads forty lines in a month cell, and the page stays fast however busy.
    `offices` is `offices_by_pk()`, where the caller has it already.
    """
    days = {}
    day = start
    while day <= end:
        days[day] = CalendarDay(day)
        name = holiday_name(day)
        if name:
            days[day].entries.append(Entry(Kind.HOLIDAY, _("Public holiday: %(name)s") % {"name": name}))
        day += datetime.timedelta(days=1)

    offices = offices_by_pk() if offices is None else offices
    closures = Closure.objects.filter(start_date__lte=end, end_date__gte=start)
    if office is not None:
        closures = closures.filter(Q(office=office) | Q(office__isnull=True))
    closures = list(closures)  # shown here, and skipped by the open tours below
    for closure in closures:
        # An editor may have chosen an office's translated page: not among the kept ones.
        closed = offices.get(closure.office_id) or closure.office if closure.office_id else None
        where = (getattr(closed, "localized_title", None) or closed.title) if closed else _("All offices")
        current = max(closure.start_date, start)
        while current <= min(closure.end_date, end):
            days[current].entries.append(Entry(Kind.CLOSURE, f"{where}: {closure.public_note}", office=closed))
            current += datetime.timedelta(days=1)

    visits = visits_between(start, end, office=office, focus_area=focus_area, include_cancelled=staff)
    holds = _requested_holds(start, end, office, focus_area)
    if staff:  # staff see what offices.permissions lets `viewer` see, never more
        visits, holds = scope(viewer, visits), scope(viewer, holds)
    if per_day_limit is None:
        visit_rows, hold_rows = list(_visit_rows(visits)), list(_hold_rows(holds))
    else:
        visit_rows, hold_rows = _rows_of_quiet_days(days, visits, holds, per_day_limit, day_url)

    request_ids, topics = {row.request_id for row in visit_rows}, {}
    if len(request_ids) > MAX_LISTED_IDS:  # a long range without summaries (the API, the day view)
        topics = topics_by_request(visits.values("request_id"), focus_titles_by_path())
    elif request_ids:
        topics = topics_by_request(request_ids, focus_titles_by_path())
    for row in visit_rows:
        begins, ends = time_span(row.date, row.slot__start_time, row.slot__end_time)
        if staff:
            label = (
                f"{row.request__reference} {row.request__organisation} ({countries.name(row.request__country)}), "
                + ngettext("%(n)d person", "%(n)d people", row.participants) % {"n": row.participants}
            )
            url = reverse("visits_staff:detail", args=[row.request_id])
        else:
            name = public_name(row.request__organisation, row.request__country, row.request__consent_public_name)
            label, url = public_visit_label(name, row.participants, topics.get(row.request_id, "")), ""
        days[row.date].entries.append(
            Entry(
                Kind.VISIT,
                label,
                office=offices.get(row.office_id),
                start=begins,
                end=ends,
                url=url,
                cancelled=row.status == Visit.Status.CANCELLED,
                detail=topics.get(row.request_id, "") if staff else "",
            )
        )

    for row in hold_rows:
        if staff:
            label = _("Requested: %(reference)s %(organisation)s") % {
                "reference": row.request__reference,
                "organisation": row.request__organisation,
            }
            url = reverse("visits_staff:detail", args=[row.request_id])
        else:
            label, url = _("Requested"), ""
        begins, ends = time_span(row.date, row.slot__start_time, row.slot__end_time)
        days[row.date].entries.append(
            Entry(Kind.REQUESTED, label, office=offices.get(row.office_id), start=begins, end=ends, url=url)
        )

    for first, last, label, url in events_between(start, end, focus_area):
        current = max(first, start)
        while current <= min(last, end):
            days[current].entries.append(Entry(Kind.EVENT, label, url=url))
            current += datetime.timedelta(days=1)

    if focus_area is None:  # an open tour is about the whole platform, no one topic
        for tour, day, left in occurrences(start, end, office=office, closures=closures):
            begins = starts_at(tour, day)
            label = ngettext(
                "%(tour)s: %(left)d of %(places)d place left", "%(tour)s: %(left)d of %(places)d places left", left
            ) % {"tour": tour.title, "left": left, "places": tour.places}
            days[day].entries.append(
                Entry(
                    Kind.TOUR,
                    label,
                    office=offices.get(tour.office_id),
                    start=begins,
                    end=begins + datetime.timedelta(minutes=tour.duration_minutes),
                    url=reverse("schedule:tour_day", args=[tour.pk, day.isoformat()]),
                )
            )

    for calendar_day in days.values():
        calendar_day.entries.sort(key=lambda entry: entry.sort_key)
    return days


def events_between(start, end, focus_area=None) -> list[tuple]:
    """[(first day, last day, label, address)] of the events from `start` to `end`: content,
    so kept with the shared parts (a booking does not retire them; an edit does)."""
    key = f"calendar-events:{start}:{end}:{focus_area.pk if focus_area else ''}"
    return remember(key, lambda: _events_between(start, end, focus_area))


def _events_between(start, end, focus_area):
    from schedule.models import EventPage

    events = in_active_language(EventPage.objects.live()).filter(start_date__lte=end, end_date__gte=start)
    if focus_area is not None:
        events = events.filter(focus_areas=focus_area)
    return [
        (event.start_date, event.end_date, f"{event.title}, {event.city}", event.url)
        for event in events.order_by("start_date")
    ]


def _visit_rows(visits):
    # Rows named by their columns: a label must never take one column for another.
    return visits.order_by("date", "slot__start_time", "pk").values_list(*VISIT_COLUMNS, named=True)


def _hold_rows(holds):
    return holds.order_by("date", "slot__start_time").values_list(*HOLD_COLUMNS, named=True)


def _rows_of_quiet_days(days, visits, holds, per_day_limit, day_url) -> tuple[list, list]:
    """The rows (`_visit_rows`, `_hold_rows`) of `visits` and `holds` on the days with at most
    `per_day_limit` of them together; each busier day gets a summary entry instead
    ("41 visits, 3 requested", linking to `day_url(date)`).

    Rows are read up to one more than the days could show, and counted as they are: two
    queries fewer in most months. Only visits or requested days with more rows than that
    are counted in the database and their quiet days' rows read, so that a conference
    week's hundreds of visits are never loaded (a window function, each row with its day's
    total, would count and read at once, but Django builds that query's SQL at twice the
    cost of both counts and the rows together).
    """
    most = per_day_limit * len(days)
    visit_rows, hold_rows = list(_visit_rows(visits)[: most + 1]), list(_hold_rows(holds)[: most + 1])
    visit_counts = _counts_by_day(visits) if len(visit_rows) > most else Counter(row.date for row in visit_rows)
    hold_counts = _counts_by_day(holds) if len(hold_rows) > most else Counter(row.date for row in hold_rows)
    busy = {day for day in days if visit_counts.get(day, 0) + hold_counts.get(day, 0) > per_day_limit}
    for day in sorted(busy):
        label = _("%(visits)s, %(requested)s") % {
            "visits": ngettext("%(n)d visit", "%(n)d visits", visit_counts.get(day, 0))
            % {"n": visit_counts.get(day, 0)},
            "requested": ngettext("%(n)d requested", "%(n)d requested", hold_counts.get(day, 0))
            % {"n": hold_counts.get(day, 0)},
        }
        days[day].entries.append(Entry(Kind.SUMMARY, label, url=day_url(day) if day_url else ""))
    return (
        _quiet(visit_rows, lambda: _visit_rows(visits.exclude(date__in=busy)), busy, most),
        _quiet(hold_rows, lambda: _hold_rows(holds.exclude(date__in=busy)), busy, most),
    )


def _quiet(rows_read: list, read_quiet_days, busy: set, most: int) -> list:
    """The rows not on a busy day: from those read, unless there were more than `most`."""
    if len(rows_read) > most:
        return list(read_quiet_days())
    return [row for row in rows_read if row.date not in busy]


def _counts_by_day(queryset) -> dict:
    return dict(queryset.order_by().values_list("date").annotate(n=Count("pk")))


def _requested_holds(start, end, office, focus_area):
    """Group seats held by requests that are not yet scheduled: the 'Requested' entries (to
    count or to read `HOLD_COLUMNS` of)."""
    holds = requested_holds(start, end, office)
    if focus_area is not None:
        holds = holds.filter(
            request__in=VisitRequest.objects.filter(interests__path__startswith=focus_area.path).values("pk")
        )
    return holds


def month_weeks(year: int, month: int) -> tuple[datetime.date, datetime.date, list[list[datetime.date]]]:
    """The Monday-to-Sunday weeks that cover a month: (first shown day, last shown day, weeks)."""
    first, last = month_bounds(datetime.date(year, month, 1))
    start = first - datetime.timedelta(days=first.weekday())
    end = last + datetime.timedelta(days=6 - last.weekday())
    weeks, day = [], start
    while day <= end:
        weeks.append([day + datetime.timedelta(days=i) for i in range(7)])
        day += datetime.timedelta(days=7)
    return start, end, weeks


def week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())
