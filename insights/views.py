"""Statistics in the staff area, for managers and coordinators."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from insights import charts, tables
from insights.exports import csv_response, xlsx_response
from insights.periods import parse_period
from insights.year_review import create_draft_post, is_finished
from offices.models import OfficePage
from offices.permissions import Action, require


def _office(query, errors):
    slug = query.get("office", "")
    if not slug:
        return None
    office = OfficePage.objects.live().filter(slug=slug).first()
    if office is None:
        errors.append(_("Unknown office “%(office)s”; showing all offices.") % {"office": slug[:40]})
    return office


@require_GET
def statistics(request):
    require(request.user, Action.STATISTICS)
    period, errors = parse_period(request.GET)
    office = _office(request.GET, errors)
    data, current, monthly = tables.build(period, office)
    context = {
        "header_title": _("Statistics"),
        "period": period,
        "office": office,
        "offices": OfficePage.objects.live().order_by("kind", "title"),
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
        "today": timezone.localdate(),
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


@require_POST
def draft_year_in_review(request, year):
    require(request.user, Action.EDIT_CONTENT)
    if not is_finished(year) or year < 2017:
        raise Http404
    try:
        post = create_draft_post(year, request.user)
    except ValueError as error:
        messages.error(request, str(error))
        return redirect("insights_statistics")
    messages.success(request, _("A draft news post with the figures is ready; write the words and publish it."))
    return redirect("wagtailadmin_pages:edit", post.pk)
