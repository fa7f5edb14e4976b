"""Helpers for the guided exercises (``exercises/*_guided.ipynb``).

A student who does not program finishes a guided exercise by typing values (a
column value, a projection, a list of names), never loops. Each helper here does
the looping and the drawing with the values the student typed; a value still left
as ``...`` is named, with what it may be, instead of raising an error. The maths
is the package's own (``exercises`` computes the expected answers the same way).

>>> from parisbaku import exercises, guided
>>> table = exercises.table("nc_referendums")
>>> shown = guided.rows(table, area="nc", measure=...)  # doctest: +ELLIPSIS
Fill in measure: one of 'no_pct', 'no_votes', 'registered', ...
"""

from __future__ import annotations

import warnings
from typing import Any

from .data import InputError
from .measures import degrees_path_km, mercator_path_km, path_km

__all__ = ["METHODS", "area_km2", "chart", "compare_districts", "distance_km", "route_km",
           "rows", "say", "value"]

#: How a distance can be measured: the right way, and two shortcuts that distort it.
METHODS = {
    "ellipsoid": path_km,
    "web mercator": mercator_path_km,
    "flat degrees": degrees_path_km,
}


def _blank(value: Any) -> bool:
    return value is Ellipsis


def _ask(name: str, allowed: list[str] | None = None) -> None:
    choices = f": one of {', '.join(repr(a) for a in allowed)}" if allowed else ""
    print(f"Fill in {name}{choices}. Replace the ... with it and run the cell again.")


def rows(table, **where):
    """The rows of ``table`` whose columns equal the values given (``area="nc"``).

    A value left as ``...`` is skipped, with the values that column can take."""
    shown = table
    for column, wanted in where.items():
        if column not in table.columns:
            raise InputError(f"The table has no column {column!r}; its columns are "
                             f"{', '.join(table.columns)}.")
        if _blank(wanted):
            _ask(column, sorted(str(v) for v in table[column].unique()))
            continue
        shown = shown[shown[column] == wanted]
    if shown.empty:
        print("No row matches these values: check the spelling against the table above.")
    keep = [c for c in ("referendum_date", "year", "area", "group", "result_kind", "measure",
                        "value", "approx") if c in shown.columns]
    return shown[keep]


def value(shown, **where) -> float | None:
    """The one number in ``value`` among the rows matching ``where`` (None if not exactly one)."""
    found = rows(shown, **where)
    if len(found) != 1:
        print(f"{len(found)} rows match {where}; narrow it down to one.")
        return None
    return float(found["value"].iloc[0])


def chart(table, measures: list[str], *, title: str, ylabel: str, labels: dict | None = None):
    """Bars of the proclaimed New Caledonia-wide ``measures`` per referendum, titled and labelled.

    Returns the figure, or None while a value is still ``...``."""
    import matplotlib.pyplot as plt

    blanks = [n for n, v in (("measures", measures), ("title", title), ("ylabel", ylabel))
              if _blank(v)]
    if blanks:
        _ask(" and ".join(blanks))
        return None
    chosen = table[(table.area == "nc") & (table.result_kind == "proclaimed")
                   & (table.measure.isin(measures))]
    wide = chosen.pivot(index="referendum_date", columns="measure", values="value")
    wide = wide[[m for m in measures if m in wide.columns]]
    wide.index = [d[:4] for d in wide.index]
    if labels:
        wide = wide.rename(columns=labels)
    fig, ax = plt.subplots(figsize=(7, 4))
    wide.plot.bar(ax=ax, rot=0)
    ax.set_title(title)
    ax.set_ylabel(ylabel)
    ax.set_xlabel("referendum")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncols=max(1, len(measures)),
              frameon=False)
    fig.tight_layout()
    return fig


def say(text: Any) -> None:
    """Print a text the student wrote (or say it is not written yet)."""
    print("(not written yet: replace the ... with your text)" if _blank(text) else text)


def route_km(places: list[str], method: str) -> float | None:
    """Length in km of the line through the gazetteer's places, measured by ``method``."""
    if _blank(places) or _blank(method):
        _ask("the list of place ids (in quotes, in square brackets)" if _blank(places)
             else "method", None if _blank(places) else list(METHODS))
        return None
    if method not in METHODS:
        raise InputError(f"No method {method!r}; use one of: {', '.join(METHODS)}.")
    return METHODS[method](list(places))


def distance_km(start: str, end: str, method: str) -> float | None:
    """Distance in km between two places of the gazetteer (by id, e.g. "baku")."""
    if _blank(method):
        _ask("method", list(METHODS))
        return None
    return route_km([start, end], method)


def area_km2(districts: list[str], crs: str) -> float | None:
    """Total area, in the units of ``crs`` squared divided by a million, of the named districts
    (values of the ``district`` column of the Karabakh districts layer)."""
    from . import geodata

    if _blank(districts) or _blank(crs):
        _ask("the list of district names (in quotes, in square brackets)" if _blank(districts)
             else "crs",
             None if _blank(districts) else ["EPSG:4326", "EPSG:3857", "EPSG:6933"])
        return None
    layer = geodata.layer("karabakh_districts")
    unknown = sorted(set(districts) - set(layer["district"]))
    if unknown:
        raise InputError(f"No district {unknown}; the layer has: "
                         f"{', '.join(sorted(layer['district']))}.")
    chosen = layer[layer["district"].isin(districts)].to_crs(crs)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # area in a geographic CRS: that is the point
        return float(chosen.geometry.area.sum() / 1e6)


def compare_districts(towns: list[str]):
    """For each town: the district its point falls in (point in polygon) and the district
    the gazetteer records for it. Reading down the two columns shows where they differ."""
    import pandas as pd

    from . import places

    return pd.DataFrame(
        {"town": towns,
         "polygon_says": [places.containing_district(t) for t in towns],
         "gazetteer_says": [places.place(t).district_expected for t in towns]}
    )
