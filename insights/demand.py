"""The demand report's figures, computed by the database: stars, requested against confirmed
visits, and booking attempts turned away.

Definitions (the page states them; the tests rely on them):
- stars: visit plans that star a best practice, counting stars added in the period and
  still in a plan (removing a star removes it here); a star on a translation counts for the
  default-language practice, once per plan. With an office chosen: the practices in the
  office's region (the head office receives for all regions and sees every practice).
  Anonymous: nothing about a plan but its count.
- the cohort: requests received in the period (Stockholm dates), counted at the office that
  holds them now, as on the statistics page.
- requested: cohort requests; for a practice, cohort requests that listed it from the visit plan.
- confirmed: cohort requests now confirmed, completed or followed up (a request cancelled
  after confirmation is not counted); for a practice, cohort requests with a scheduled or
  completed visit day that shows the practice as a site (staff may add a site the delegation
  did not list, so confirmed can exceed requested for a practice).
- turned away: (day, slot) choices the booking form refused because the slot was full or
  the office closed, one per choice per submission, by when the attempt was made.
"""

import datetime

from django.db.models import Count, DateField, Q
from django.db.models.functions import TruncMonth

from catalogue.models import BestPracticePage
from core.dates import STOCKHOLM
from core.i18n import in_default_language, localized_titles
from insights.models import TurnedAwayAttempt
from insights.stats import received_requests
from offices.models import OfficePage
from visits.models import Visit, VisitPlanItem, VisitRequest
from visits.services import CONFIRMED_OR_LATER

Reason = TurnedAwayAttempt.Reason
# Plan items and request items point at any page (companies and experts too).
IS_PRACTICE = {"page__content_type__app_label": "catalogue", "page__content_type__model": "bestpracticepage"}
CONFIRMED = Q(status__in=CONFIRMED_OR_LATER)


def moments(period):
    """The period as [start, end) aware datetimes in Stockholm, for ranges on stored timestamps."""
    start = datetime.datetime.combine(period.start, datetime.time.min, tzinfo=STOCKHOLM)
    end = datetime.datetime.combine(period.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=STOCKHOLM)
    return start, end


def months(period) -> list[datetime.date]:
    """The first day of each month the period touches."""
    first, result = period.start.replace(day=1), []
    while first <= period.end:
        result.append(first)
        first = (first + datetime.timedelta(days=32)).replace(day=1)
    return result


def _month(field):
    return TruncMonth(field, output_field=DateField(), tzinfo=STOCKHOLM)


def star_counts(period, office=None) -> dict:
    """{translation key of a practice: visit plans starring it}, one query."""
    start, end = moments(period)
    items = VisitPlanItem.objects.filter(added_at__gte=start, added_at__lt=end, **IS_PRACTICE)
    if office is not None and office.region_id is not None:
        items = items.filter(page__bestpracticepage__county__region_id=office.region_id)
    rows = items.values("page__translation_key").annotate(n=Count("plan", distinct=True)).order_by()
    return {row["page__translation_key"]: row["n"] for row in rows}


def requested_counts(period, office=None) -> dict:
    """{translation key of a practice: cohort requests that listed it}, one query."""
    through = VisitRequest.plan_items.through
    rows = (
        through.objects.filter(visitrequest__in=received_requests(period, office), **IS_PRACTICE)
        .values("page__translation_key")
        .annotate(n=Count("visitrequest", distinct=True))
        .order_by()
    )
    return {row["page__translation_key"]: row["n"] for row in rows}


def confirmed_counts(period, office=None) -> dict:
    """{translation key of a practice: cohort requests with a scheduled or completed day showing it}, one query."""
    through = Visit.sites.through
    rows = (
        through.objects.filter(
            visit__status__in=(Visit.Status.SCHEDULED, Visit.Status.COMPLETED),
            visit__request__in=received_requests(period, office),
        )
        .values("bestpracticepage__translation_key")
        .annotate(n=Count("visit__request", distinct=True))
        .order_by()
    )
    return {row["bestpracticepage__translation_key"]: row["n"] for row in rows}


