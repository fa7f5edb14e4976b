"""The sourced tables of ``data/tables/``: a whole table as a DataFrame, and the rows
and values an exercise's expected answer is computed from.

>>> from parisbaku import tables
>>> tables.value("nc_referendums", {"referendum_date": "2018-11-04", "area": "nc",
...               "result_kind": "proclaimed", "measure": "turnout_pct"}, "value")
81.01
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .data import DataError, load_csv

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["difference", "relative_change", "rows", "table", "value", "values"]


def table(name: str) -> pd.DataFrame:
    """A sourced table from data/tables/ as a pandas DataFrame (numbers as numbers)."""
    # Lazy: pandas is loaded only when a whole table is asked for, so checking an answer
    # (which reads rows as text) does not pay for it.
    import pandas as pd

    frame = pd.DataFrame(list(load_csv(f"tables/{name}.csv")))
    for column in frame.columns:
        converted = pd.to_numeric(frame[column], errors="coerce")
        if converted.notna().all():
            frame[column] = converted
    return frame


def rows(name: str, where: dict[str, Any]) -> list[dict[str, str]]:
    """Rows whose columns equal the given values (a list means any of them), in order."""

    def wanted(row: dict[str, str], key: str, value: Any) -> bool:
        accepted = value if isinstance(value, list) else [value]
        return row.get(key) in {str(v) for v in accepted}

    found = [r for r in load_csv(f"tables/{name}.csv")
             if all(wanted(r, k, v) for k, v in where.items())]
    if not found:
        raise DataError(f"data/tables/{name}.csv", f"no row matches {where}",
                        "the exercise definition names rows that the table no longer has")
    return found


def value(name: str, where: dict[str, Any], column: str) -> float:
    """The number in ``column`` of the one row that ``where`` names."""
    found = rows(name, where)
    if len(found) != 1:
        raise DataError(f"data/tables/{name}.csv", f"{len(found)} rows match {where}, not one",
                        "name the row exactly in the exercise definition")
    return float(found[0][column])


def values(name: str, where: dict[str, Any], column: str) -> list[float]:
    """The numbers in ``column`` of every row that ``where`` names, in table order."""
    return [float(r[column]) for r in rows(name, where)]


def difference(name: str, first: dict[str, Any], second: dict[str, Any], column: str) -> float:
    """``second``'s value minus ``first``'s."""
    return value(name, second, column) - value(name, first, column)


def relative_change(name: str, first: dict[str, Any], second: dict[str, Any],
                    column: str, sign: int = 1) -> float:
    """Percent change from ``first`` to ``second`` (``sign=-1``: the same, sign flipped)."""
    a = value(name, first, column)
    return sign * 100 * (value(name, second, column) - a) / a
