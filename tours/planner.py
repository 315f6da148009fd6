"""The study-tour planner: from the starred best practices to a day-by-day itinerary.

It asks `visits.availability` which office slots are free on each day of the stay (opening
days, Swedish holidays, closures, seats for the group), keeps the slots that suit each site
(its visiting days, largest group, on site or digital, the day or slot the visitor pinned),
measures the legs with `tours.travel`, lets `tours.solver` order the stops, and says for
every stop why it is where it is, or why it could not be placed.
"""

import datetime
import hashlib
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from core.dates import minutes_of, time_of, weekday_date
from core.i18n import in_default_language
from offices.models import WEEKDAYS, OfficePage
from tours import solver
from tours.travel import Leg, Mode, Point, TravelTable, format_minutes
from visits.availability import HORIZON_DAYS, DayStatus, first_bookable_day, office_availability

DEFAULT_DURATION_MINUTES = 90
MAX_TOUR_DAYS = 7
MAX_STOPS = solver.MAX_STOPS
NO_LEG = Leg(0, Mode.LOCAL, 0.0)


@dataclass
class Placement:
    page: object
    office: object
    date: datetime.date
    slot: object
    start: datetime.time
    end: datetime.time
    leg: Leg
    leg_from: str
    reason: str
    pin: object = None

    @property
    def locked(self):
        return bool(self.pin and self.pin.slot_id)

    @property
    def moved(self):
        return bool(self.pin and not self.pin.slot_id)

    @property
    def place(self):
        return self.page.municipality


@dataclass
class Unplaced:
    page: object
    reason: str
    pin: object = None


@dataclass
class TourDay:
    date: datetime.date
    placements: list = field(default_factory=list)


@dataclass
class Itinerary:
    tour: object
    days: list = field(default_factory=list)
    unplaced: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    final_leg: Leg = NO_LEG
    final_leg_from: str = ""
    travel_minutes: int = 0
    solve_ms: float = 0.0

    @property
    def placements(self):
        return [placement for day in self.days for placement in day.placements]

    @property
    def is_complete(self):
        return not self.problems and not self.unplaced and bool(self.placements)

    def choices(self):
        """The (date, slot) seats the tour needs: one per office slot, however many sites it sees then."""
        seen = {}
        for placement in self.placements:
            seen.setdefault((placement.date, placement.slot.pk), (placement.date, placement.slot))
        return list(seen.values())

    def offices(self):
        found = {}
        for placement in self.placements:
            found.setdefault(placement.office.pk, placement.office)
        return list(found.values())

    def fingerprint(self) -> str:
        """Changes whenever a stop would move: the booking form sends it back to catch that."""
        text = (
            "|".join(f"{p.page.pk}:{p.date:%Y%m%d}:{p.slot.pk}:{p.start:%H%M}" for p in self.placements)
            + f"#{len(self.unplaced)}"
        )
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def stay_days(tour):
    count = (tour.departure_date - tour.arrival_date).days + 1
    return [tour.arrival_date + datetime.timedelta(days=offset) for offset in range(max(count, 0))]


def check_stay(tour, today=None) -> list[str]:
    """Why the dates of the stay cannot be planned; empty when they can."""
    first = first_bookable_day(today)
    latest = first - datetime.timedelta(days=1) + datetime.timedelta(days=HORIZON_DAYS)
    problems = []
    if tour.departure_date < tour.arrival_date:
        problems.append(_("The departure day is before the arrival day."))
    elif (tour.departure_date - tour.arrival_date).days + 1 > MAX_TOUR_DAYS:
        problems.append(_("A study tour is planned for at most %(n)d days.") % {"n": MAX_TOUR_DAYS})
    elif tour.departure_date == tour.arrival_date and tour.departure_time <= tour.arrival_time:
        problems.append(_("On a one-day visit you must leave after you arrive."))
    if tour.arrival_date < first:
        problems.append(_("Tours can be planned from %(day)s on.") % {"day": weekday_date(first)})
    if tour.departure_date > latest:
        problems.append(_("Tours can be planned until %(day)s.") % {"day": weekday_date(latest)})
    return problems


def weekday_span(days) -> str:
    """'Monday to Friday', 'Tuesday to Thursday', or 'Monday, Wednesday and Friday'."""
    names = dict(WEEKDAYS)
    days = sorted(set(days))
    if not days:
        return ""
    if len(days) >= 3 and days == list(range(days[0], days[-1] + 1)):
        return _("%(first)s to %(last)s") % {"first": names[days[0]], "last": names[days[-1]]}
    if len(days) == 1:
        return str(names[days[0]])
    return _("%(list)s and %(last)s") % {
        "list": ", ".join(str(names[day]) for day in days[:-1]),
        "last": names[days[-1]],
    }


