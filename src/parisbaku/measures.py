"""Lengths and areas measured on the module's data: the geodesic length of a line through
places of the gazetteer (data/places.csv), the equal-area size of districts of the
Karabakh layer (data/geo/), and the typical wrong measurements (flat Web Mercator, flat
degrees, square degrees) whose results an exercise recognises as common slips."""

from __future__ import annotations

import itertools
import math
import warnings
from typing import TYPE_CHECKING

from . import geodata, places
from .data import DataError
from .projections import transformer

if TYPE_CHECKING:
    import geopandas

__all__ = ["KM_PER_DEGREE", "area_km2", "degrees_path_km", "districts", "lon_lat",
           "mercator_path_km", "path_km"]

#: Kilometres in one degree of latitude, as a flat-degrees shortcut takes it.
KM_PER_DEGREE = 111.32


def lon_lat(place_id: str) -> tuple[float, float]:
    """A place's (longitude, latitude); a DataError if the gazetteer gives none."""
    found = places.place(place_id)
    if found.lat is None or found.lon is None:
        raise DataError("data/places.csv", f"place {place_id!r} has no coordinates",
                        "give it lat and lon, or use another place in the exercise")
    return found.lon, found.lat


def path_km(points: list[str]) -> float:
    """Geodesic length (WGS 84 ellipsoid) of the line through the places, in km."""
    # Lazy: pyproj is loaded only when a distance is measured.
    from pyproj import Geod

    lons, lats = zip(*(lon_lat(p) for p in points), strict=True)
    return Geod(ellps="WGS84").line_length(lons, lats) / 1000


def mercator_path_km(points: list[str]) -> float:
    """The same line measured flat on a Web Mercator map (a typical mistake)."""

    to_merc = transformer(4326, 3857)
    xy = [to_merc.transform(*lon_lat(p)) for p in points]
    return sum(math.dist(a, b) for a, b in itertools.pairwise(xy)) / 1000


def degrees_path_km(points: list[str]) -> float:
    """The line measured in degrees as if they were flat, times 111.32 km (a mistake)."""
    xy = [lon_lat(p) for p in points]
    return sum(math.dist(a, b) for a, b in itertools.pairwise(xy)) * KM_PER_DEGREE


def districts(codes: list[str]) -> geopandas.GeoDataFrame:
    """The units of the Karabakh districts layer with these adm1_code values."""
    frame = geodata.layer("karabakh_districts")
    chosen = frame[frame["adm1_code"].isin(codes)]
    missing = sorted(set(codes) - set(chosen["adm1_code"]))
    if missing:
        raise DataError("data/geo/karabakh_districts.geojson", f"no unit {missing}",
                        "use adm1_code values that the layer has")
    return chosen


def area_km2(codes: list[str], crs: str = "equal-area") -> float:
    """Area of the units, in km² in an equal-area projection (or a typical wrong CRS)."""
    chosen = districts(codes)
    if crs == "degrees":  # square degrees, as if unprojected
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            return float(chosen.geometry.area.sum())
    if crs == "equal-area":
        centre = chosen.geometry.union_all().centroid
        crs = f"+proj=laea +lat_0={centre.y:.4f} +lon_0={centre.x:.4f} +datum=WGS84 +units=m"
    return float(chosen.to_crs(crs).geometry.area.sum() / 1e6)
