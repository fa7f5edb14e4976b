"""The committed map layers of ``data/geo/``: read once, cached, reprojected for drawing.

The layers are GeoJSON files built by ``scripts/build_geodata.py`` (see
``data/geo/SOURCES.md``). :func:`shapes` gives a light :class:`Shapes` (properties
and shapely geometries) that maps draw; :func:`layer` a GeoDataFrame for the
exercises that want pandas.

>>> from parisbaku import geodata
>>> region = geodata.shapes("karabakh_districts").where("role", "karabakh")
>>> len({unit["district"] for unit in region.props})  # Shusha has two parts
12
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from ..data import InputError, cached, data_path
from ..projections import transformer

if TYPE_CHECKING:  # pragma: no cover
    import geopandas

__all__ = ["LAYERS", "Shapes", "layer", "projected", "shapes"]

#: The layers under data/geo/ and their key column.
LAYERS = {
    "karabakh_districts": "adm1_code",
    "armenia_provinces": "adm1_code",
    "nkao_approx": "bound",
    "new_caledonia_provinces": "adm1_code",
    "france_overseas": "territory",
    "countries": "adm0_a3",
}

# The geometry libraries are imported where a layer is read, on purpose: places, quizzes
# and tables import this package for names and rows and must not pay for shapely and
# pyproj (about 0.2 s), nor for pandas and geopandas (about 0.65 s), which only
# layer() needs.


def _path(name: str) -> str:
    if name not in LAYERS:
        raise InputError(f"No map layer {name!r}: use one of {', '.join(sorted(LAYERS))}.")
    return str(data_path(f"geo/{name}.geojson"))


def layer(name: str) -> geopandas.GeoDataFrame:
    """One layer as a GeoDataFrame in EPSG:4326 (read once, then cached)."""
    return _read_layer(_path(name))


@cached
def _read_layer(path: str) -> geopandas.GeoDataFrame:
    import geopandas as gpd  # lazy: see the note above

    frame = gpd.read_file(path, engine="pyogrio")
    if frame.crs is None:  # RFC 7946 files are WGS 84 by definition
        frame = frame.set_crs(4326)
    return frame


class Shapes:
    """A light layer for drawing: properties and shapely geometries, no pandas needed.

    Maps use this instead of a GeoDataFrame so that a lesson does not pay for
    importing pandas and geopandas just to draw a few dozen polygons.
    """

    def __init__(self, props: list[dict], geometry: list, crs: str = "EPSG:4326"):
        self.props, self.geometry, self.crs = props, geometry, crs

    def __len__(self) -> int:
        return len(self.geometry)

    def _keep(self, test) -> Shapes:
        pairs = [(p, g) for p, g in zip(self.props, self.geometry, strict=True) if test(p)]
        return Shapes([p for p, _ in pairs], [g for _, g in pairs], self.crs)

    def where(self, column: str, value) -> Shapes:
        """The features whose ``column`` equals ``value`` (or is in it, for a list)."""
        keep = value if isinstance(value, list | tuple | set) else [value]
        return self._keep(lambda p: p.get(column) in keep)

    def without(self, column: str, values) -> Shapes:
        """The features whose ``column`` is not in ``values``."""
        return self._keep(lambda p: p.get(column) not in values)

    def first(self, column: str):
        """The value of ``column`` in the first feature."""
        return self.props[0][column]

    @property
    def total_bounds(self) -> tuple[float, float, float, float]:
        import shapely  # lazy: see the note above

        return tuple(shapely.total_bounds(self.geometry))

    def union_all(self):
        import shapely  # lazy: see the note above

        return shapely.union_all(self.geometry)

    def to_crs(self, crs: str) -> Shapes:
        """The same features reprojected (vectorised with pyproj)."""
        import shapely  # lazy: see the note above

        move = transformer(self.crs, crs)

        def transform(xy):  # an (n, 2) array of coordinates, moved to the new CRS
            moved = xy.copy()
            moved[:, 0], moved[:, 1] = move.transform(xy[:, 0], xy[:, 1])
            return moved

        return Shapes(self.props, list(shapely.transform(self.geometry, transform)), crs)


def shapes(name: str, crs: str = "EPSG:4326") -> Shapes:
    """A layer as :class:`Shapes`, reprojected to ``crs`` (cached)."""
    return _shapes(_path(name), crs)


@cached
def _shapes(path: str, crs: str) -> Shapes:
    if crs != "EPSG:4326":
        return _shapes(path, "EPSG:4326").to_crs(crs)
    from shapely.geometry import shape  # lazy: see the note above

    with open(path, encoding="utf-8") as handle:
        features = json.load(handle)["features"]
    return Shapes([f["properties"] for f in features], [shape(f["geometry"]) for f in features])


def projected(name: str, crs: str) -> Shapes:
    """A layer reprojected for drawing (cached: maps redraw without redoing the work)."""
    return shapes(name, crs)
