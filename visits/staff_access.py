"""Which visit request a staff member may open, and for what: one rule for the staff pages
and the staff API (the permission grid itself lives in offices.permissions)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from offices.permissions import Action, can, require, scope
from visits.models import VisitRequest


def request_for(user, pk, action=Action.VIEW, requests=None) -> VisitRequest:
    """The request `pk` from `requests` (default: all), as `user` may have it for `action`.

    The role is checked first: an editor is refused (403), not told "not found". A request
    outside what the user may see is a 404, never confirmed to exist. One they may see
    because a day is at their office, while its own office handles it, is a 403 for
    anything but reading it.
    """
    require(user, action)
    queryset = VisitRequest.objects.all() if requests is None else requests
    visit_request = get_object_or_404(scope(user, queryset), pk=pk)
    if action != Action.VIEW and not can(user, action, visit_request.office):
        raise PermissionDenied
    return visit_request
