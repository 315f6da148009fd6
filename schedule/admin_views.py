"""The staff calendar inside the Wagtail admin: the same views with full details."""

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from offices.permissions import Action, office_of, require
from schedule.models import CalendarFeedToken
from schedule.params import CalendarParams
from schedule.views import calendar_context


@require_GET
def staff_calendar(request):
    require(request.user, Action.VIEW)
    params = CalendarParams.parse(request.GET)
    if params.office is None:  # office staff start on their own office's days and free slots
        params.office = office_of(request.user)
    context = calendar_context(request, params, staff=True, path=request.path)
    token = CalendarFeedToken.for_user(request.user)
    feed_url = request.build_absolute_uri(reverse("schedule:feed_staff", args=[token.token]))
    context.update(
        {
            "page_title": _("Calendar"),
            "header_title": _("Calendar"),
            "feed_url": feed_url,
            "webcal_url": "webcal://" + feed_url.split("://", 1)[1],
        }
    )
    return TemplateResponse(request, "schedule/admin/calendar.html", context, status=400 if params.errors else 200)


@require_POST
def regenerate_feed_token(request):
    require(request.user, Action.VIEW)
    CalendarFeedToken.for_user(request.user).regenerate()
    messages.success(request, _("Your private calendar link is new; the old one no longer works."))
    return redirect("schedule_admin_calendar")
