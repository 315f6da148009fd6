from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from insights.year_review import is_finished, review


@require_GET
def latest_year(request):
    return redirect("insights:year_in_review", year=timezone.localdate().year - 1)


@require_GET
def year_in_review(request, year):
    if year < 2017 or not is_finished(year):
        raise Http404
    return TemplateResponse(request, "insights/year_in_review.html", review(year))