def practice_titles(keys) -> dict:
    """{translation key: title of the default-language practice, in the active language}; one
    query, two outside the default language. Keys without a default-language practice are left out."""
    if not keys:
        return {}
    practices = list(
        in_default_language(BestPracticePage.objects.filter(translation_key__in=list(keys))).values_list(
            "translation_key", "pk", "title"
        )
    )
    localized = localized_titles(BestPracticePage, [pk for _key, pk, _title in practices])
    return {key: localized.get(pk, title) for key, pk, title in practices}


def practices(period, office=None):
    """(stars rows, requested rows): [(title, stars)] most starred first, and
    [(title, requested, confirmed)] most requested first; four queries."""
    stars = star_counts(period, office)
    requested, confirmed = requested_counts(period, office), confirmed_counts(period, office)
    titles = practice_titles(stars.keys() | requested.keys() | confirmed.keys())
    star_rows = sorted(((titles[key], n) for key, n in stars.items() if key in titles), key=lambda r: (-r[1], r[0]))
    demand_rows = sorted(
        (
            (title, requested.get(key, 0), confirmed.get(key, 0))
            for key, title in titles.items()
            if key in requested or key in confirmed
        ),
        key=lambda row: (-row[1], -row[2], row[0]),
    )
    return star_rows, demand_rows


def share(part, whole):
    """Whole percent, or None when there is nothing to divide."""
    return round(100 * part / whole) if whole else None


def by_office(period, office=None):
    """[(office, requested, confirmed, share confirmed %)], most requests first; one query
    (two outside the default language)."""
    rows = list(
        received_requests(period, office)
        .values("office_id", "office__title")
        .annotate(requested=Count("pk"), confirmed=Count("pk", filter=CONFIRMED))
        .order_by("-requested", "office__title")
    )
    titles = localized_titles(OfficePage, [row["office_id"] for row in rows])
    return [
        (
            titles.get(row["office_id"], row["office__title"]),
            row["requested"],
            row["confirmed"],
            share(row["confirmed"], row["requested"]),
        )
        for row in rows
    ]


def turned_away_attempts(period, office=None):
    start, end = moments(period)
    attempts = TurnedAwayAttempt.objects.filter(created_at__gte=start, created_at__lt=end)
    return attempts.filter(office=office) if office is not None else attempts


def _reasons():
    return {
        "full": Count("pk", filter=Q(reason=Reason.FULL)),
        "closed": Count("pk", filter=Q(reason=Reason.CLOSED)),
        "total": Count("pk"),
    }


def by_month(period, office=None):
    """[(YYYY-MM, requested, confirmed, turned away: full, turned away: closed)] for every
    month of the period, zeros included; two queries."""
    requests = (
        received_requests(period, office)
        .annotate(month=_month("created_at"))
        .values("month")
        .annotate(requested=Count("pk"), confirmed=Count("pk", filter=CONFIRMED))
        .order_by()
    )
    attempts = (
        turned_away_attempts(period, office).annotate(month=_month("created_at")).values("month").annotate(**_reasons())
    ).order_by()
    requested = {row["month"]: row for row in requests}
    turned = {row["month"]: row for row in attempts}
    rows = []
    for month in months(period):
        received, away = requested.get(month, {}), turned.get(month, {})
        rows.append(
            (
                f"{month:%Y-%m}",
                received.get("requested", 0),
                received.get("confirmed", 0),
                away.get("full", 0),
                away.get("closed", 0),
            )
        )
    return rows


def turned_away(period, office=None, days=20):
    """([(office, full, closed, total)] most first, [(office, requested day, full, closed, total)]
    for the `days` most refused days); two queries (three outside the default language)."""
    per_office = list(
        turned_away_attempts(period, office)
        .values("office_id", "office__title")
        .annotate(**_reasons())
        .order_by("-total", "office__title")
    )
    per_day = list(
        turned_away_attempts(period, office)
        .values("office_id", "office__title", "day")
        .annotate(**_reasons())
        .order_by("-total", "day", "office__title")[:days]
    )
    titles = localized_titles(OfficePage, [row["office_id"] for row in per_office])

    def title(row):
        return titles.get(row["office_id"], row["office__title"])

    return (
        [(title(row), row["full"], row["closed"], row["total"]) for row in per_office],
        [(title(row), row["day"], row["full"], row["closed"], row["total"]) for row in per_day],
    )