def _offices_by_region():
    offices = in_default_language(OfficePage.objects.live()).filter(region__isnull=False)
    return {office.region_id: office for office in offices.prefetch_related("visit_slots")}


class _Stop:
    """A practice as the planner sees it: where, how long, and which slots it could take."""

    def __init__(self, page, office, duration, pin):
        self.page, self.office, self.duration, self.pin = page, office, duration, pin
        self.windows = []
        self.refusals = []  # (date or None, reason)

    @property
    def point(self):
        return Point(self.page.municipality, float(self.page.latitude), float(self.page.longitude))


def plan_tour(tour, practices, pins=(), *, today=None, table=None) -> Itinerary:
    """The best itinerary for `tour` (TourSettings or alike) through `practices`."""
    itinerary = Itinerary(tour)
    itinerary.problems = check_stay(tour, today)
    practices = list(practices)
    if len(practices) > MAX_STOPS:
        itinerary.problems.append(
            _("A study tour can plan up to %(n)d best practices; remove some from your plan.") % {"n": MAX_STOPS}
        )
    if itinerary.problems:
        return itinerary
    days = stay_days(tour)
    itinerary.days = [TourDay(day) for day in days]
    pins = {pin.page_id: pin for pin in pins}
    offices = _offices_by_region()
    stops = []
    for page in practices:
        office = offices.get(page.county.region_id) if page.county_id else None
        duration = page.duration_minutes or DEFAULT_DURATION_MINUTES
        stop = _Stop(page, office, duration, pins.get(page.pk))
        if office is None:
            itinerary.unplaced.append(Unplaced(page, _("No office arranges visits to it yet."), stop.pin))
            continue
        stops.append(stop)
    _find_windows(tour, stops, days)
    digital = tour.format == "digital"
    table = table or TravelTable.load()
    arrival = Point(tour.arrival_place.name, float(tour.arrival_place.latitude), float(tour.arrival_place.longitude))
    departure = Point(
        tour.departure_place.name, float(tour.departure_place.latitude), float(tour.departure_place.longitude)
    )
    points = [arrival, *(stop.point for stop in stops), departure]
    legs = [
        [NO_LEG if digital or a == b else table.leg(points[a], points[b], tour.travel_mode) for b in range(len(points))]
        for a in range(len(points))
    ]
    problem = solver.Problem(
        stops=[solver.Stop(stop, stop.duration, stop.windows) for stop in stops],
        travel=[[leg.minutes for leg in row] for row in legs],
        earliest=solver.active_minute(0, minutes_of(tour.arrival_time)),
        latest=solver.active_minute(len(days) - 1, minutes_of(tour.departure_time)),
    )
    solution = solver.solve(problem)
    itinerary.solve_ms = solution.wall_ms
    if not solution.feasible:
        leg = legs[0][-1]
        itinerary.problems.append(
            _("Getting from %(from)s to %(to)s takes %(leg)s: arrive earlier or leave later.")
            % {"from": arrival.name, "to": departure.name, "leg": leg.describe()}
        )
        return itinerary
    previous, previous_name = 0, arrival.name
    by_date = {day.date: day for day in itinerary.days}
    for visit in solution.visits:
        stop = stops[visit.stop]
        date, slot = visit.window.key
        _day_index, clock = solver.clock_of(visit.start)
        placement = Placement(
            page=stop.page,
            office=stop.office,
            date=date,
            slot=slot,
            start=time_of(clock),
            end=time_of(clock + stop.duration),
            leg=legs[previous][visit.stop + 1],
            leg_from=previous_name,
            reason=_placement_reason(stop, date, slot, digital),
            pin=stop.pin,
        )
        by_date[date].placements.append(placement)
        previous, previous_name = visit.stop + 1, stop.page.municipality
    itinerary.final_leg, itinerary.final_leg_from = legs[previous][-1], previous_name
    itinerary.travel_minutes = solution.travel_minutes
    placed = {visit.stop for visit in solution.visits}
    for index, stop in enumerate(stops):
        if index not in placed:
            reason = _unplaced_reason(stop, index, stops, legs, problem, days, arrival, departure)
            itinerary.unplaced.append(Unplaced(stop.page, reason, stop.pin))
    return itinerary


