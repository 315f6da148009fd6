"""Statistics and the demand report in the staff area, for managers and coordinators; the year
in review for them and editors."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.i18n import in_default_language
from insights import charts, demand_tables, tables
from insights.exports import csv_response, xlsx_response
from insights.periods import parse_period
from insights.year_review import create_draft_post, is_finished
from offices.models import OfficePage
from offices.permissions import Action, can, require

FIRST_REVIEW_YEAR = 2017  # the platform's first full year


def may_draft_news(user) -> bool:
    """Coordinators, managers and editors may turn a finished year into a draft news post."""
    return can(user, Action.DRAFT_NEWS)


def _reviewable(year) -> bool:
    return year >= FIRST_REVIEW_YEAR and is_finished(year)


def _office(query, errors):
    slug = query.get("office", "")
    if not slug:
        return None
    office = in_default_language(OfficePage.objects.live()).filter(slug=slug).first()
    if office is None:
        errors.append(_("Unknown office “%(office)s”; showing all offices.") % {"office": slug[:40]})
    return office


def _year_in_review_only(request):
    """For editors: the finished years, each with the public review and the draft button; no figures."""
    last = timezone.localdate().year - 1  # the last finished year
    context = {
        "header_title": _("Year in review"),
        "review_years": list(range(last, FIRST_REVIEW_YEAR - 1, -1)),
        "may_draft": True,
    }
    return TemplateResponse(request, "insights/statistics.html", context)


@require_GET
def statistics(request):
    if not can(request.user, Action.STATISTICS) and may_draft_news(request.user):
        return _year_in_review_only(request)
    require(request.user, Action.STATISTICS)
    period, errors = parse_period(request.GET)
    office = _office(request.GET, errors)
    data, current, monthly = tables.build(period, office)
    context = {
        "header_title": _("Statistics"),
        "period": period,
        "office": office,
        "offices": in_default_language(OfficePage.objects.live()).order_by("kind", "title"),
        "errors": errors,
        "figures": current,
        "tables": data,
        "query": request.GET.urlencode(),
        "charts": {
            "monthly": charts.line_chart(monthly),
            "countries": charts.bar_chart(data["countries"][1][:12]),
            "focus_areas": charts.bar_chart(data["focus_areas"][1]),
            "offices": charts.bar_chart([(row[0], row[1]) for row in data["offices"][1]]),
            "funnel": charts.bar_chart(data["funnel"][1]),
        },
        "years": range(period.end.year - 8, period.end.year + 2),
        "show_figures": True,
        "review_years": [period.start.year] if period.kind == "year" and _reviewable(period.start.year) else [],
        "may_draft": may_draft_news(request.user),
    }
    return TemplateResponse(request, "insights/statistics.html", context, status=400 if errors else 200)


@require_GET
def download(request, table, fmt):
    require(request.user, Action.STATISTICS)
    period, errors = parse_period(request.GET)
    office = _office(request.GET, errors)
    data, _current, _monthly = tables.build(period, office)
    if table not in data or fmt not in ("csv", "xlsx"):
        raise Http404
    headers, rows = data[table]
    filename = slugify(f"{table}-{period.label}-{office.slug if office else 'all-offices'}")
    return (csv_response if fmt == "csv" else xlsx_response)(filename, headers, rows)


# The demand report shows this many practices on the page; the downloads have them all.
PRACTICES_SHOWN = 25


@require_GET
def demand(request):
    require(request.user, Action.STATISTICS)
    period, errors = parse_period(request.GET)
    office = _office(request.GET, errors)
    data = demand_tables.build(period, office)
    shown = {
        name: (headers, rows[:PRACTICES_SHOWN] if name in ("stars", "practices") else rows)
        for name, (headers, rows) in data.items()
    }
    context = {
        "header_title": _("Demand report"),
        "period": period,
        "office": office,
        "offices": in_default_language(OfficePage.objects.live()).order_by("kind", "title"),
        "errors": errors,
        "tables": shown,
        "counts": {name: len(rows) for name, (_headers, rows) in data.items()},
        "practices_shown": PRACTICES_SHOWN,
        "query": request.GET.urlencode(),
        "charts": {
            "stars": charts.bar_chart(data["stars"][1][:12]),
            "practices": charts.paired_bar_chart(data["practices"][1], limit=12),
            "offices": charts.paired_bar_chart(data["offices"][1]),
            "months": charts.paired_bar_chart(data["months"][1][-36:]),
            "turned_away": charts.paired_bar_chart(data["turned_away"][1]),
        },
        "years": range(period.end.year - 8, period.end.year + 2),
    }
    return TemplateResponse(request, "insights/demand.html", context, status=400 if errors else 200)


@require_GET
def demand_download(request, table, fmt):
    require(request.user, Action.STATISTICS)
    period, errors = parse_period(request.GET)
    office = _office(request.GET, errors)
    if errors:  # a download of another period than the one asked for would mislead
        return HttpResponse("\n".join(errors), status=400, content_type="text/plain; charset=utf-8")
    if table not in demand_tables.NAMES or fmt not in ("csv", "xlsx"):
        raise Http404
    headers, rows = demand_tables.build(period, office)[table]
    filename = slugify(f"demand-{table}-{period.label}-{office.slug if office else 'all-offices'}")
    return (csv_response if fmt == "csv" else xlsx_response)(filename, headers, rows)


@require_POST
def draft_year_in_review(request, year):
    if not may_draft_news(request.user):
        raise PermissionDenied
    if not _reviewable(year):
        raise Http404
    try:
        post = create_draft_post(year, request.user)
    except ValueError as error:
        messages.error(request, str(error))
        return redirect("insights_statistics")
    messages.success(request, _("A draft news post with the figures is ready; write the words and publish it."))
    return redirect("wagtailadmin_pages:edit", post.pk)
