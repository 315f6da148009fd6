"""Staff move a stop of a submitted study tour (in the Wagtail admin, beside the request)."""

import datetime

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from offices.models import VisitSlot
from offices.permissions import Action, can_handle_day, require, scope
from tours import services
from tours.models import ItineraryStop
from visits.availability import SlotUnavailable
from visits.models import VisitRequest
from visits.services import TransitionRefused


def _parse(request, stop):
    try:
        day = datetime.date.fromisoformat(request.POST.get("date", ""))
        start = datetime.time.fromisoformat(request.POST.get("start", ""))
        slot = VisitSlot.objects.get(pk=int(request.POST.get("slot", "")), office=stop.office)
    except (ValueError, OverflowError, VisitSlot.DoesNotExist):
        return None
    return day, slot, start


@require_POST
def move_stop(request, pk):
    require(request.user, Action.VIEW)
    visible = scope(request.user, VisitRequest.objects.all())
    stop = get_object_or_404(
        ItineraryStop.objects.select_related("request__office", "office", "slot").filter(request__in=visible), pk=pk
    )
    if not can_handle_day(request.user, stop.request, stop.office):
        return TemplateResponse(request, "visits/staff/denied.html", {"header_title": _("Not allowed")}, status=403)
    parsed = _parse(request, stop)
    back = redirect("visits_staff:detail", stop.request_id)
    if parsed is None:
        messages.error(request, _("Nothing was changed: choose a day, one of the office's slots and a start time."))
        return back
    day, slot, start = parsed
    try:
        services.move_stop(stop, day=day, slot=slot, start=start, actor=request.user)
    except (TransitionRefused, SlotUnavailable) as error:
        messages.error(request, str(error))
        return back
    messages.success(request, _("The stop is moved and the requester is told."))
    return back
