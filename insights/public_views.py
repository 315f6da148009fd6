from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from core.page_cache import shared_page
from insights.charts import bar_chart
from insights.year_review import is_finished, review


@require_GET
def latest_year(request):
    return redirect("insights:year_in_review", year=timezone.localdate().year - 1)


@shared_page
@require_GET
def year_in_review(request, year):
    if year < 2017 or not is_finished(year):
        raise Http404
    data = review(year)
    data["charts"] = {"countries": bar_chart(data["countries"][:12]), "focus_areas": bar_chart(data["focus_areas"])}
    return TemplateResponse(request, "insights/year_in_review.html", data)
