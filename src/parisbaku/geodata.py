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
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Literal

from pydantic import Field, ValidationError, field_validator

from .data import (
    DataError,
    InputError,
    Record,
    Source,
    cached,
    data_path,
    load_csv,
    row_problems,
)
from .text import DATE, parse_date

if TYPE_CHECKING:  # pragma: no cover
    import geopandas

__all__ = [
    "CONTROLLERS",
    "LAYERS",
    "ControlRow",
    "Period",
    "as_of",
    "control",
    "layer",
    "nc_population",
    "nc_unrest",
    "parse_sources",
    "period",
    "periods",
    "referendum",
]

#: The layers under data/geo/ and their key column.
LAYERS = {
    "karabakh_districts": "adm1_code",
    "armenia_provinces": "adm1_code",
    "nkao_approx": "bound",
    "new_caledonia_provinces": "adm1_code",
    "france_overseas": "territory",
    "countries": "adm0_a3",
}
#: Who controlled a district, as the control table says it.
CONTROLLERS = {
    "azerbaijan": "Azerbaijan",
    "armenian": "Armenian forces / NKR",
    "nkr_peacekeepers": "NKR, inside the Russian peacekeeping zone",
    "split": "split between sides (see the table)",
}
_SOURCE = re.compile(r"^(?P<url>https?://\S+)(?:\s+\((?P<label>.*)\))?$")
_DATE_AT_END = re.compile(r",\s*(\d{4}(?:-\d{2}(?:-\d{2})?)?)$")


def parse_sources(text: str) -> list[Source]:
    """``"url (Outlet, 2020-11-10) | url"`` as a list of :class:`Source`."""
    found = []
    for part in (p.strip() for p in text.split(" | ")):
        if not part:
            continue
        match = _SOURCE.match(part)
        if not match:
            raise ValueError(f"not a 'URL (outlet, date)' source: {part[:60]!r}")
        label = (match["label"] or "").strip()
        published = "not shown"
        date = _DATE_AT_END.search(label)
        if date:
            published = date[1]
            label = label[: date.start()].strip()
        if not label:
            label = re.sub(r"^https?://(www\.)?", "", match["url"]).split("/")[0]
        found.append(Source(url=match["url"], outlet=label, published=published))
    if not found:
        raise ValueError("no source given")
    return found


# ---------------------------------------------------------------------- layers
def layer(name: str) -> geopandas.GeoDataFrame:
    """One layer as a GeoDataFrame in EPSG:4326 (read once, then cached)."""
    if name not in LAYERS:
        raise InputError(f"No map layer {name!r}: use one of {', '.join(sorted(LAYERS))}.")
    return _read_layer(str(data_path(f"geo/{name}.geojson")))


@cached
def _read_layer(path: str) -> geopandas.GeoDataFrame:
    import geopandas as gpd

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

    def where(self, column: str, value) -> Shapes:
        """The features whose ``column`` equals ``value`` (or is in it, for a list)."""
        keep = value if isinstance(value, list | tuple | set) else [value]
        pairs = [(p, g) for p, g in zip(self.props, self.geometry, strict=True)
                 if p.get(column) in keep]  # fmt: skip
        return Shapes([p for p, _ in pairs], [g for _, g in pairs], self.crs)

    def without(self, column: str, values) -> Shapes:
        """The features whose ``column`` is not in ``values``."""
        pairs = [(p, g) for p, g in zip(self.props, self.geometry, strict=True)
                 if p.get(column) not in values]  # fmt: skip
        return Shapes([p for p, _ in pairs], [g for _, g in pairs], self.crs)

    def first(self, column: str):
        """The value of ``column`` in the first feature."""
        return self.props[0][column]

    @property
    def total_bounds(self) -> tuple[float, float, float, float]:
        import shapely

        return tuple(shapely.total_bounds(self.geometry))

    def union_all(self):
        import shapely

        return shapely.union_all(self.geometry)

    def to_crs(self, crs: str) -> Shapes:
        """The same features reprojected (vectorised with pyproj)."""
        import shapely
        from pyproj import Transformer

        move = Transformer.from_crs(self.crs, crs, always_xy=True)

        def transform(xy):
            x, y = move.transform(xy[:, 0], xy[:, 1])
            return __import__("numpy").column_stack([x, y])

        return Shapes(self.props, list(shapely.transform(self.geometry, transform)), crs)


