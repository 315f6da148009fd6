"""Study-tour workflows: what the visitor sets and pins, submitting a planned tour, and staff
moving a stop. Seats are taken and given back only through `visits.services`."""

import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.dates import minutes_of, time_of, weekday_date
from offices.models import OfficePage
from tours.models import ItineraryStop, TourPin, TourSettings
from tours.planner import plan_tour
from visits import plans
from visits import services as visit_services
from visits.models import VisitPlan, VisitRequest


class ItineraryChanged(Exception):
    """The itinerary is no longer the one the visitor looked at (a slot was taken meanwhile)."""


def tour_practices(plan):
    """The plan's starred best practices, in the order they were starred (a fixed number of queries)."""
    from catalogue.models import BestPracticePage

    if not plan:
        return []
    return [
        item.specific
        for _office, items in plans.plan_entries(plan)
        for item in items
        if isinstance(item.specific, BestPracticePage)
    ]


def itinerary_for(plan, today=None):
    """(settings, itinerary) for the plan, or (None, None) before the visitor set the dates."""
    if not plan:
        return None, None
    tour = TourSettings.objects.select_related("arrival_place", "departure_place").filter(plan=plan).first()
    if tour is None:
        return None, None
    pins = list(TourPin.objects.filter(plan=plan))
    return tour, plan_tour(tour, tour_practices(plan), pins, today=today)


@transaction.atomic
def save_settings(plan: VisitPlan | None, values: dict) -> VisitPlan:
    """Store the planner's inputs (creating the plan if needed). Pins on days outside the new
    stay are dropped: they could never be kept."""
    if not plan:
        plan = VisitPlan.objects.create()
    TourSettings.objects.update_or_create(plan=plan, defaults=values)
    TourPin.objects.filter(plan=plan).exclude(date__range=(values["arrival_date"], values["departure_date"])).delete()
    return plan


@transaction.atomic
def clear_tour(plan: VisitPlan) -> None:
    TourSettings.objects.filter(plan=plan).delete()
    TourPin.objects.filter(plan=plan).delete()


@transaction.atomic
def pin_stop(plan: VisitPlan, page, day: datetime.date, slot=None) -> TourPin:
    """Move a stop to a day (slot None) or lock it on a day and slot; replaces an earlier pin."""
    TourPin.objects.filter(plan=plan, page=page).delete()
    try:
        with transaction.atomic():
            return TourPin.objects.create(plan=plan, page=page, date=day, slot=slot)
    except IntegrityError:  # the same click twice at once: the other one's pin stands
        return TourPin.objects.get(plan=plan, page=page)


def unpin_stop(plan: VisitPlan, page) -> bool:
    deleted, _details = TourPin.objects.filter(plan=plan, page=page).delete()
    return bool(deleted)


def coordinating_office(itinerary):
    """One office handles the request: the only one involved, or the head office for several."""
    offices = itinerary.offices()
    if len(offices) == 1:
        return offices[0], ""
    head = OfficePage.objects.filter(kind=OfficePage.Kind.HEAD, locale__language_code="en").first()
    head = head or OfficePage.objects.filter(kind=OfficePage.Kind.HEAD).first()
    cities = sorted({placement.place for placement in itinerary.placements})
    reason = _("A study tour across %(cities)s: the head office coordinates, each office hosts its own days.") % {
        "cities": ", ".join(cities)
    }
    return head, reason


def _stop_rows(visit_request, itinerary):
    return [
        ItineraryStop(
            request=visit_request,
            page=placement.page,
            title=placement.page.title,
            place=placement.place,
            latitude=placement.page.latitude,
            longitude=placement.page.longitude,
            office=placement.office,
            date=placement.date,
            slot=placement.slot,
            start_time=placement.start,
            end_time=placement.end,
            travel_minutes=min(placement.leg.minutes, 32767),
            travel_mode=placement.leg.mode,
            travel_from=placement.leg_from[:120],
        )
        for placement in itinerary.placements
    ]


def submit_tour(plan, *, requester: dict, interests, language: str, seen: str, today=None) -> VisitRequest:
    """Book the planned tour as one request across its offices, or raise.

    The itinerary is planned afresh; if it differs from the one the visitor saw (`seen`),
    ItineraryChanged is raised and nothing is saved. Every office's seats are taken in one
    transaction by `visits.services.submit_request`: a full day anywhere saves nothing
    (SlotUnavailable).
    """
    tour, itinerary = itinerary_for(plan, today)
    if itinerary is None or not itinerary.placements or itinerary.problems:
        raise ItineraryChanged(_("Plan the tour first: it has no day that can be booked."))
    if itinerary.fingerprint() != seen:
        raise ItineraryChanged(
            _("Your itinerary changed while you were filling in the form (a day was taken). Check it and send again.")
        )
    office, reason = coordinating_office(itinerary)
    plan_pages = [item.specific for _office, items in plans.plan_entries(plan) for item in items]
    return visit_services.submit_request(
        fields={
            **requester,
            "group_size": tour.group_size,
            "format": tour.format,
            "office": office,
            "office_was_suggested": True,
            "routing_reason": reason,
            "language": language,
        },
        choices=itinerary.choices(),
        offices=itinerary.offices(),
        interests=interests,
        plan_items=plan_pages,
        then=lambda visit_request: ItineraryStop.objects.bulk_create(_stop_rows(visit_request, itinerary)),
    )


def move_stop(stop: ItineraryStop, *, day: datetime.date, slot, start: datetime.time, actor) -> None:
    """Staff move one stop of a submitted tour; the seats follow and the requester is told."""
    visit_request = stop.request
    stops = list(visit_request.itinerary_stops.select_related("slot", "office"))
    for other in stops:
        if other.pk == stop.pk:
            other.date, other.slot, other.start_time = day, slot, start
            duration = minutes_of(stop.end_time) - minutes_of(stop.start_time)
            other.end_time = time_of(minutes_of(start) + duration)
            moved = other
    if moved.end_time > slot.end_time or start < slot.start_time:
        raise visit_services.TransitionRefused(
            _("The visit must start and end within the %(slot)s slot (%(start)s–%(end)s).")
            % {
                "slot": slot.display_label,
                "start": slot.start_time.strftime("%H:%M"),
                "end": slot.end_time.strftime("%H:%M"),
            }
        )
    choices = list({(row.date, row.slot.pk): (row.date, row.slot) for row in stops}.values())
    offices = list({row.office.pk: row.office for row in stops}.values())
    change = _("%(title)s: now %(day)s, %(start)s–%(end)s.") % {
        "title": stop.title,
        "day": weekday_date(day),
        "start": moved.start_time.strftime("%H:%M"),
        "end": moved.end_time.strftime("%H:%M"),
    }

    def save(_visit_request):
        moved.save(update_fields=["date", "slot", "start_time", "end_time"])

    visit_services.move_requested_days(
        visit_request, choices, actor=actor, changes=[change], offices=offices, then=save
    )
