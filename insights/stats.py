"""The figures of a reporting period, computed by the database.

Definitions (the year-in-review and the tests rely on them):
- requests received: requests whose received date falls in the period, counted at the
  office that holds them now (a request handed over counts at its new office);
- visits held: completed visit days in the period, at the office where they took place;
- delegations: requests with at least one completed visit day in the period;
- visitors: per delegation, the largest number of participants of its days in the period
  (a delegation seeing two offices is counted once), summed;
- lead time: average days from receiving a request (its UTC date) to each visit day held in
  the period.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Avg, CharField, Count, FloatField, Func, Max, Q, Sum
from django.db.models.functions import Cast, Substr
from django_countries import countries

from catalogue.models import FocusAreaPage, SubAreaPage
from core.dates import STOCKHOLM
from core.i18n import in_default_language, localized_titles
from offices.models import OfficePage
from outcomes.models import FollowUp
from visits.models import Visit, VisitRequest
from visits.services import CONFIRMED_OR_LATER

Status = VisitRequest.Status


class DaysBetween(Func):
    """Days from a timestamp's (UTC) date to a date, in plain SQL on both databases.

    Django's own date arithmetic calls a Python function per row on SQLite, which is what
    made the statistics slow with many visits.
    """

    output_field = FloatField()
    arity = 2

    def as_sqlite(self, compiler, connection, **extra_context):
        return self._sql(compiler, connection, "julianday({end}) - julianday(date({start}))")

    def as_postgresql(self, compiler, connection, **extra_context):
        return self._sql(
            compiler, connection, "CAST(({end} - CAST({start} AT TIME ZONE 'UTC' AS date)) AS double precision)"
        )

    def _sql(self, compiler, connection, template):
        (start_sql, start_params), (end_sql, end_params) = (
            compiler.compile(expression) for expression in self.get_source_expressions()
        )
        return template.format(start=start_sql, end=end_sql), [*start_params, *end_params]


def held_visits(period, office=None):
    visits = Visit.objects.filter(status=Visit.Status.COMPLETED, date__range=(period.start, period.end))
    return visits.filter(office=office) if office is not None else visits


def received_requests(period, office=None):
    # A range on the stored timestamp (not __date, which SQLite evaluates row by row in Python).
    start = datetime.datetime.combine(period.start, datetime.time.min, tzinfo=STOCKHOLM)
    end = datetime.datetime.combine(period.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=STOCKHOLM)
    requests = VisitRequest.objects.filter(created_at__gte=start, created_at__lt=end)
    return requests.filter(office=office) if office is not None else requests


def delegations(period, office=None):
    return VisitRequest.objects.filter(pk__in=held_visits(period, office).values("request_id"))


@dataclass
class Figures:
    requests_received: int = 0
    visits_held: int = 0
    delegations: int = 0
    visitors: int = 0
    countries: int = 0
    on_site: int = 0
    digital: int = 0
    lead_time_days: float | None = None
    confirmed: int = 0
    declined: int = 0
    withdrawn: int = 0
    follow_ups: int = 0
    extra: dict = field(default_factory=dict)

    def share(self, name):
        return round(100 * getattr(self, name) / self.requests_received) if self.requests_received else None


def figures(period, office=None) -> Figures:
    visits = held_visits(period, office)
    # Largest day per delegation, summed: an aggregate over a grouped subquery (no correlation).
    sizes = visits.order_by().values("request").annotate(largest=Max("participants"))
    totals = sizes.aggregate(delegations=Count("request"), visitors=Sum("largest"))
    groups = delegations(period, office).aggregate(
        countries=Count("country", distinct=True),
        on_site=Count("pk", filter=Q(format=VisitRequest.Format.ON_SITE)),
        digital=Count("pk", filter=Q(format=VisitRequest.Format.DIGITAL)),
    )
    lead = visits.annotate(days_ahead=DaysBetween("request__created_at", "date")).aggregate(
        held=Count("pk"), lead=Avg("days_ahead")
    )
    received = received_requests(period, office).aggregate(
        total=Count("pk"),
        confirmed=Count("pk", filter=Q(status__in=CONFIRMED_OR_LATER)),
        declined=Count("pk", filter=Q(status=Status.DECLINED)),
        withdrawn=Count("pk", filter=Q(status=Status.WITHDRAWN)),
    )
    follow_ups = FollowUp.objects.filter(start_date__range=(period.start, period.end))
    if office is not None:
        follow_ups = follow_ups.filter(office=office)
    return Figures(
        requests_received=received["total"],
        visits_held=lead["held"],
        delegations=totals["delegations"],
        visitors=totals["visitors"] or 0,
        countries=groups["countries"],
        on_site=groups["on_site"],
        digital=groups["digital"],
        lead_time_days=round(lead["lead"], 1) if lead["lead"] is not None else None,
        confirmed=received["confirmed"],
        declined=received["declined"],
        withdrawn=received["withdrawn"],
        follow_ups=follow_ups.count(),
    )


def change(current, earlier):
    """Percentage change, or None when there is nothing to compare with."""
    if not earlier or current is None:
        return None
    return round(100 * (current - earlier) / earlier)


def top_countries(period, office=None, limit=None):
    rows = (
        delegations(period, office)
        .values("country")
        .annotate(delegations=Count("pk"))
        .order_by("-delegations", "country")
    )
    rows = rows[:limit] if limit else rows
    return [(countries.name(row["country"]), row["delegations"]) for row in rows]


def top_sub_areas(period, office=None, limit=10):
    rows = (
        VisitRequest.interests.through.objects.filter(visitrequest__in=delegations(period, office))
        .values("subareapage_id", "subareapage__title")
        .annotate(delegations=Count("visitrequest", distinct=True))
        .order_by("-delegations", "subareapage__title")
    )
    rows = list(rows[:limit])
    titles = localized_titles(SubAreaPage, [row["subareapage_id"] for row in rows])
    return [(titles.get(row["subareapage_id"], row["subareapage__title"]), row["delegations"]) for row in rows]


def top_focus_areas(period, office=None):
    through = VisitRequest.interests.through
    path_length = len(in_default_language(FocusAreaPage.objects.all()).values_list("path", flat=True).first() or "")
    rows = (
        through.objects.filter(visitrequest__in=delegations(period, office))
        .annotate(prefix=Substr("subareapage__path", 1, path_length))
        .values("prefix")
        .annotate(delegations=Count("visitrequest", distinct=True))
        .order_by("-delegations")
    )
    focus_areas = list(in_default_language(FocusAreaPage.objects.all()).values_list("pk", "path", "title"))
    localized = localized_titles(FocusAreaPage, [pk for pk, _path, _title in focus_areas])
    titles = {path: localized.get(pk, title) for pk, path, title in focus_areas}
    return [(titles.get(row["prefix"], "?"), row["delegations"]) for row in rows]


def by_office(period):
    rows = (
        held_visits(period)
        .values("office_id", "office__title")
        .annotate(delegations=Count("request", distinct=True), visits=Count("pk"), visitors=Sum("participants"))
        .order_by("-delegations", "office__title")
    )
    rows = list(rows)
    titles = localized_titles(OfficePage, [row["office_id"] for row in rows])
    return [
        (titles.get(row["office_id"], row["office__title"]), row["delegations"], row["visits"], row["visitors"])
        for row in rows
    ]


def follow_ups_by_kind(period, office=None):
    follow_ups = FollowUp.objects.filter(start_date__range=(period.start, period.end))
    if office is not None:
        follow_ups = follow_ups.filter(office=office)
    labels = dict(FollowUp.Kind.choices)
    rows = follow_ups.values("kind").annotate(n=Count("pk")).order_by("-n", "kind")
    return [(str(labels[row["kind"]]), row["n"]) for row in rows]


def monthly_delegations(first_year, last_year, office=None):
    """{year: [12 monthly counts]} of delegations, one query."""
    visits = Visit.objects.filter(status=Visit.Status.COMPLETED, date__year__gte=first_year, date__year__lte=last_year)
    if office is not None:
        visits = visits.filter(office=office)
    # "YYYY-MM" from the ISO text of the date: plain SQL on both databases (no Python UDF on SQLite).
    rows = (
        visits.annotate(month=Substr(Cast("date", CharField()), 1, 7))
        .values("month")
        .annotate(n=Count("request", distinct=True))
        .order_by()
    )
    series = {year: [0] * 12 for year in range(first_year, last_year + 1)}
    for row in rows:
        year, month = (int(part) for part in row["month"].split("-"))
        series[year][month - 1] = row["n"]
    return series


def funnel(period, office=None):
    received = received_requests(period, office)
    return [
        ("requests", received.count()),
        ("confirmed", received.filter(status__in=CONFIRMED_OR_LATER).count()),
        ("followed_up", received.filter(status=Status.FOLLOWED_UP).count()),
        ("outcomes", FollowUp.objects.filter(requests__in=received).distinct().count()),
    ]


def group_small(rows, threshold=3, other_label="Other"):
    """Public figures: values below `threshold` are summed into one "other" row."""
    kept = [row for row in rows if row[1] >= threshold]
    small = sum(row[1] for row in rows if row[1] < threshold)
    return kept + ([(other_label, small)] if small else [])