def shapes(name: str, crs: str = "EPSG:4326") -> Shapes:
    """A layer as :class:`Shapes`, reprojected to ``crs`` (cached)."""
    if name not in LAYERS:
        raise InputError(f"No map layer {name!r}: use one of {', '.join(sorted(LAYERS))}.")
    return _shapes(str(data_path(f"geo/{name}.geojson")), crs)


@cached
def _shapes(path: str, crs: str) -> Shapes:
    if crs != "EPSG:4326":
        return _shapes(path, "EPSG:4326").to_crs(crs)
    import json

    from shapely.geometry import shape

    with open(path, encoding="utf-8") as handle:
        features = json.load(handle)["features"]
    return Shapes([f["properties"] for f in features], [shape(f["geometry"]) for f in features])


def projected(name: str, crs: str) -> Shapes:
    """A layer reprojected for drawing (cached: maps redraw without redoing the work)."""
    return shapes(name, crs)


class MapLabel(Record):
    """Where a map writes a name that is not a gazetteer point (a country, a sea, a value box)."""

    map: str
    text: str
    lon: float = Field(ge=-180, le=180)
    lat: float = Field(ge=-90, le=90)
    note: str = ""


@cached
def _map_labels() -> tuple[MapLabel, ...]:
    return tuple(_rows("tables/map_labels.csv", MapLabel, dict))


def map_labels(map_name: str) -> list[MapLabel]:
    """The fixed labels of one map (data/tables/map_labels.csv), in file order."""
    found = [label for label in _map_labels() if label.map == map_name]
    if not found:
        raise DataError(
            "data/tables/map_labels.csv",
            f"no labels for the map {map_name!r}",
            "add its rows (map, text, lon, lat, note)",
        )
    return found


class MapRoute(Record):
    """A line a map draws between gazetteer points, as a schematic, with its event and sources."""

    route: str
    places: list[str]
    timeline_event: str
    since: dt.date  # the first day it was agreed or in use
    note: str
    sources: list[Source]


@cached
def _map_routes() -> tuple[MapRoute, ...]:
    def convert(row: dict) -> dict:
        row = _with_sources(row)
        row["places"] = row["places"].split()
        return row

    return tuple(_rows("tables/map_routes.csv", MapRoute, convert))


def map_route(route: str) -> MapRoute:
    """One schematic route of data/tables/map_routes.csv by its id."""
    found = {r.route: r for r in _map_routes()}
    if route not in found:
        raise InputError(f"No route {route!r} in data/tables/map_routes.csv: use {sorted(found)}.")
    return found[route]


# --------------------------------------------------------------- Karabakh control
class Period(Record):
    """One period of the control table."""

    id: str
    start: str
    label: str
    timeline_event: str
    sources: list[Source]

    @property
    def start_date(self) -> dt.date:
        return dt.date.fromisoformat(self.start)


class ControlRow(Record):
    """Who controlled one district in one period, with sources."""

    district: str
    adm1_codes: list[str]
    period: str
    controller: Literal["azerbaijan", "armenian", "nkr_peacekeepers", "split"]
    mostly: Literal["", "azerbaijan", "armenian", "nkr_peacekeepers"] = ""
    split_note: str = ""
    detail: str = ""
    confidence: str
    sources: list[Source]

    @field_validator("split_note")
    @classmethod
    def _note_if_split(cls, value: str, info) -> str:
        if info.data.get("controller") == "split" and not value:
            raise ValueError("a split district must say who held what (split_note)")
        return value


