"""Map layers and map-related tables, read once and cached.

Layers are the GeoJSON files under ``data/geo/`` (built by
``scripts/build_geodata.py``; see ``data/geo/SOURCES.md``). Tables are the
CSV files under ``data/tables/``: who controlled each Karabakh district in
each period, and New Caledonia's referendums, population and 2024 unrest.
Every table row carries its sources, parsed here into :class:`Source` objects.

>>> from parisbaku import geodata
>>> [p.id for p in geodata.periods()][:2]
['1994', '2020-11-10']
>>> geodata.control("2020-11-20")["aghdam"].controller
'azerbaijan'

The package, one concern a module: ``loading`` (a table's rows validated, sources
parsed), ``layers`` (the GeoJSON layers, cached and reprojected), ``control`` (who
held each Karabakh district, by period), ``new_caledonia`` (referendums, population,
unrest), ``map_tables`` (label positions and schematic routes) and ``display``
(tables as a student reads them). Lengths and areas measured on these layers are
in :mod:`parisbaku.measures`; place lookups in :mod:`parisbaku.places`.
"""

from __future__ import annotations

from ..data import DataError
from .control import ControlRow, Period, as_of, control, control_rows, period, periods
from .display import NKAO_BOUNDS, TABLES, Table, frame, table
from .layers import LAYERS, Shapes, layer, projected, shapes
from .loading import parse_sources, read_rows
from .map_tables import MapLabel, MapRoute, label_rows, map_labels, map_route, route_rows
from .new_caledonia import (
    Figure,
    UnrestFigure,
    nc_population,
    nc_unrest,
    referendum,
    referendum_rows,
)

__all__ = [
    "LAYERS",
    "NKAO_BOUNDS",
    "TABLES",
    "ControlRow",
    "Figure",
    "MapLabel",
    "MapRoute",
    "Period",
    "Shapes",
    "Table",
    "UnrestFigure",
    "as_of",
    "check",
    "control",
    "frame",
    "layer",
    "map_labels",
    "map_route",
    "nc_population",
    "nc_unrest",
    "parse_sources",
    "period",
    "periods",
    "projected",
    "read_rows",
    "referendum",
    "referendum_rows",
    "shapes",
    "table",
]


def check() -> int:
    """Load and validate every table and layer (for ``parisbaku check-data``)."""
    count = len(control_rows()) + len(referendum_rows()) + len(nc_population()) + len(nc_unrest())
    count += len(label_rows()) + len(route_rows())
    for name in LAYERS:
        if not len(shapes(name)):
            raise DataError(f"data/geo/{name}.geojson", "no features", "run `make data`")
    return count
