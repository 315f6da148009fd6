"""How long it takes to get from one point of a tour to the next.

Between cities the travel-time table decides (`TravelTime`, editable in the admin; where the
figures come from: `tours/data/SOURCES.md`). A point is tied to the table's cities within
PLACE_RADIUS_KM (the nearest few), the pair of cities with the quickest journey is taken, and
the way from the point to that city (its station or centre) is added as a local leg. Within
a city, and to places the table does not know, time is estimated from the straight-line
distance:

- local legs: the distance × LOCAL_DETOUR at LOCAL_SPEED_KMH, plus LOCAL_OVERHEAD_MINUTES
  for getting a group in and out of a coach or a tram;
- long legs the table lacks: the distance × ROAD_DETOUR at ROAD_SPEED_KMH, plus the same
  overhead, and the leg says it is an estimate.

Every leg is rounded up to ROUND_TO_MINUTES.
"""

import math
from dataclasses import dataclass

from django.utils.translation import gettext as _

from core.geo import haversine_km

LOCAL_RADIUS_KM = 10
PLACE_RADIUS_KM = 40
LOCAL_SPEED_KMH = 25
LOCAL_DETOUR = 1.3
LOCAL_OVERHEAD_MINUTES = 10
ROAD_SPEED_KMH = 75
ROAD_DETOUR = 1.3
AIRPORT_RADIUS_KM = 2
# Times are rounded up to five minutes: a programme reads 10:45, not 10:44.
ROUND_TO_MINUTES = 5


class Mode:
    RAIL = "rail"
    ROAD = "road"
    LOCAL = "local"
    ESTIMATE = "estimate"


@dataclass(frozen=True)
class Point:
    name: str
    latitude: float
    longitude: float


@dataclass(frozen=True)
class Leg:
    minutes: int
    mode: str
    km: float

    def describe(self) -> str:
        duration = format_minutes(self.minutes)
        if self.mode == Mode.RAIL:
            return _("about %(time)s by train") % {"time": duration}
        if self.mode == Mode.ROAD:
            return _("about %(time)s by road") % {"time": duration}
        if self.mode == Mode.LOCAL:
            return _("about %(time)s across town") % {"time": duration}
        return _("about %(time)s by road (estimated from the distance)") % {"time": duration}


def format_minutes(minutes: int) -> str:
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return _("%(m)d min") % {"m": rest}
    # Long journeys are told in hours and quarters; exact minutes would promise too much.
    if hours >= 3:
        rest = int(round(rest / 15) * 15)
        if rest == 60:
            hours, rest = hours + 1, 0
    if not rest:
        return _("%(h)d h") % {"h": hours}
    return _("%(h)d h %(m)02d min") % {"h": hours, "m": rest}


def local_minutes(km: float) -> int:
    return LOCAL_OVERHEAD_MINUTES + math.ceil(km * LOCAL_DETOUR / LOCAL_SPEED_KMH * 60)


class TravelTable:
    """The table read once (two queries) and answered from memory."""

    def __init__(self, places, times):
        self.places = list(places)
        self._near = {}
        self.times = {}
        for row in times:
            self.times[row.origin_id, row.destination_id] = row
            self.times[row.destination_id, row.origin_id] = row

    @classmethod
    def load(cls):
        from tours.models import TravelPlace, TravelTime

        return cls(TravelPlace.objects.all(), TravelTime.objects.all())

    def leg(self, origin: Point, destination: Point, mode: str = Mode.RAIL) -> Leg:
        leg = self._leg(origin, destination, mode)
        rounded = -(-leg.minutes // ROUND_TO_MINUTES) * ROUND_TO_MINUTES
        return Leg(rounded, leg.mode, leg.km)

    def _leg(self, origin: Point, destination: Point, mode: str) -> Leg:
        km = haversine_km(origin.latitude, origin.longitude, destination.latitude, destination.longitude)
        if km < 0.05:
            return Leg(0, Mode.LOCAL, 0.0)
        if km <= LOCAL_RADIUS_KM:
            return Leg(local_minutes(km), Mode.LOCAL, km)
        best = None
        for start, start_km in self.near(origin):
            for end, end_km in self.near(destination):
                row = self.times.get((start.pk, end.pk)) if start.pk != end.pk else None
                if row is None:
                    continue
                access = sum(local_minutes(d) - LOCAL_OVERHEAD_MINUTES for d in (start_km, end_km) if d > 2)
                if mode == Mode.RAIL and row.rail_minutes:
                    candidate = Leg(row.rail_minutes + access + LOCAL_OVERHEAD_MINUTES, Mode.RAIL, km)
                else:
                    candidate = Leg(row.road_minutes + access, Mode.ROAD, km)
                if best is None or candidate.minutes < best.minutes:
                    best = candidate
        if best is None:
            minutes = LOCAL_OVERHEAD_MINUTES + math.ceil(km * ROAD_DETOUR / ROAD_SPEED_KMH * 60)
            return Leg(minutes, Mode.ESTIMATE, km)
        return best

    def near(self, point: Point, limit: int = 4):
        """The table's places within PLACE_RADIUS_KM of `point`, nearest first (airports only
        for a point at the airport)."""
        if point in self._near:
            return self._near[point]
        found = []
        for place in self.places:
            km = haversine_km(point.latitude, point.longitude, place.latitude, place.longitude)
            if km <= (PLACE_RADIUS_KM if place.kind == "city" else AIRPORT_RADIUS_KM):
                found.append((km, place.pk, place))
        found.sort()
        self._near[point] = [(place, km) for km, _pk, place in found[:limit]]
        return self._near[point]