def _rows(file: str, model, convert) -> list:
    problems, out = [], []
    for line, row in enumerate(load_csv(file), start=2):
        try:
            out.append(model.model_validate(convert(dict(row))))
        except (ValidationError, ValueError) as exc:
            problems += row_problems(exc, f"line {line}")
    if problems:
        raise DataError(f"data/{file}", problems, "correct those cells (see data/SOURCES.md)")
    return out


def _with_sources(row: dict) -> dict:
    row["sources"] = parse_sources(row["sources"])
    return row


@cached
def _periods() -> tuple[Period, ...]:
    def convert(row: dict) -> dict:
        row = _with_sources(row)
        row["id"] = row.pop("period")
        return row

    return tuple(_rows("tables/karabakh_periods.csv", Period, convert))


def periods() -> list[Period]:
    """The periods of the control table, earliest first."""
    return list(_periods())


def period(when: str) -> Period:
    """A period by id (``"2020-11-20"``) or the period in force at a date.

    A date may be ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; a year or month means
    its last day ("2020-11" is the situation at the end of November 2020).
    """
    table = {p.id: p for p in _periods()}
    if str(when) in table:
        return table[str(when)]
    day = _as_date(when)
    earlier = [p for p in _periods() if p.start_date <= day]
    if not earlier:
        first = _periods()[0]
        raise InputError(
            f"The control table starts with the ceasefire of {first.start}; "
            f"{when!r} is earlier. Use a date from {first.start} on."
        )
    return earlier[-1]


def as_of(when: str) -> dt.date:
    """The day a map of ``when`` shows: a period's first day, or the date given
    (a year or month meaning its last day, as in :func:`period`)."""
    chosen = period(when)
    return chosen.start_date if str(when) == chosen.id else _as_date(when)


def _as_date(when: str) -> dt.date:
    """The last day of a year, month or day typed for a map (the one date parser is
    :func:`parisbaku.text.parse_date`; this adds the map's own hint)."""
    if not DATE.match(str(when).strip()):
        ids = ", ".join(repr(p.id) for p in _periods())
        raise InputError(
            f"{when!r} is not a period: use one of {ids}, or a date written "
            "YYYY, YYYY-MM or YYYY-MM-DD such as '2021-06'."
        )
    return parse_date(when, end=True)


@cached
def _control() -> tuple[ControlRow, ...]:
    def convert(row: dict) -> dict:
        row = _with_sources(row)
        row["adm1_codes"] = row["adm1_codes"].split()
        return row

    rows = tuple(_rows("tables/karabakh_control.csv", ControlRow, convert))
    known = {p.id for p in _periods()}
    bad = sorted({r.period for r in rows} - known)
    if bad:
        raise DataError(
            "data/tables/karabakh_control.csv",
            f"periods {bad} are not in karabakh_periods.csv",
            "use the period ids of data/tables/karabakh_periods.csv",
        )
    return rows


def control(when: str) -> dict[str, ControlRow]:
    """District slug -> who controlled it in the period in force at ``when``."""
    chosen = period(when)
    return {r.district: r for r in _control() if r.period == chosen.id}


# -------------------------------------------------------------- New Caledonia
class Figure(Record):
    """One figure of a New Caledonia table (referendums, population)."""

    key: str
    area: str
    measure: str
    value: float
    approx: str = ""
    value_source: str = ""
    kind: str = ""
    sources: list[Source]
    note: str = ""


@cached
def _referendums() -> tuple[Figure, ...]:
    def convert(row: dict) -> dict:
        row = _with_sources(row)
        row["key"] = row.pop("referendum_date")
        row["kind"] = row.pop("result_kind")
        return row

    return tuple(_rows("tables/nc_referendums.csv", Figure, convert))


