"""An offline map of Sweden drawn as SVG.

No tiles or scripts from other hosts: the outline (Natural Earth, public domain; see
data/sweden.json) and the points are projected here with a simple equirectangular
projection whose x axis is scaled by cos(63°), which keeps Sweden's shape within a few
per cent, plenty for locating a site or an office.
"""

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

_WEST, _EAST, _SOUTH, _NORTH = 10.8, 24.4, 55.1, 69.3
_SCALE = 40.0
_X_FACTOR = math.cos(math.radians(63.0))

WIDTH = round((_EAST - _WEST) * _X_FACTOR * _SCALE, 1)
HEIGHT = round((_NORTH - _SOUTH) * _SCALE, 1)


@dataclass(frozen=True)
class MapPoint:
    label: str
    url: str
    latitude: float
    longitude: float
    kind: str = "site"

    @property
    def inside(self) -> bool:
        return _SOUTH <= self.latitude <= _NORTH and _WEST <= self.longitude <= _EAST


def project(latitude: float, longitude: float) -> tuple[float, float]:
    x = (float(longitude) - _WEST) * _X_FACTOR * _SCALE
    y = (_NORTH - float(latitude)) * _SCALE
    return round(x, 1), round(y, 1)


@cache
def sweden_outline_path() -> str:
    """SVG path data for Sweden's outline, computed once per process."""
    data = json.loads((Path(__file__).parent / "data" / "sweden.json").read_text())
    parts = []
    for ring in data["rings"]:
        coords = [project(lat, lon) for lon, lat in ring]
        parts.append("M" + " L".join(f"{x},{y}" for x, y in coords) + " Z")
    return " ".join(parts)
