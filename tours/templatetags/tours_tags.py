from django import template

from tours import services
from tours.forms import TourSettingsForm
from tours.planner import MAX_STOPS, stay_days

register = template.Library()


def planner_context(request, plan, form=None) -> dict:
    """What the planner shows: the visitor's inputs and, once the dates are set, the itinerary."""
    tour, itinerary = services.itinerary_for(plan)
    return {
        "request": request,
        "plan": plan,
        "tour": tour,
        "itinerary": itinerary,
        "tour_form": form or TourSettingsForm(instance=tour),
        "stay_days": stay_days(tour) if tour else [],
        "max_stops": MAX_STOPS,
    }


@register.inclusion_tag("tours/includes/planner.html", takes_context=True)
def tour_planner(context):
    return planner_context(context["request"], context.get("plan"), context.get("tour_form"))


@register.simple_tag
def itinerary_of(visit_request):
    """The stops of a submitted study tour, in order (empty for a request to one office)."""
    return list(visit_request.itinerary_stops.select_related("office", "slot").prefetch_related("office__visit_slots"))


@register.filter
def travel_time(minutes):
    from tours.travel import format_minutes

    try:
        return format_minutes(int(minutes))
    except (TypeError, ValueError):
        return ""


@register.filter
def can_move_stop(stop, user):
    """Staff who handle this stop's day, while the request's days can still change."""
    from offices.permissions import can_handle_day
    from visits.services import EDITABLE_BY_REQUESTER

    request = stop.request
    return request.status in EDITABLE_BY_REQUESTER and can_handle_day(user, request, stop.office)