def referendum(
    date: str, measure: str = "yes_pct", kind: str = "provisional"
) -> tuple[dict[str, float], list[Source]]:
    """Province -> value for one referendum, and the sources of those values.

    ``measure`` is one of registered, turnout_pct, yes_pct, no_pct, yes_votes,
    no_votes; ``kind`` is ``provisional`` (evening figures, the only ones found by
    province) or ``proclaimed``. Provinces without a figure are left out.
    """
    rows = [r for r in _referendums() if r.key == date]
    if not rows:
        dates = sorted({r.key for r in _referendums()})
        raise InputError(f"No referendum on {date!r}: the table has {', '.join(dates)}.")
    measures = sorted({r.measure for r in rows})
    if measure not in measures:
        raise InputError(f"Unknown measure {measure!r}: use one of {', '.join(measures)}.")
    values: dict[str, float] = {}
    sources: list[Source] = []
    for r in rows:
        if r.area == "nc" or r.measure != measure or r.kind != kind or r.area in values:
            continue
        values[r.area] = r.value
        sources += [s for s in r.sources if s not in sources]
    return values, sources


def referendum_rows(date: str | None = None) -> list[Figure]:
    """All referendum figures (optionally of one date), with sources."""
    return [r for r in _referendums() if date is None or r.key == date]


@cached
def _population() -> tuple[Figure, ...]:
    def convert(row: dict) -> dict:
        row = _with_sources(row)
        row["key"] = f"{row.pop('year')} {row.pop('group')}"
        return row

    return tuple(_rows("tables/nc_population.csv", Figure, convert))


def nc_population() -> list[Figure]:
    """New Caledonia's population figures (key = ``"<year> <group>"``)."""
    return list(_population())


class UnrestFigure(Record):
    """One figure of the May 2024 unrest as reported at a date."""

    figure: str
    value: str
    as_of: str
    sources: list[Source]
    note: str = ""


@cached
def _unrest() -> tuple[UnrestFigure, ...]:
    return tuple(_rows("tables/nc_2024_unrest.csv", UnrestFigure, _with_sources))


def nc_unrest(figure: str | None = None) -> list[UnrestFigure]:
    """The 2024 unrest figures, optionally only those whose name contains ``figure``."""
    return [u for u in _unrest() if figure is None or figure.lower() in u.figure.lower()]


def check() -> int:
    """Load and validate every table and layer (for ``parisbaku check-data``)."""
    count = len(_control()) + len(_referendums()) + len(_population()) + len(_unrest())
    count += len(_map_labels()) + len(_map_routes())
    for name in LAYERS:
        if not len(shapes(name)):
            raise DataError(f"data/geo/{name}.geojson", "no features", "run `make data`")
    return count


_TABLES = {
    "karabakh_control": "tables/karabakh_control.csv",
    "karabakh_periods": "tables/karabakh_periods.csv",
    "nc_referendums": "tables/nc_referendums.csv",
    "nc_population": "tables/nc_population.csv",
    "nc_2024_unrest": "tables/nc_2024_unrest.csv",
    "map_labels": "tables/map_labels.csv",
    "map_routes": "tables/map_routes.csv",
}


def frame(name: str, **where: str):
    """A table as a pandas DataFrame, rows filtered by column values, sources as outlets.

    >>> from parisbaku import geodata
    >>> geodata.frame("nc_referendums", area="nc", measure="turnout_pct",
    ...               result_kind="proclaimed")[["referendum_date", "value"]]
      referendum_date  value
    0      2018-11-04  81.01
    1      2020-10-04  85.69
    2      2021-12-12  43.87
    """
    import pandas as pd

    if name not in _TABLES:
        raise InputError(f"No table {name!r}: use one of {', '.join(_TABLES)}.")
    rows = [dict(r) for r in load_csv(_TABLES[name])]
    columns = list(rows[0]) if rows else []
    unknown = sorted(set(where) - set(columns))
    if unknown:
        raise InputError(f"Table {name!r} has no column {unknown}; its columns: {columns}.")
    rows = [r for r in rows if all(r[k] == str(v) for k, v in where.items())]
    for r in rows:
        if "sources" in r:
            r["sources"] = "; ".join(dict.fromkeys(s.label() for s in parse_sources(r["sources"])))
    shown = [c for c in columns if c not in where]
    return pd.DataFrame(rows, columns=columns)[shown].reset_index(drop=True)


