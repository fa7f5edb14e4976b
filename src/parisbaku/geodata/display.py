"""The map tables and layer properties as a student reads them: filtered, sources as outlets.

:func:`table` gives a small :class:`Table` (HTML in a notebook, Markdown as text,
no pandas); :func:`frame` the same rows as a pandas DataFrame.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import pages
from ..data import InputError, load_csv
from .layers import LAYERS, shapes
from .loading import source_labels

if TYPE_CHECKING:  # pragma: no cover
    import pandas

__all__ = ["NKAO_BOUNDS", "TABLES", "Table", "frame", "table"]

#: The tables a student can ask for by name, and their files under data/.
TABLES = {
    "karabakh_control": "tables/karabakh_control.csv",
    "karabakh_periods": "tables/karabakh_periods.csv",
    "nc_referendums": "tables/nc_referendums.csv",
    "nc_population": "tables/nc_population.csv",
    "nc_2024_unrest": "tables/nc_2024_unrest.csv",
    "map_labels": "tables/map_labels.csv",
    "map_routes": "tables/map_routes.csv",
}

#: What the two NKAO outlines are, as tables and map legends name them (neither is the
#: real border). The upper one is too big, yet not a strict upper bound.
NKAO_BOUNDS = {
    "lower": "lower bound of an approximation",
    "upper": (
        "upper approximation (not a strict upper bound: it leaves out the part of the "
        "former Mardakert district now in Aghdam district)"
    ),
}


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
        rows = [[r.get(c, "") for c in self.columns] for r in self.rows]
        return pages.macro("table", self.title, self.columns, rows,
                           template="geodata_display.html.j2")


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
    if name in TABLES:
        rows = [dict(r) for r in load_csv(TABLES[name])]
    elif name in LAYERS:
        rows = [dict(p) for p in shapes(name).props]
    else:
        raise InputError(f"No table {name!r}: use one of {', '.join([*TABLES, *LAYERS])}.")
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
            r["sources"] = source_labels(r["sources"])
    shown = columns or [c for c in all_columns if c not in where]
    filters = ", ".join(f"{k} = {v}" for k, v in where.items())
    return Table(shown, rows, f"{name}" + (f" ({filters})" if filters else ""))


def frame(name: str, **where: str) -> pandas.DataFrame:
    """A table of data/tables/ as a pandas DataFrame: the rows and columns of :func:`table`.

    >>> from parisbaku import geodata
    >>> geodata.frame("nc_referendums", area="nc", measure="turnout_pct",
    ...               result_kind="proclaimed")[["referendum_date", "value"]]
      referendum_date  value
    0      2018-11-04  81.01
    1      2020-10-04  85.69
    2      2021-12-12  43.87
    """
    # Lazy: pandas (about 0.3 s) is loaded only when a DataFrame is asked for.
    import pandas as pd

    if name not in TABLES:
        raise InputError(f"No table {name!r}: use one of {', '.join(TABLES)}.")
    shown = table(name, **where)
    return pd.DataFrame(shown.rows, columns=shown.columns)
