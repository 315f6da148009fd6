import math

EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1, lon1, lat2, lon2) -> float:
    """Great-circle distance in kilometres between two points given in degrees."""
    phi1, phi2 = math.radians(float(lat1)), math.radians(float(lat2))
    dphi = phi2 - phi1
    dlambda = math.radians(float(lon2) - float(lon1))
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def bounding_box(lat, lon, radius_km) -> tuple[float, float, float, float]:
    """(south, north, west, east) in degrees of a box holding every point within `radius_km`."""
    lat, lon = float(lat), float(lon)
    dlat = math.degrees(radius_km / EARTH_RADIUS_KM)
    # Near the poles a degree of longitude shrinks to nothing: take the whole circle of latitude.
    cos_lat = math.cos(math.radians(min(abs(lat) + dlat, 89.9)))
    dlon = min(math.degrees(radius_km / (EARTH_RADIUS_KM * cos_lat)), 180.0)
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon
