"""Loading the shipped travel-time table (`tours/data/*.csv`, sources in SOURCES.md).

Used by the data migration and by `manage.py load_travel_times`; both pass the model classes
so that a migration can hand in its historical models.
"""

import csv
from decimal import Decimal
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


def read_rows(name: str) -> list[dict]:
    with open(DATA / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def load_table(TravelPlace, TravelTime, *, overwrite: bool = False) -> tuple[int, int]:
    """Create the shipped places and times; keep staff's edits unless `overwrite`. Returns counts."""
    places = {}
    for row in read_rows("places.csv"):
        values = {
            "name": row["name"],
            "kind": row["kind"],
            "latitude": Decimal(row["latitude"]),
            "longitude": Decimal(row["longitude"]),
        }
        if overwrite:
            place, _created = TravelPlace.objects.update_or_create(code=row["code"], defaults=values)
        else:
            place, _created = TravelPlace.objects.get_or_create(code=row["code"], defaults=values)
        places[row["code"]] = place
    count = 0
    for row in read_rows("travel_times.csv"):
        origin, destination = places[row["from"]], places[row["to"]]
        values = {
            "rail_minutes": int(row["rail_minutes"]) if row["rail_minutes"].strip() else None,
            "road_minutes": int(row["road_minutes"]),
            "source": row["source"][:300],
        }
        existing = TravelTime.objects.filter(origin=origin, destination=destination) | TravelTime.objects.filter(
            origin=destination, destination=origin
        )
        found = existing.first()
        if found is None:
            TravelTime.objects.create(origin=origin, destination=destination, **values)
        elif overwrite:
            for key, value in values.items():
                setattr(found, key, value)
            found.save()
        count += 1
    return len(places), count