class Table:
    """A small table for notebooks: HTML when displayed, Markdown as text. No pandas."""

    def __init__(self, columns: list[str], rows: list[dict], title: str = ""):
        self.columns, self.rows, self.title = columns, rows, title

    def __len__(self) -> int:
        return len(self.rows)

    def __str__(self) -> str:
        head = "| " + " | ".join(self.columns) + " |"
        rule = "|" + "---|" * len(self.columns)
        body = [
            "| " + " | ".join(str(r.get(c, "")) for c in self.columns) + " |" for r in self.rows
        ]
        return "\n".join([self.title, head, rule, *body] if self.title else [head, rule, *body])

    def _repr_html_(self) -> str:
        import html

        cells = "".join(f"<th>{html.escape(c)}</th>" for c in self.columns)
        body = "".join(
            "<tr>"
            + "".join(f"<td>{html.escape(str(r.get(c, '')))}</td>" for c in self.columns)
            + "</tr>"
            for r in self.rows
        )
        title = f"<caption>{html.escape(self.title)}</caption>" if self.title else ""
        return f'<table style="font-size:90%">{title}<tr>{cells}</tr>{body}</table>'


#: What the two NKAO outlines are, as tables and map legends name them (neither is the
#: real border). The upper one is too big, yet not a strict upper bound.
NKAO_BOUNDS = {
    "lower": "lower bound of an approximation",
    "upper": (
        "upper approximation (not a strict upper bound: it leaves out the part of the "
        "former Mardakert district now in Aghdam district)"
    ),
}


def _unit_names(codes: str) -> str:
    """``"AZE-1739 AZE-4838"`` as district names, both names where contested."""
    units = {p["adm1_code"]: p for p in shapes("karabakh_districts").props}
    names = []
    for code in codes.split():
        unit = units.get(code)
        if unit is None:
            names.append(code)
            continue
        en, hy, town = unit["name_en"], unit.get("name_hy", ""), ""
        if en.endswith(" (town)"):
            en, town = en.removesuffix(" (town)"), " (town)"
        names.append((f"{en}/{hy}" if hy and hy != en else en) + town)
    return ", ".join(names)


def table(name: str, columns: list[str] | None = None, **where: str) -> Table:
    """A table under data/tables/ (or a layer's properties), filtered, sources as outlets.

    >>> from parisbaku import geodata
    >>> shown = geodata.table("nc_referendums", ["referendum_date", "value", "sources"],
    ...                       area="nc", measure="turnout_pct")
    >>> len(shown.rows)
    6
    """
    if name in _TABLES:
        rows = [dict(r) for r in load_csv(_TABLES[name])]
    elif name in LAYERS:
        rows = [dict(p) for p in shapes(name).props]
    else:
        raise InputError(f"No table {name!r}: use one of {', '.join([*_TABLES, *LAYERS])}.")
    all_columns = list(rows[0]) if rows else []
    unknown = sorted((set(where) | set(columns or [])) - set(all_columns))
    if unknown:
        raise InputError(f"Table {name!r} has no column {unknown}; its columns: {all_columns}.")
    rows = [r for r in rows if all(str(r[k]) == str(v) for k, v in where.items())]
    for r in rows:
        if name == "nkao_approx":  # what a student reads: district names and what a bound is
            r["units"] = _unit_names(r["units"])
            r["bound"] = NKAO_BOUNDS.get(r["bound"], r["bound"])
        if "sources" in r:
            r["sources"] = "; ".join(dict.fromkeys(s.label() for s in parse_sources(r["sources"])))
    shown = columns or [c for c in all_columns if c not in where]
    filters = ", ".join(f"{k} = {v}" for k, v in where.items())
    return Table(shown, rows, f"{name}" + (f" ({filters})" if filters else ""))
