"""The itinerary and the confirmed programme as a PDF document and as an iCalendar file.

Both are built from one list of `Entry`s per day (stops, travel legs, programme items), so
the PDF and the calendar always tell the same programme. Files from a private status link
carry only that request's own programme.
"""

import datetime
from dataclasses import dataclass

import icalendar
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import STOCKHOLM, minutes_of, weekday_date
from core.maps import HEIGHT, WIDTH, MapPoint, sweden_outline_path
from tours.travel import Leg, Mode

PRODID = "-//Smart City Sweden//Showcase study tours//EN"


@dataclass
class Entry:
    kind: str  # "stop", "travel" or "item"
    date: datetime.date
    start: datetime.time
    end: datetime.time | None
    title: str
    place: str = ""
    office: str = ""
    detail: str = ""
    number: int = 0
    latitude: float | None = None
    longitude: float | None = None

    def bounds(self):
        start = datetime.datetime.combine(self.date, self.start, tzinfo=STOCKHOLM)
        if self.end is None:
            return start, start + datetime.timedelta(minutes=30)
        end = datetime.datetime.combine(self.date, self.end, tzinfo=STOCKHOLM)
        if end <= start:  # an overnight leg ends the next day
            end += datetime.timedelta(days=1)
        return start, end


def _travel_entry(leg: Leg, origin: str, destination: str, previous_end, day, stop_start):
    """The leg before a stop: straight after the previous stop on the same day, otherwise so
    that it ends when the stop begins, or in the evening before if the morning is too short."""
    if not leg.minutes:
        return None
    prev_date, prev_time = previous_end
    if prev_date == day:
        start_date, start = prev_date, prev_time
    elif minutes_of(stop_start) - leg.minutes >= 7 * 60:
        start_date, start = day, _add(stop_start, -leg.minutes)
    else:
        start_date, start = prev_date, prev_time
    end = _add(start, leg.minutes)
    title = _("Travel from %(from)s to %(to)s") % {"from": origin, "to": destination}
    return Entry("travel", start_date, start, end, title, detail=leg.describe())


