"""The staff side of the waiting lists: every list of the office (or of all offices), in
order, with moves and removals. Permissions as for requests (offices.permissions); each
change is written to the entry's audit trail (WaitingListChange)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from offices.permissions import Action, can, require, scope
from visits import waiting_list
from visits.models import WaitingListEntry
from visits.staff_views import staff_view


@staff_view
@require_GET
def index(request):
    require(request.user, Action.VIEW)
    entries = scope(
        request.user,
        WaitingListEntry.objects.filter(status__in=waiting_list.ON_THE_LIST, date__gte=timezone.localdate()),
    ).select_related("office", "slot")
    return TemplateResponse(
        request,
        "visits/staff/waiting_lists.html",
        {
            "header_title": _("Waiting lists"),
            "entries": entries.order_by("office__title", "date", "slot__start_time", "position", "pk"),
            "can_handle": can(request.user, Action.HANDLE),
            "show_contact": can(request.user, Action.VIEW_CONTACT),
        },
    )


def _entry_for(user, pk):
    require(user, Action.HANDLE)
    entry = get_object_or_404(scope(user, WaitingListEntry.objects.select_related("office")), pk=pk)
    require(user, Action.HANDLE, entry.office)
    return entry


@staff_view
@require_POST
def move(request, pk):
    entry = _entry_for(request.user, pk)
    up = request.POST.get("direction") == "up"
    try:
        moved = waiting_list.move(entry, up=up, actor=request.user)
    except waiting_list.WaitingListRefused as refusal:
        messages.error(request, str(refusal))
    else:
        if not moved:
            messages.info(
                request,
                _("%(organisation)s is already at that end of the list.") % {"organisation": entry.organisation},
            )
    return redirect("visits_waiting:index")


@staff_view
@require_POST
def remove(request, pk):
    entry = _entry_for(request.user, pk)
    try:
        waiting_list.leave(entry, actor=request.user, reason=request.POST.get("reason", "")[:500])
    except waiting_list.WaitingListRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request, _("%(organisation)s was taken off the waiting list.") % {"organisation": entry.organisation}
        )
    return redirect("visits_waiting:index")