def _find_windows(tour, stops, days):
    """Each stop's windows: the free slots of its office on the days the site and the visitor allow."""
    availability = {}
    for office in {stop.office.pk: stop.office for stop in stops}.values():
        availability[office.pk] = office_availability(office, days[0], days[-1], tour.group_size)
    digital = tour.format == "digital"
    for stop in stops:
        page = stop.page
        if digital and not page.visitable_digitally:
            stop.refusals.append((None, _("it cannot be visited digitally")))
            continue
        if not digital and not page.visitable_on_site:
            stop.refusals.append((None, _("it can only be visited digitally")))
            continue
        if page.largest_group and tour.group_size > page.largest_group:
            stop.refusals.append((None, _("it receives groups of at most %(n)d people") % {"n": page.largest_group}))
            continue
        for day_index, day in enumerate(availability[stop.office.pk]):
            if stop.pin and stop.pin.date != day.date:
                continue
            if day.status == DayStatus.CLOSED:
                stop.refusals.append((day.date, day.reason))
                continue
            if page.visiting_weekdays and day.date.weekday() not in page.visiting_weekdays:
                stop.refusals.append(
                    (
                        day.date,
                        _("the site receives groups on %(days)s") % {"days": weekday_span(page.visiting_weekdays)},
                    )
                )
                continue
            for state in day.slots:
                if stop.pin and stop.pin.slot_id and stop.pin.slot_id != state.slot.pk:
                    continue
                if not state.fits:
                    stop.refusals.append((day.date, f"{state.slot.display_label}: {state.reason}"))
                    continue
                length = minutes_of(state.slot.end_time) - minutes_of(state.slot.start_time)
                if stop.duration > length:
                    stop.refusals.append(
                        (
                            day.date,
                            _("the visit takes %(visit)s, longer than the %(slot)s slot")
                            % {"visit": format_minutes(stop.duration), "slot": state.slot.display_label},
                        )
                    )
                    continue
                stop.windows.append(
                    solver.Window(
                        solver.active_minute(day_index, minutes_of(state.slot.start_time)),
                        solver.active_minute(day_index, minutes_of(state.slot.end_time)),
                        (day.date, state.slot),
                    )
                )


def _placement_reason(stop, date, slot, digital) -> str:
    office = stop.office
    values = {
        "day": weekday_date(date),
        "city": stop.page.municipality,
        "office": getattr(office, "localized_title", None) or office.title,
        "days": weekday_span(office.opening_weekdays),
        "slot": slot.display_label,
    }
    if digital:
        reason = _("%(day)s, online: %(office)s receives groups %(days)s and has room in the %(slot)s slot.") % values
    else:
        reason = (
            _("%(day)s in %(city)s: %(office)s receives groups %(days)s and has room in the %(slot)s slot.") % values
        )
    if stop.page.visiting_weekdays:
        reason += " " + _("The site receives groups on %(days)s.") % {"days": weekday_span(stop.page.visiting_weekdays)}
    if stop.pin and stop.pin.slot_id:
        reason += " " + _("You locked this stop.")
    elif stop.pin:
        reason += " " + _("You moved this stop to this day.")
    return reason


def _unplaced_reason(stop, index, stops, legs, problem, days, arrival, departure) -> str:
    if not stop.windows:
        general = [reason for day, reason in stop.refusals if day is None]
        if general:
            return _("Not placed: %(reason)s.") % {"reason": general[0]}
        by_day = {}
        for day, reason in stop.refusals:
            by_day.setdefault(day, reason)
        details = "; ".join(f"{weekday_date(day)}: {reason}" for day, reason in sorted(by_day.items()))
        if stop.pin:
            return _("You moved it to %(day)s, but that day does not work (%(details)s).") % {
                "day": weekday_date(stop.pin.date),
                "details": details,
            }
        return _("No day of your stay works for it: %(details)s.") % {"details": details}
    # It had free slots, so time and distance kept it out: name the conflict when one is clear.
    for other_index, other in enumerate(stops):
        if other_index == index or not (stop.pin and other.pin and other.pin.date == stop.pin.date):
            continue
        leg = legs[index + 1][other_index + 1]
        span = max(w.end for w in stop.windows + other.windows) - min(w.start for w in stop.windows + other.windows)
        if leg.minutes + stop.duration + other.duration > span:
            return _("%(a)s and %(b)s on the same day: %(leg)s.") % {
                "a": stop.page.municipality,
                "b": other.page.municipality,
                "leg": leg.describe(),
            }
    if problem.earliest + problem.travel[0][index + 1] > max(w.end - stop.duration for w in stop.windows):
        return _("%(city)s is %(leg)s from %(arrival)s: too far to reach in time during your stay.") % {
            "city": stop.page.municipality,
            "leg": legs[0][index + 1].describe(),
            "arrival": arrival.name,
        }
    if min(w.start for w in stop.windows) + stop.duration + problem.travel[index + 1][-1] > problem.latest:
        return _("%(city)s is %(leg)s from %(departure)s: there is no time to get back before you leave.") % {
            "city": stop.page.municipality,
            "leg": legs[index + 1][-1].describe(),
            "departure": departure.name,
        }
    return _("There is not enough time for every stop: add a day, unpin a stop or remove one.")
