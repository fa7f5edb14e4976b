"""What maps draw that is not a layer: fixed label positions and schematic routes.

Both are tables (``data/tables/map_labels.csv``, ``data/tables/map_routes.csv``), so a
label moves or a route changes in data, never in drawing code.

>>> from parisbaku import geodata
>>> geodata.map_route("lachin_new_road").since.year
2022
"""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from ..data import DataError, InputError, Record, Source, cached
from .loading import read_rows

__all__ = ["MapLabel", "MapRoute", "label_rows", "map_labels", "map_route", "route_rows"]

LABELS_FILE = "tables/map_labels.csv"
ROUTES_FILE = "tables/map_routes.csv"


class MapLabel(Record):
    """Where a map writes a name that is not a gazetteer point (a country, a sea, a value box)."""

    map: str
    text: str
    lon: float = Field(ge=-180, le=180)
    lat: float = Field(ge=-90, le=90)
    note: str = ""


class MapRoute(Record):
    """A line a map draws between gazetteer points, as a schematic, with its event and sources."""

    route: str
    places: list[str]
    timeline_event: str
    since: dt.date  # the first day it was agreed or in use
    note: str
    sources: list[Source]
    #: gazetteer places the route goes round (named in captions, not drawn)
    bypasses: list[str] = Field(default_factory=list)


@cached
def label_rows() -> tuple[MapLabel, ...]:
    """Every fixed label of every map, in file order."""
    return read_rows(LABELS_FILE, MapLabel)


@cached
def route_rows() -> tuple[MapRoute, ...]:
    """Every schematic route, in file order."""
    return read_rows(ROUTES_FILE, MapRoute, lists=("places", "bypasses"))


def map_labels(map_name: str) -> list[MapLabel]:
    """The fixed labels of one map (data/tables/map_labels.csv), in file order."""
    found = [label for label in label_rows() if label.map == map_name]
    if not found:
        raise DataError(
            f"data/{LABELS_FILE}",
            f"no labels for the map {map_name!r}",
            "add its rows (map, text, lon, lat, note)",
        )
    return found


def map_route(route: str) -> MapRoute:
    """One schematic route of data/tables/map_routes.csv by its id."""
    found = {r.route: r for r in route_rows()}
    if route not in found:
        raise InputError(f"No route {route!r} in data/{ROUTES_FILE}: use {sorted(found)}.")
    return found[route]