def _add(value: datetime.time, minutes: int) -> datetime.time:
    total = (minutes_of(value) + minutes) % (24 * 60)
    return datetime.time(total // 60, total % 60)


def itinerary_entries(itinerary):
    """The planned tour as entries: each stop with the leg that leads to it, and the way out."""
    tour = itinerary.tour
    entries = []
    previous_end = (tour.arrival_date, tour.arrival_time)
    previous_place = tour.arrival_place.name
    for number, placement in enumerate(itinerary.placements, start=1):
        title = getattr(placement.page, "localized_title", None) or placement.page.title
        leg = _travel_entry(
            placement.leg, previous_place, placement.place, previous_end, placement.date, placement.start
        )
        if leg:
            entries.append(leg)
        office = placement.office
        entries.append(
            Entry(
                "stop",
                placement.date,
                placement.start,
                placement.end,
                title,
                place=placement.place,
                office=getattr(office, "localized_title", None) or office.title,
                detail=placement.reason,
                number=number,
                latitude=float(placement.page.latitude),
                longitude=float(placement.page.longitude),
            )
        )
        previous_end, previous_place = (placement.date, placement.end), placement.place
    final = _travel_entry(
        itinerary.final_leg,
        previous_place,
        tour.departure_place.name,
        previous_end,
        tour.departure_date,
        tour.departure_time,
    )
    if final and itinerary.placements:
        entries.append(final)
    return entries


def request_entries(visit_request):
    """A submitted request's programme: its tour stops, or else its confirmed visit days."""
    stops = list(visit_request.itinerary_stops.select_related("office", "slot"))
    entries = []
    if stops:
        previous = None
        for number, stop in enumerate(stops, start=1):
            if stop.travel_minutes and previous is not None:
                leg = Leg(stop.travel_minutes, stop.travel_mode or Mode.ROAD, 0.0)
                entry = _travel_entry(
                    leg, previous.place, stop.place, (previous.date, previous.end_time), stop.date, stop.start_time
                )
                if entry:
                    entries.append(entry)
            entries.append(
                Entry(
                    "stop",
                    stop.date,
                    stop.start_time,
                    stop.end_time,
                    stop.title,
                    place=stop.place,
                    office=stop.office.title,
                    number=number,
                    latitude=float(stop.latitude),
                    longitude=float(stop.longitude),
                )
            )
            previous = stop
        return entries
    visits = visit_request.visits.exclude(status="cancelled").select_related("office", "slot")
    for visit in visits:
        office = visit.office
        entries.append(
            Entry(
                "stop",
                visit.date,
                visit.slot.start_time,
                visit.slot.end_time,
                _("Study visit: %(office)s") % {"office": office.title},
                place=office.city,
                office=f"{office.street_address}, {office.postal_code} {office.city}",
                latitude=float(office.latitude),
                longitude=float(office.longitude),
            )
        )
        for time, text in visit.programme_items():
            if time:
                hour, minute = (int(part) for part in time.split(":"))
                entries.append(Entry("item", visit.date, datetime.time(hour, minute), None, text))
    entries.sort(key=lambda entry: (entry.date, entry.start, entry.kind != "stop"))
    return entries


def _days(entries):
    days = {}
    for entry in entries:
        days.setdefault(entry.date, []).append(entry)
    return [{"date": day, "label": weekday_date(day), "entries": items} for day, items in sorted(days.items())]


def _map(entries):
    points = [
        MapPoint(f"{entry.number}. {entry.title}", "", entry.latitude, entry.longitude)
        for entry in entries
        if entry.kind == "stop" and entry.latitude is not None
    ]
    points = [point for point in points if point.inside]
    return {"outline": sweden_outline_path(), "width": WIDTH, "height": HEIGHT, "points": points}


def itinerary_document(itinerary, request=None):
    tour = itinerary.tour
    entries = itinerary_entries(itinerary)
    return {
        "title": _("Study tour in Sweden"),
        "subtitle": _("%(from)s to %(to)s, %(n)d people")
        % {"from": weekday_date(tour.arrival_date), "to": weekday_date(tour.departure_date), "n": tour.group_size},
        "days": _days(entries),
        "map": _map(entries),
        "unplaced": itinerary.unplaced,
        "generated": timezone.localtime(),
        "note": _("A plan, not a booking: the offices confirm the days after you send the request."),
    }


def programme_document(visit_request):
    entries = request_entries(visit_request)
    confirmed = visit_request.visits.exclude(status="cancelled").exists()
    return {
        "title": _("Programme of visit request %(reference)s") % {"reference": visit_request.reference},
        "subtitle": visit_request.get_status_display(),
        "days": _days(entries),
        "map": _map(entries),
        "unplaced": [],
        "generated": timezone.localtime(),
        "note": ""
        if confirmed
        else _("Requested, not yet confirmed: the offices confirm the days after reviewing the request."),
    }


def _calendar(entries, name, uid_prefix):
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now()
    for index, entry in enumerate(entries):
        start, end = entry.bounds()
        event = icalendar.Event()
        event.add("uid", f"{uid_prefix}-{index}-{entry.kind}@showcase.smartcitysweden")
        event.add("dtstamp", stamp)
        event.add("dtstart", start)
        event.add("dtend", end)
        event.add("summary", entry.title)
        location = ", ".join(part for part in (entry.place, entry.office) if part)
        if location:
            event.add("location", location)
        if entry.latitude is not None:
            event.add("geo", (entry.latitude, entry.longitude))
        if entry.detail:
            event.add("description", entry.detail)
        event.add("transp", "TRANSPARENT" if entry.kind == "travel" else "OPAQUE")
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def itinerary_calendar(itinerary) -> bytes:
    plan_id = itinerary.tour.plan_id
    return _calendar(itinerary_entries(itinerary), _("Study tour in Sweden"), f"tour-{plan_id}")


def programme_calendar(visit_request) -> bytes:
    return _calendar(
        request_entries(visit_request),
        _("Programme of visit request %(reference)s") % {"reference": visit_request.reference},
        f"request-{visit_request.pk}",
    )
